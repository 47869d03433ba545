package cli

import (
	"context"
	"fmt"
	"go/token"
	"io"
	"os"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/prodready/prodready/analysis/authn"
	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/analysis/httpmodel"
	"github.com/prodready/prodready/analysis/report"
	"github.com/prodready/prodready/analysis/rules"
	"github.com/prodready/prodready/analysis/suppress"
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
	checked := func(rule string) bool {
		return cfg.Enabled(rule) && (len(wanted) == 0 || wanted[rule])
	}
	fset := prog.Fset
	var findings []item
	indexes := map[*packages.Package]*suppress.Index{}
	index := func(pkg *packages.Package) *suppress.Index {
		if ix, ok := indexes[pkg]; ok {
			return ix
		}
		ix := suppress.Parse(fset, pkg.Syntax)
		indexes[pkg] = ix
		return ix
	}
	allRoutes, _ := merged(prog, res)
	routesOf := newRouteIndex(allRoutes)
	seen := map[string]bool{}
	for _, d := range res.Diagnostics() {
		rule := d.Category
		if !checked(rule) {
			continue
		}
		diag := relocate(d.Diagnostic)
		pos := fset.Position(diag.Pos)
		if cfg.ExcludedFile(pos.Filename) {
			continue
		}
		// Suppressions are honoured at the reported position and, for
		// relocated findings, at the original one.
		if index(d.Package).Suppressed(fset.Position(d.Pos), rule) || suppressedAnywhere(prog, index, pos, rule) {
			continue
		}
		f := toFinding(fset, opts.Dir, cfg, rule, diag)
		f.Route = routesOf.enclosing(prog, diag.Pos)
		key := fmt.Sprintf("%s|%s|%d|%d|%s", f.Rule, f.File, f.Line, f.Column, f.Message)
		if seen[key] {
			continue
		}
		seen[key] = true
		it := item{Finding: f}
		if len(d.SuggestedFixes) > 0 {
			it.fix = &d.SuggestedFixes[0]
		} else {
			it.fix = fixElsewhere(prog, res, d)
		}
		findings = append(findings, it)
	}
	if checked(rules.InvalidSuppression) {
		for _, pkg := range prog.Packages() {
			for _, p := range index(pkg).Problems(checked) {
				if cfg.ExcludedFile(p.Position.Filename) {
					continue
				}
				findings = append(findings, item{Finding: report.Finding{
					Rule: p.Rule, Severity: string(cfg.Severity(p.Rule)),
					File: relPath(opts.Dir, p.Position.Filename), Line: p.Position.Line, Column: p.Position.Column,
					EndLine: p.Position.Line, EndColumn: p.Position.Column,
					Message: p.Message, Fixes: []report.Fix{},
				}})
			}
		}
	}
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := findings[i], findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return &checkRun{prog: prog, items: findings}, nil
}

// fixElsewhere computes the preferred fix of a finding whose site names
// another package, which its analyzer could not attach: a go/analysis pass
// edits its own package only, and a gin router that a route function of
// another package builds gets its limiter there.
func fixElsewhere(prog *driver.Program, res *driver.Result, d driver.Diagnostic) *analysis.SuggestedFix {
	r, _ := res.ResultOf(d.Analyzer, d.Package.PkgPath)
	ss, ok := r.(patterns.Sites)
	if !ok {
		return nil
	}
	for _, s := range ss.FixSites() {
		if s.Pos != d.Pos || s.Rule != d.Category || s.Package == "" || s.Package == d.Package.PkgPath {
			continue
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
	}
	return nil
}

// suppressedAnywhere checks the suppression index of the package that holds
// pos, for findings moved into another package (missing-auth at the handler).
func suppressedAnywhere(prog *driver.Program, index func(*packages.Package) *suppress.Index, pos token.Position, rule string) bool {
	for _, pkg := range prog.Packages() {
		for _, f := range pkg.CompiledGoFiles {
			if f == pos.Filename {
				return index(pkg).Suppressed(pos, rule)
			}
		}
	}
	return false
}

// relocate moves a route-level finding to where the developer is looking:
// a missing-auth finding from the registration to the handler's
// declaration, a router finding from the call that built the router to its
// creation. A per-package driver cannot; this one sees the whole program.
func relocate(d analysis.Diagnostic) analysis.Diagnostic {
	for i, rel := range d.Related {
		if rel.Message != authn.HandlerMessage && rel.Message != httpmodel.RouterMessage {
			continue
		}
		rest := append(append([]analysis.RelatedInformation(nil), d.Related[:i]...), d.Related[i+1:]...)
		// The finding sat at the registration, or at the call that mounted
		// routes registered in another package (which rest then names).
		msg := "route registered here"
		if rel.Message == httpmodel.RouterMessage {
			msg = "router built and served here"
		}
		for _, r := range rest {
			if r.Message == msg {
				msg = "routes mounted here"
			}
		}
		moved := d
		moved.Pos, moved.End = rel.Pos, rel.End
		moved.Related = append([]analysis.RelatedInformation{{Pos: d.Pos, End: d.End, Message: msg}}, rest...)
		return moved
	}
	return d
}

func toFinding(fset *token.FileSet, dir string, cfg *config.Config, rule string, d analysis.Diagnostic) report.Finding {
	start := fset.Position(d.Pos)
	end := start
	if d.End.IsValid() {
		end = fset.Position(d.End)
	}
	f := report.Finding{
		Rule: rule, Severity: string(cfg.Severity(rule)),
		File: relPath(dir, start.Filename), Line: start.Line, Column: start.Column,
		EndLine: end.Line, EndColumn: end.Column,
		Message: d.Message, Fixes: []report.Fix{},
	}
	if r, ok := rules.Lookup(rule); ok {
		for _, p := range r.Patterns {
			f.Fixes = append(f.Fixes, report.Fix{Pattern: p.ID, Title: p.Title})
		}
	}
	for _, rel := range d.Related {
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
