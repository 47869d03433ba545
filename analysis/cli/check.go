package cli

import (
	"context"
	"fmt"
	"go/token"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/analysis/findings"
	"github.com/prodready/prodready/analysis/report"
	"github.com/prodready/prodready/analysis/rules"
	"github.com/prodready/prodready/patterns"
)

// CheckOptions are the inputs of `prodready check`.
type CheckOptions struct {
	Dir      string   // working directory; files are reported relative to it
	Patterns []string // package patterns, default ./...
	Format   string   // text, json, sarif, github
	Rules    []string // only these rules, when set
	Config   string   // explicit config file (-config)
	Fix      bool     // apply each finding's preferred pattern
	Diff     bool     // print the preferred patterns as unified diffs, change nothing
	Version  string   // tool version for SARIF
	Out      io.Writer
	Log      io.Writer // progress of -fix; nil discards it
}

// Check runs the analyzers and prints the findings. It returns the number
// of findings left (after -fix, those it could not fix); an error means the
// run itself failed (exit code 2).
func Check(ctx context.Context, opts CheckOptions) (int, error) {
	if opts.Fix && opts.Diff {
		return 0, fmt.Errorf("-fix and -diff are exclusive")
	}
	if !validFormat(opts.Format) {
		return 0, fmt.Errorf("unknown format %q (want text, json, sarif or github)", opts.Format)
	}
	run, err := collect(ctx, opts)
	if err != nil {
		return 0, err
	}
	items := run.items
	if opts.Diff {
		p, err := plan(run)
		if err != nil {
			return 0, err
		}
		return len(items), p.writeDiff(opts.Out, opts.Dir)
	}
	if opts.Fix {
		if items, err = fix(ctx, opts, run); err != nil {
			return 0, err
		}
	}
	findings := make([]report.Finding, len(items))
	for i, it := range items {
		findings[i] = it.Finding
	}
	switch opts.Format {
	case "", "text":
		err = report.Text(opts.Out, findings)
	case "json":
		err = report.JSON(opts.Out, findings)
	case "sarif":
		err = report.SARIF(opts.Out, findings, ruleInfos(), opts.Version)
	case "github":
		err = report.GitHub(opts.Out, findings)
	}
	return len(findings), err
}

// fixRounds bounds the analyses of -fix: each round applies the fixes that
// do not overlap, and the next one recomputes those that did on the new code
// (a server/timeouts rewrite of the http.ListenAndServe call that another
// fix wraps the handler of).
const fixRounds = 4

// fix applies the preferred fixes of run's findings, in rounds until none
// is left pending, and returns the findings left unfixed.
func fix(ctx context.Context, opts CheckOptions, run *checkRun) ([]item, error) {
	log := opts.Log
	if log == nil {
		log = io.Discard
	}
	for round := 1; ; round++ {
		p, err := plan(run)
		if err != nil {
			return nil, err
		}
		if err := p.apply(); err != nil {
			return nil, err
		}
		fixed := map[string]bool{}
		for _, it := range p.applied {
			fmt.Fprintf(log, "fixed %s:%d: %s (%s)\n", it.File, it.Line, it.Rule, patternOf(it))
			fixed[itemKey(it)] = true
		}
		if len(p.pending) > 0 && len(p.applied) > 0 && round < fixRounds {
			if run, err = collect(ctx, opts); err != nil {
				return nil, fmt.Errorf("analysing the fixed code: %w", err)
			}
			continue
		}
		if len(p.pending) > 0 {
			fmt.Fprintf(log, "%d fixes overlap others; run check -fix again to apply them\n", len(p.pending))
		}
		var left []item
		for _, it := range run.items {
			if !fixed[itemKey(it)] {
				left = append(left, it)
			}
		}
		return left, nil
	}
}

func validFormat(f string) bool {
	switch f {
	case "", "text", "json", "sarif", "github":
		return true
	}
	return false
}

func itemKey(it item) string {
	return fmt.Sprintf("%s|%s|%d|%d|%s", it.Rule, it.File, it.Line, it.Column, it.Message)
}

// Findings loads the packages, runs every analyzer and returns the findings
// after configuration, -rules, exclusions and suppressions are applied.
func Findings(ctx context.Context, opts CheckOptions) ([]report.Finding, error) {
	run, err := collect(ctx, opts)
	if err != nil {
		return nil, err
	}
	out := make([]report.Finding, len(run.items))
	for i, it := range run.items {
		out[i] = it.Finding
	}
	return out, nil
}

// item is a finding with the preferred fix its analyzer attached, if any.
type item struct {
	report.Finding
	fix *analysis.SuggestedFix
}

// checkRun is what one analysis of the packages found.
type checkRun struct {
	prog  *driver.Program
	items []item
}

func collect(ctx context.Context, opts CheckOptions) (*checkRun, error) {
	wanted := map[string]bool{}
	for _, r := range opts.Rules {
		if _, ok := rules.Lookup(r); !ok {
			return nil, fmt.Errorf("-rules: unknown rule %q (known: %s)", r, strings.Join(rules.IDs(), ", "))
		}
		wanted[r] = true
	}
	if opts.Config != "" {
		if _, err := config.Load(opts.Config); err != nil {
			return nil, err
		}
		config.SetOverride(opts.Config)
		defer config.SetOverride("")
	}
	cfg, err := config.ForDir(opts.Dir)
	if err != nil {
		return nil, err
	}
	prog, res, err := load(ctx, opts.Dir, opts.Patterns, Analyzers)
	if err != nil {
		return nil, err
	}
	placed := findings.Place(res, findings.Options{
		Config: func(string) *config.Config { return cfg },
		Severity: func(cfg *config.Config, rule string) rules.Severity {
			if len(wanted) > 0 && !wanted[rule] {
				return rules.SeverityOff
			}
			return cfg.Severity(rule)
		},
		Routes: true,
	})
	items := make([]item, 0, len(placed))
	sites := map[siteKey][]patterns.Site{}
	for _, f := range placed {
		var site *patterns.Site
		d := f.Diagnostic
		if d != nil {
			site = siteOf(res, sites, d)
		}
		it := item{Finding: toFinding(prog.Fset, opts.Dir, f, site)}
		if d != nil && len(d.SuggestedFixes) > 0 {
			it.fix = &d.SuggestedFixes[0]
		} else if site != nil {
			it.fix = fixElsewhere(prog, d, site)
		}
		items = append(items, it)
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return &checkRun{prog: prog, items: items}, nil
}

type siteKey struct {
	a   *analysis.Analyzer
	pkg string
}

// siteOf returns the fix site of a diagnostic, from its analyzer's result
// (sites caches each result's sites), or nil when it has no fix.
func siteOf(res *driver.Result, sites map[siteKey][]patterns.Site, d *driver.Diagnostic) *patterns.Site {
	k := siteKey{d.Analyzer, d.Package.PkgPath}
	ss, ok := sites[k]
	if !ok {
		if r, ok := res.ResultOf(d.Analyzer, d.Package.PkgPath); ok {
			if s, ok := r.(patterns.Sites); ok {
				ss = s.FixSites()
			}
		}
		sites[k] = ss
	}
	return patterns.SiteOf(ss, d.Category, d.Pos, d.End)
}

// fixElsewhere computes the preferred fix of a finding whose site names
// another package, which its analyzer could not attach: a go/analysis pass
// edits its own package only, and a gin router that a route function of
// another package builds gets its limiter there.
func fixElsewhere(prog *driver.Program, d *driver.Diagnostic, s *patterns.Site) *analysis.SuggestedFix {
	if s.Package == "" || s.Package == d.Package.PkgPath {
		return nil
	}
	for _, p := range prog.SourcePackages() {
		if p.PkgPath != s.Package {
			continue
		}
		pass := &analysis.Pass{Fset: prog.Fset, Files: p.Syntax, Pkg: p.Types, TypesInfo: p.TypesInfo, ReadFile: os.ReadFile}
		for _, f := range s.Fixes {
			if sf, err := patterns.SuggestedFix(pass, f); err == nil {
				return &sf
			}
		}
	}
	return nil
}

// toFinding converts a placed finding into the report's shape, with
// files relative to dir and the patterns of its fix site, if any, as its
// fixes.
func toFinding(fset *token.FileSet, dir string, pf findings.Finding, site *patterns.Site) report.Finding {
	start := fset.Position(pf.Pos)
	end := start
	if pf.End.IsValid() {
		end = fset.Position(pf.End)
	}
	f := report.Finding{
		Rule: pf.Rule, Severity: string(pf.Severity),
		File: relPath(dir, start.Filename), Line: start.Line, Column: start.Column,
		EndLine: end.Line, EndColumn: end.Column,
		Message: pf.Message, Route: pf.Route, Fixes: []report.Fix{},
	}
	if site != nil {
		for _, x := range site.Fixes {
			if !slices.ContainsFunc(f.Fixes, func(y report.Fix) bool { return y.Pattern == x.Pattern.ID }) {
				f.Fixes = append(f.Fixes, report.Fix{Pattern: x.Pattern.ID, Title: x.Pattern.Title})
			}
		}
	}
	for _, rel := range pf.Related {
		p := fset.Position(rel.Pos)
		e := p
		if rel.End.IsValid() {
			e = fset.Position(rel.End)
		}
		f.Related = append(f.Related, report.Related{
			File: relPath(dir, p.Filename), Line: p.Line, Column: p.Column,
			EndLine: e.Line, EndColumn: e.Column, Message: rel.Message,
		})
	}
	return f
}

func ruleInfos() []report.RuleInfo {
	var out []report.RuleInfo
	for _, r := range rules.All() {
		out = append(out, report.RuleInfo{ID: r.ID, Title: r.Title, Help: r.Help, DocURL: r.DocURL, DefaultSeverity: string(r.Severity)})
	}
	return out
}
