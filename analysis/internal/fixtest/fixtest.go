// Package fixtest checks the fixes an analyzer offers on its analysistest
// fixtures, for the analyzers' tests: Check compares the preferred fixes
// with .golden files and proves every fix offered through FixSites safe
// (it type-checks, stays gofmt-clean, keeps every comment, clears its
// finding and adds none, so a second run offers nothing there), and the
// preferred fixes safe together; Example applies a pattern to its catalog
// example.
package fixtest

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/prodready/prodready/analysis/rules"
	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// Fixture is a set of analysistest packages with findings to fix.
type Fixture struct {
	Dir      string   // the analysistest directory
	Patterns []string // the packages under test, as analysistest takes them
	Src      string   // the directory whose subdirectories hold the packages
	Module   string   // the module path of Src; empty for the GOPATH layout
}

// GOPATH is the fixture of packages under dir/src.
func GOPATH(dir string, pkgs ...string) Fixture {
	return Fixture{Dir: dir, Patterns: pkgs, Src: filepath.Join(dir, "src")}
}

// Module is the fixture of the module at dir with path module; pkgs are
// module-relative ("./ginapp") or full import paths.
func Module(dir, module string, pkgs ...string) Fixture {
	return Fixture{Dir: dir, Patterns: pkgs, Src: dir, Module: module}
}

// Check runs a on fx. With update, it first writes FILE.go.golden, each
// file after every preferred fix in it; then it checks the diagnostics'
// SuggestedFixes against those goldens (analysistest.RunWithSuggestedFixes)
// and that each carries its site's preferred fix and nothing else (none
// when the site's fixes edit another Package), and
// applies every fix of every site alone: the edits rebuild the new file,
// which is gofmt-clean, keeps every comment and type-checks with the rest
// of the fixture, and analysing the result again no longer reports the
// finding and reports nothing new. A site naming another Package has its
// fixes applied there. Last, the preferred fixes applied together (the
// goldens) type-check and clear their findings, adding none: what
// `prodready check -fix` does. It returns the number of fixes checked.
func Check(t *testing.T, a *analysis.Analyzer, fx Fixture, update bool) int {
	t.Helper()
	n := 0
	for _, c := range CheckPatterns(t, a, fx, update) {
		n += c
	}
	return n
}

// CheckPatterns is Check returning the number of fixes checked by
// pattern ID, for analyzers that offer more than one pattern.
func CheckPatterns(t *testing.T, a *analysis.Analyzer, fx Fixture, update bool) map[string]int {
	t.Helper()
	if update {
		writeGoldens(t, analysistest.Run(t, fx.Dir, a, fx.Patterns...))
	}
	results := analysistest.RunWithSuggestedFixes(t, fx.Dir, a, fx.Patterns...)
	d := newDriver(a, fx)
	base, err := d.run(nil)
	if err != nil {
		t.Fatalf("analysing the fixture: %v", err)
	}
	passes := map[string]*analysis.Pass{} // by import path, for a site's Package
	for _, r := range results {
		passes[r.Pass.Pkg.Path()] = r.Pass
	}
	n := map[string]int{}
	preferred := map[string]int{} // findings by key, less one per preferred fix
	seen := map[string]bool{}     // a package and its test variant share files
	for _, r := range results {
		sites := sitesOf(t, r)
		for _, diag := range r.Diagnostics {
			i := slices.IndexFunc(sites, func(s patterns.Site) bool { return s.Pos == diag.Pos })
			switch {
			case i < 0 && len(diag.SuggestedFixes) > 0:
				t.Errorf("%s: a SuggestedFix on a finding without a site", r.Pass.Fset.Position(diag.Pos))
			case i >= 0 && sites[i].Package != "" && sites[i].Package != r.Pass.Pkg.Path():
				// Fixed in another package: a go/analysis driver edits
				// the files of the package it analyses only.
				if len(diag.SuggestedFixes) > 0 {
					t.Errorf("%s: a SuggestedFix on a finding fixed in %s", r.Pass.Fset.Position(diag.Pos), sites[i].Package)
				}
			case i >= 0 && (len(diag.SuggestedFixes) != 1 || diag.SuggestedFixes[0].Message != sites[i].Fixes[0].Pattern.Title):
				t.Errorf("%s: %d SuggestedFixes, want the site's preferred %q only", r.Pass.Fset.Position(diag.Pos), len(diag.SuggestedFixes), sites[i].Fixes[0].Pattern.Title)
			}
		}
		for _, s := range sites {
			at := r.Pass.Fset.Position(s.Pos).String()
			if seen[at] {
				continue
			}
			seen[at] = true
			key := keyOf(r.Pass.Fset, r.Pass.Files, s.Pos, messageAt(r, s.Pos))
			target := r.Pass
			if s.Package != "" && s.Package != r.Pass.Pkg.Path() {
				if target = passes[s.Package]; target == nil {
					t.Errorf("%s: the fixes edit %s, which the fixture does not analyse", key, s.Package)
					continue
				}
			} else {
				preferred[key]++ // only fixes of the pass's own package are SuggestedFixes
			}
			for _, fix := range s.Fixes {
				n[fix.Pattern.ID]++
				d.check(t, base, target, key, fix)
			}
		}
	}
	d.checkTogether(t, base, results, preferred)
	return n
}

// checkTogether applies the SuggestedFixes of all diagnostics at once, as
// the goldens hold them, and checks that the fixture still type-checks,
// that the findings they fix are gone and that none is new.
func (d *driver) checkTogether(t *testing.T, base map[string]int, results []*analysistest.Result, fixed map[string]int) {
	t.Helper()
	overlay, err := preferredContents(results)
	if err != nil {
		t.Errorf("applying the preferred fixes together: %v", err)
		return
	}
	if len(overlay) == 0 {
		return
	}
	after, err := d.run(overlay)
	if err != nil {
		t.Errorf("the preferred fixes together do not type-check: %v\n%s", err, joined(overlay))
		return
	}
	for k, n := range after {
		if n > base[k]-fixed[k] {
			t.Errorf("after the preferred fixes together: %s reported %d times, want at most %d\n%s", k, n, base[k]-fixed[k], joined(overlay))
		}
	}
}

func sitesOf(t *testing.T, r *analysistest.Result) []patterns.Site {
	t.Helper()
	if r.Result == nil {
		return nil
	}
	ss, ok := r.Result.(patterns.Sites)
	if !ok {
		t.Fatalf("the result of %s does not implement patterns.Sites", r.Pass.Analyzer.Name)
	}
	sites := ss.FixSites()
	for _, s := range sites {
		if !s.Pos.IsValid() || len(s.Fixes) == 0 || !slices.ContainsFunc(r.Diagnostics, func(d analysis.Diagnostic) bool { return d.Pos == s.Pos && d.Category == s.Rule }) {
			t.Errorf("%s: site %+v has no fix or no %s diagnostic", r.Pass.Fset.Position(s.Pos), s, s.Rule)
		}
	}
	return sites
}

func messageAt(r *analysistest.Result, pos token.Pos) string {
	for _, d := range r.Diagnostics {
		if d.Pos == pos {
			return d.Message
		}
	}
	return ""
}

// keyOf names a finding independently of positions, so that it can be
// found again in the fixed code: file, enclosing function, message.
func keyOf(fset *token.FileSet, files []*ast.File, pos token.Pos, msg string) string {
	fn := "-"
	for _, f := range files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
				fn = fd.Name.Name
			}
		}
	}
	return fmt.Sprintf("%s:%s: %s", filepath.Base(fset.Position(pos).Filename), fn, msg)
}

// check applies one fix alone and checks its result.
func (d *driver) check(t *testing.T, base map[string]int, pass *analysis.Pass, key string, fix patterns.Fix) {
	t.Helper()
	what := fmt.Sprintf("%s: %s", key, fix.Pattern.ID)
	res, err := rewrite.Rewrite(patterns.PassPackage(pass), fix.Apply)
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	if len(res) == 0 {
		t.Errorf("%s: changes nothing", what)
		return
	}
	overlay := map[string][]byte{}
	for _, fe := range res {
		if fe.Create {
			t.Errorf("%s: creates %s", what, fe.Filename)
			continue
		}
		orig, err := os.ReadFile(fe.Filename)
		if err != nil {
			t.Fatal(err)
		}
		got, err := rewrite.ApplyEdits(orig, fe.Edits)
		if err != nil || !bytes.Equal(got, fe.NewContent) {
			t.Errorf("%s: the edits do not rebuild the new content of %s (%v)", what, fe.Filename, err)
		}
		if !rewrite.GofmtStable(fe.NewContent) {
			t.Errorf("%s: %s is not gofmt-clean", what, fe.Filename)
		}
		if lost := rewrite.CommentsKept(orig, fe.NewContent); len(lost) > 0 {
			t.Errorf("%s: %s loses comments %q", what, fe.Filename, lost)
		}
		overlay[fe.Filename] = fe.NewContent
	}
	after, err := d.run(overlay)
	if err != nil {
		t.Errorf("%s: the result does not type-check: %v\n%s", what, err, joined(overlay))
		return
	}
	if after[key] >= base[key] {
		t.Errorf("%s: the finding is still reported\n%s", what, joined(overlay))
	}
	for k, n := range after {
		if n > base[k] {
			t.Errorf("%s: new finding %s\n%s", what, k, joined(overlay))
		}
	}
}

func joined(files map[string][]byte) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(&b, "-- %s --\n%s", filepath.Base(name), files[name])
	}
	return b.String()
}

// writeGoldens writes FILE.go.golden for every file the SuggestedFixes
// change.
func writeGoldens(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	contents, err := preferredContents(results)
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range contents {
		if err := os.WriteFile(name+".golden", src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// preferredContents applies the SuggestedFixes of every diagnostic,
// identical edits once, and returns the new contents of each file they
// change.
func preferredContents(results []*analysistest.Result) (map[string][]byte, error) {
	edits := map[string][]rewrite.TextEdit{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, sf := range d.SuggestedFixes {
				for _, e := range sf.TextEdits {
					f := r.Pass.Fset.File(e.Pos)
					te := rewrite.TextEdit{Start: f.Offset(e.Pos), End: f.Offset(e.End), New: string(e.NewText)}
					if !slices.Contains(edits[f.Name()], te) {
						edits[f.Name()] = append(edits[f.Name()], te)
					}
				}
			}
		}
	}
	out := map[string][]byte{}
	for name, es := range edits {
		slices.SortFunc(es, func(a, b rewrite.TextEdit) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
		})
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if out[name], err = rewrite.ApplyEdits(src, es); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return out, nil
}

// Example checks a pattern's catalog example: analysing Before reports
// one finding of one of the pattern's rules, whose site offers the
// pattern, and analysing the file after applying it reports nothing and
// no type error; it returns that file, for comparison with After.
func Example(t *testing.T, a *analysis.Analyzer, p *patterns.Pattern) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "src", "example", "example.go")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(p.Example.Before), 0o644); err != nil {
		t.Fatal(err)
	}
	q := &quiet{}
	results := analysistest.Run(q, dir, a, "example")
	if len(results) != 1 {
		t.Fatalf("%d results; errors %v", len(results), q.errs)
	}
	r := results[0]
	if len(r.Diagnostics) != 1 || !slices.Contains(p.Rules, r.Diagnostics[0].Category) {
		t.Fatalf("Before: diagnostics %v, want one of %v", r.Diagnostics, p.Rules)
	}
	for _, s := range sitesOf(t, r) {
		for _, f := range s.Fixes {
			if f.Pattern != p {
				continue
			}
			res, err := rewrite.Rewrite(patterns.PassPackage(r.Pass), f.Apply)
			if err != nil {
				t.Fatal(err)
			}
			contents, err := res.Contents(os.ReadFile)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, contents[file], 0o644); err != nil {
				t.Fatal(err)
			}
			q := &quiet{}
			after := analysistest.Run(q, dir, a, "example")
			if len(after) == 0 {
				t.Errorf("Before fixed: not analysed: %v", q.errs)
			}
			for _, r := range after {
				for _, err := range r.Action.Package.Errors {
					t.Errorf("Before fixed: %v", err)
				}
				for _, d := range r.Diagnostics {
					t.Errorf("Before fixed: %s still reported: %s", d.Category, d.Message)
				}
			}
			return string(contents[file])
		}
	}
	t.Fatalf("Before: %s is not offered", p.ID)
	return ""
}

// Catalog checks a pattern's registration against the rules registry:
// it is registered under its ID, and every rule it names lists it with
// its ID and title.
func Catalog(t *testing.T, p *patterns.Pattern) {
	t.Helper()
	if got, ok := patterns.Lookup(p.ID); !ok || got != p {
		t.Errorf("%s is not registered", p.ID)
	}
	if len(p.Rules) == 0 {
		t.Errorf("%s names no rule", p.ID)
	}
	for _, id := range p.Rules {
		r, ok := rules.Lookup(id)
		if !ok || !slices.Contains(r.Patterns, rules.Pattern{ID: p.ID, Title: p.Title}) {
			t.Errorf("rule %s does not list %s %q: %v", id, p.ID, p.Title, r.Patterns)
		}
	}
}

// quiet collects analysistest's complaints instead of failing: examples
// carry no // want comments.
type quiet struct{ errs []string }

func (q *quiet) Errorf(format string, args ...any) {
	q.errs = append(q.errs, fmt.Sprintf(format, args...))
}

// driver analyses a fixture's packages in process, with an overlay of new
// file contents: fixture packages are parsed and type-checked from source
// (so a fix that breaks them fails), everything else comes from export
// data, loaded once for each set of imports. It returns the findings by
// key.
type driver struct {
	fx   Fixture
	a    *analysis.Analyzer
	size types.Sizes
	dir  string                       // where packages outside the fixture load from
	exts map[string]*rewrite.Importer // by the imports they were loaded for
}

func newDriver(a *analysis.Analyzer, fx Fixture) *driver {
	d := &driver{fx: fx, a: a, size: types.SizesFor("gc", runtime.GOARCH), dir: fx.Src, exts: map[string]*rewrite.Importer{}}
	if fx.Module == "" {
		d.dir = "." // the main module sees the standard library
	}
	return d
}

// An Analysis analyses a fixture in process as Check does, for a test
// that checks an analyzer's fixes its own way.
type Analysis struct{ d *driver }

// NewAnalysis returns the Analysis of fx by a.
func NewAnalysis(a *analysis.Analyzer, fx Fixture) *Analysis {
	return &Analysis{newDriver(a, fx)}
}

// Findings analyses fx with overlay (new contents by file name): the
// fixture's packages are parsed and type-checked from source, so content
// that does not type-check is an error. It returns the findings by Key.
func (an *Analysis) Findings(overlay map[string][]byte) (map[string]int, error) {
	return an.d.run(overlay)
}

// Key names a finding independently of positions, as Findings does, so
// that it can be found again in fixed code: its file, the function
// declaration holding pos among files, and its message.
func Key(fset *token.FileSet, files []*ast.File, pos token.Pos, msg string) string {
	return keyOf(fset, files, pos, msg)
}

// dirOf returns the directory of a fixture package, or "" for a package
// outside the fixture.
func (d *driver) dirOf(path string) string {
	rel := path
	if d.fx.Module != "" {
		if path == d.fx.Module {
			return d.fx.Src
		}
		var ok bool
		if rel, ok = strings.CutPrefix(path, d.fx.Module+"/"); !ok {
			return ""
		}
	}
	dir := filepath.Join(d.fx.Src, filepath.FromSlash(rel))
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return ""
	}
	return dir
}

// importer loads every package outside the fixture that the fixture, with
// overlay, imports in one go, so that they share their dependencies: gin's
// net/http is the one the fixture's packages see, and so is the log/slog
// a fix adds.
func (d *driver) importer(overlay map[string][]byte) (*rewrite.Importer, error) {
	var ext []string
	seen := map[string]bool{}
	var walk func(path string) error
	walk = func(path string) error {
		if seen[path] {
			return nil
		}
		seen[path] = true
		dir := d.dirOf(path)
		if dir == "" {
			ext = append(ext, path)
			return nil
		}
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			return err
		}
		for _, name := range files {
			var src any // the file on disk, unless overlay has it
			if b, ok := overlay[name]; ok {
				src = b
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, spec := range f.Imports {
				if err := walk(strings.Trim(spec.Path.Value, `"`)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, pat := range d.roots() {
		if err := walk(pat); err != nil {
			return nil, err
		}
	}
	slices.Sort(ext)
	key := strings.Join(ext, " ")
	if imp, ok := d.exts[key]; ok {
		return imp, nil
	}
	imp := rewrite.NewImporter(d.dir, nil)
	if err := imp.Load(ext...); err != nil {
		return nil, fmt.Errorf("load the fixture's dependencies: %w", err)
	}
	d.exts[key] = imp
	return imp, nil
}

func (d *driver) roots() []string {
	var out []string
	for _, pat := range d.fx.Patterns {
		if rel, ok := strings.CutPrefix(pat, "./"); ok {
			pat = d.fx.Module + "/" + rel
		}
		out = append(out, pat)
	}
	return out
}

func (d *driver) run(overlay map[string][]byte) (map[string]int, error) {
	ext, err := d.importer(overlay)
	if err != nil {
		return nil, err
	}
	patterns.SetEager(false) // the findings are what counts here
	defer patterns.SetEager(true)
	fset := token.NewFileSet()
	pkgs := map[string]*packages.Package{}
	var errs []error
	var load func(path string) (*packages.Package, error)
	load = func(path string) (*packages.Package, error) {
		if p, ok := pkgs[path]; ok {
			if p == nil {
				return nil, fmt.Errorf("import cycle through %s", path)
			}
			return p, nil
		}
		pkgs[path] = nil
		dir := d.dirOf(path)
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		p := &packages.Package{ID: path, PkgPath: path, Fset: fset, TypesSizes: d.size, Imports: map[string]*packages.Package{}}
		if d.fx.Module != "" {
			p.Module = &packages.Module{Path: d.fx.Module, Dir: d.fx.Src, GoMod: filepath.Join(d.fx.Src, "go.mod"), Main: true}
		}
		for _, e := range entries {
			name := filepath.Join(dir, e.Name())
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, ok := overlay[name]
			if !ok {
				if src, err = os.ReadFile(name); err != nil {
					return nil, err
				}
			}
			f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return nil, err
			}
			p.Syntax = append(p.Syntax, f)
			p.GoFiles = append(p.GoFiles, name)
		}
		if len(p.Syntax) == 0 {
			return nil, fmt.Errorf("no Go files in %s", dir)
		}
		p.CompiledGoFiles = p.GoFiles
		p.Name = p.Syntax[0].Name.Name
		p.TypesInfo = &types.Info{
			Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
			Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
			Scopes: map[ast.Node]*types.Scope{}, Instances: map[*ast.Ident]types.Instance{}, FileVersions: map[*ast.File]string{},
		}
		conf := types.Config{
			Importer: importerFunc(func(ipath string) (*types.Package, error) {
				if d.dirOf(ipath) == "" {
					return ext.Import(ipath)
				}
				dep, err := load(ipath)
				if err != nil {
					return nil, err
				}
				p.Imports[ipath] = dep
				return dep.Types, nil
			}),
			Sizes: d.size,
			Error: func(err error) { errs = append(errs, err) },
		}
		p.Types, _ = conf.Check(path, fset, p.Syntax, p.TypesInfo)
		pkgs[path] = p
		return p, nil
	}
	var roots []*packages.Package
	for _, pat := range d.roots() {
		p, err := load(pat)
		if err != nil {
			return nil, err
		}
		roots = append(roots, p)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	g, err := checker.Analyze([]*analysis.Analyzer{d.a}, roots, nil)
	if err != nil {
		return nil, err
	}
	found := map[string]int{}
	for act := range g.All() {
		if act.Err != nil {
			return nil, act.Err
		}
		if act.Analyzer != d.a {
			continue
		}
		for _, diag := range act.Diagnostics {
			found[keyOf(fset, act.Package.Syntax, diag.Pos, diag.Message)]++
		}
	}
	return found, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
