package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Version is the tool's version, set at build time with
// -ldflags "-X github.com/prodready/prodready/analysis/cli.Version=v1.2.3".
var Version = "devel"

// Exit codes of prodready check (design.md).
const (
	ExitClean    = 0
	ExitFindings = 1
	ExitError    = 2
)

const usage = `prodready finds the production concerns Go HTTP handlers are missing.

Usage:
  prodready check [-format text|json|sarif|github] [-fix] [-diff] [-config FILE] [-rules r1,r2] [packages]
  prodready routes [-format text|json] [packages]
  prodready patterns [-format text|json] [ID]
  prodready serve [-logfile FILE] [-v]
  prodready version

Packages default to ./... . Exit codes of check: 0 no findings, 1 findings, 2 error.
`

// Main runs one command and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(stderr, "prodready:", err)
		return ExitError
	}
	return mainIn(context.Background(), dir, args, stdout, stderr)
}

// mainIn runs a command as if started in dir.
func mainIn(ctx context.Context, dir string, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitError
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "check":
		return runCheck(ctx, dir, rest, stdout, stderr)
	case "routes":
		return runRoutes(ctx, dir, rest, stdout, stderr)
	case "patterns":
		fs := newFlags("patterns", stderr)
		format := fs.String("format", "text", "output format: text or json")
		if err := fs.Parse(rest); err != nil {
			return ExitError
		}
		if fs.NArg() > 1 {
			fmt.Fprintln(stderr, "prodready: patterns takes at most one pattern ID")
			return ExitError
		}
		if err := WritePatterns(stdout, *format, fs.Arg(0)); err != nil {
			fmt.Fprintln(stderr, "prodready:", err)
			return ExitError
		}
		return ExitClean
	case "version":
		fmt.Fprintln(stdout, "prodready", Version)
		return ExitClean
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return ExitClean
	}
	fmt.Fprintf(stderr, "prodready: unknown command %q\n\n%s", cmd, usage)
	return ExitError
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("prodready "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func runCheck(ctx context.Context, dir string, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	format := fs.String("format", "text", "output format: text, json, sarif or github")
	cfgPath := fs.String("config", "", "configuration file (default: .prodready.yaml found by walking up)")
	ruleList := fs.String("rules", "", "comma-separated rule IDs to check (default: all enabled)")
	fix := fs.Bool("fix", false, "apply each finding's preferred pattern and rewrite files")
	diff := fs.Bool("diff", false, "print the preferred patterns as unified diffs; change nothing")
	if err := fs.Parse(args); err != nil {
		return ExitError
	}
	opts := CheckOptions{Dir: dir, Patterns: fs.Args(), Format: *format, Config: *cfgPath, Fix: *fix, Diff: *diff, Version: Version, Out: stdout, Log: stderr}
	if *ruleList != "" {
		for _, r := range strings.Split(*ruleList, ",") {
			if r = strings.TrimSpace(r); r != "" {
				opts.Rules = append(opts.Rules, r)
			}
		}
	}
	n, err := Check(ctx, opts)
	if err != nil {
		fmt.Fprintln(stderr, "prodready:", oneLine(err))
		return ExitError
	}
	if n > 0 {
		return ExitFindings
	}
	return ExitClean
}

func runRoutes(ctx context.Context, dir string, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("routes", stderr)
	format := fs.String("format", "text", "output format: text or json")
	if err := fs.Parse(args); err != nil {
		return ExitError
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "prodready: unknown format %q (want text or json)\n", *format)
		return ExitError
	}
	table, module, err := Routes(ctx, RoutesOptions{Dir: dir, Patterns: fs.Args()})
	if err != nil {
		fmt.Fprintln(stderr, "prodready:", oneLine(err))
		return ExitError
	}
	if *format == "json" {
		err = WriteRoutesJSON(stdout, table)
	} else {
		err = WriteRoutesText(stdout, table, module)
	}
	if err != nil && !errors.Is(err, io.ErrClosedPipe) {
		fmt.Fprintln(stderr, "prodready:", err)
		return ExitError
	}
	return ExitClean
}

// oneLine keeps the first line of an error for the exit-2 reason.
func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
