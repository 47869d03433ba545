// Command prodready finds the production concerns Go HTTP handlers are
// missing and fixes them by applying named patterns: a CI linter
// (check), a route report (routes), the pattern catalog (patterns) and a
// language server (serve).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/prodready/prodready/analysis/cli"
	"github.com/prodready/prodready/lsp"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		os.Exit(serve(os.Args[2:]))
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}

// serve runs the language server on stdin/stdout. stdout is the protocol:
// logs go to stderr or -logfile.
func serve(args []string) int {
	fs := flag.NewFlagSet("prodready serve", flag.ContinueOnError)
	logfile := fs.String("logfile", "", "write logs to this file instead of stderr")
	verbose := fs.Bool("v", false, "log at debug level")
	fs.Bool("stdio", true, "use stdin/stdout (the only transport; accepted for editor clients)")
	if err := fs.Parse(args); err != nil {
		return cli.ExitError
	}
	logger, err := newLogger(*logfile, *verbose)
	if err != nil {
		fmt.Fprintln(os.Stderr, "prodready serve:", err)
		return cli.ExitError
	}
	defer func() { _ = logger.Sync() }() // nothing to do if the log cannot be flushed
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	lsp.TuneGC()
	if err := lsp.Serve(ctx, lsp.Stdio(), lsp.Options{Logger: logger}); err != nil {
		logger.Error("server stopped", zap.Error(err))
		return 1
	}
	return 0
}

func newLogger(file string, verbose bool) (*zap.Logger, error) {
	cfg := zap.NewProductionConfig()
	cfg.Encoding = "console"
	cfg.EncoderConfig.EncodeTime = zapcore.ISO8601TimeEncoder
	cfg.DisableStacktrace = true
	cfg.OutputPaths = []string{"stderr"}
	cfg.ErrorOutputPaths = []string{"stderr"}
	if file != "" {
		cfg.OutputPaths = []string{file}
		cfg.ErrorOutputPaths = []string{file}
	}
	if verbose {
		cfg.Level = zap.NewAtomicLevelAt(zap.DebugLevel)
	}
	return cfg.Build()
}
