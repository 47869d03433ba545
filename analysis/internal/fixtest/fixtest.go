// Package fixtest checks an analyzer's fixes on its analysistest fixtures.
// Run applies every fix a result offers through patterns.Sites, one at a
// time, all fixes of one pattern together, and the preferred fix of every
// finding together, and requires each to change something, stay
// gofmt-clean, keep every comment and type-check; with every preferred fix
// applied the fixture is analysed again (not with -short) and must have
// lost exactly the fixed findings — so a second run offers nothing there. The
// preferred fixes, attached as SuggestedFixes, are compared with
// FILE.go.golden txtar archives by analysistest.RunWithSuggestedFixes: one
// section per fix title, the file after all fixes with that title.
package fixtest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/txtar"

	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// Fixture is a set of analysistest packages whose findings have fixes.
type Fixture struct {
	Dir  string   // the analysistest directory (GOPATH layout or a module)
	Pkgs []string // the packages, as analysistest.Run takes them
}

// Run checks the fixes of a on fx and returns how many fixes of each
// pattern it applied. With update set it rewrites the .golden files
// instead of comparing them.
func Run(t *testing.T, a *analysis.Analyzer, fx Fixture, update bool) map[string]int {
	t.Helper()
	var results []*analysistest.Result
	if update {
		results = analysistest.Run(t, fx.Dir, a, fx.Pkgs...)
	} else {
		results = analysistest.RunWithSuggestedFixes(t, fx.Dir, a, fx.Pkgs...)
	}
	applied := map[string]int{}
	imp := &importers{fx: fx}
	var all round
	all.contents = map[string][]byte{}
	goldens := map[string]*txtar.Archive{}
	for _, r := range results {
		sites := checkSites(t, r)
		pkg := patterns.PassPackage(r.Pass)
		byPattern := map[*patterns.Pattern][]patterns.Fix{}
		var every []patterns.Fix
		for _, s := range sites {
			for _, f := range s.Fixes {
				check(t, fmt.Sprintf("%s at %s", f.Pattern.ID, r.Pass.Fset.Position(s.Pos)), pkg, imp, f.Apply)
				byPattern[f.Pattern] = append(byPattern[f.Pattern], f)
				applied[f.Pattern.ID]++
			}
			// Every finding is fixed with its preferred fix in the round.
			every = append(every, s.Fixes[0])
			all.fixed = append(all.fixed, fixed{r, s.Pos})
		}
		for _, p := range slices.SortedFunc(maps.Keys(byPattern), func(x, y *patterns.Pattern) int { return strings.Compare(x.ID, y.ID) }) {
			contents := check(t, fmt.Sprintf("all %s in %s", p.ID, r.Pass.Pkg.Path()), pkg, imp, applyAll(byPattern[p]))
			for _, name := range slices.Sorted(maps.Keys(contents)) {
				ar := goldens[name]
				if ar == nil {
					ar = &txtar.Archive{}
					goldens[name] = ar
				}
				ar.Files = append(ar.Files, txtar.File{Name: p.Title, Data: contents[name]})
			}
		}
		if len(every) > 0 {
			maps.Copy(all.contents, check(t, "every preferred fix in "+r.Pass.Pkg.Path(), pkg, imp, applyAll(every)))
		}
	}
	if update {
		for name, ar := range goldens {
			if err := os.WriteFile(name+".golden", txtar.Format(ar), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(all.fixed) > 0 && !testing.Short() {
		reanalyse(t, a, fx, results, &all)
	}
	return applied
}

// applyAll applies fixes one after the other in one rewrite.
func applyAll(fixes []patterns.Fix) patterns.Transform {
	return func(e *rewrite.Editor) error {
		for _, f := range fixes {
			if err := f.Apply(e); err != nil {
				return err
			}
		}
		return nil
	}
}

type fixed struct {
	r   *analysistest.Result
	pos token.Pos
}

// round is what applying the preferred fix of every finding gives.
type round struct {
	contents map[string][]byte
	fixed    []fixed
}

// checkSites returns the sites of r's result and checks that each carries
// its preferred fix as its diagnostic's one SuggestedFix, and that no
// diagnostic has a SuggestedFix without a site.
func checkSites(t *testing.T, r *analysistest.Result) []patterns.Site {
	t.Helper()
	ss, ok := r.Result.(patterns.Sites)
	if !ok {
		t.Fatalf("the result of %s is a %T, not patterns.Sites", r.Pass.Analyzer.Name, r.Result)
	}
	sites := ss.FixSites()
	for _, s := range sites {
		if !s.Pos.IsValid() || len(s.Fixes) == 0 {
			t.Errorf("bad site %+v", s)
			continue
		}
		if !slices.ContainsFunc(r.Diagnostics, func(d analysis.Diagnostic) bool {
			return d.Pos == s.Pos && d.Category == s.Rule && len(d.SuggestedFixes) == 1 && d.SuggestedFixes[0].Message == s.Fixes[0].Pattern.Title
		}) && patterns.Eager() {
			t.Errorf("%s: no %s diagnostic with the site's preferred fix as its one SuggestedFix", r.Pass.Fset.Position(s.Pos), s.Rule)
		}
	}
	for _, d := range r.Diagnostics {
		if len(d.SuggestedFixes) > 0 && !slices.ContainsFunc(sites, func(s patterns.Site) bool { return s.Pos == d.Pos }) {
			t.Errorf("%s: a SuggestedFix on a finding without a site", r.Pass.Fset.Position(d.Pos))
		}
	}
	return sites
}

// check applies one transformation and checks its result: it changes
// something, is gofmt-clean, keeps every comment and type-checks. It
// returns the changed files.
func check(t *testing.T, name string, pkg *rewrite.Package, imps *importers, apply patterns.Transform) map[string][]byte {
	t.Helper()
	res, err := rewrite.Rewrite(pkg, apply)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil
	}
	if len(res) == 0 {
		t.Errorf("%s: changes nothing", name)
		return nil
	}
	contents, err := res.Contents(os.ReadFile)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil
	}
	files := map[string][]byte{}
	for _, f := range pkg.Files {
		fn := pkg.Fset.File(f.FileStart).Name()
		src, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		files[fn] = src
	}
	for fn, src := range contents {
		if !rewrite.GofmtStable(src) {
			t.Errorf("%s: %s is not gofmt-clean", name, fn)
		}
		if lost := rewrite.CommentsKept(files[fn], src); len(lost) > 0 {
			t.Errorf("%s: %s lost comments %q", name, fn, lost)
		}
		files[fn] = src
	}
	imp, err := imps.of(pkg.Types, files)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return contents
	}
	if err := rewrite.TypeCheck(files, pkg.Types.Path(), imp); err != nil {
		var b strings.Builder
		for _, k := range slices.Sorted(maps.Keys(contents)) {
			fmt.Fprintf(&b, "-- %s --\n%s", k, contents[k])
		}
		t.Errorf("%s: the result does not type-check: %v\n%s", name, err, b.String())
	}
	return contents
}

// importers gives the type-checks of a fixture's rewritten packages their
// imports: the packages a package was checked against, or, when a fix adds
// an import beyond them, everything the files import loaded in one go, so
// that the two never mix.
type importers struct {
	fx    Fixture
	cache map[string]types.Importer
}

func (im *importers) of(pkg *types.Package, files map[string][]byte) (types.Importer, error) {
	deps := map[string]*types.Package{}
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		for _, q := range p.Imports() {
			if deps[q.Path()] == nil {
				deps[q.Path()] = q
				walk(q)
			}
		}
	}
	walk(pkg)
	var paths []string
	missing := false
	fset := token.NewFileSet()
	for name, src := range files {
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		for _, spec := range f.Imports {
			path, err := strconv.Unquote(spec.Path.Value)
			if err != nil || path == "unsafe" || slices.Contains(paths, path) {
				continue
			}
			paths = append(paths, path)
			missing = missing || deps[path] == nil
		}
	}
	if missing {
		slices.Sort(paths)
		key := strings.Join(paths, " ")
		if imp, ok := im.cache[key]; ok {
			return imp, nil
		}
		env := []string{"GOPATH=" + im.fx.Dir, "GO111MODULE=off", "GOWORK=off"}
		if _, err := os.Stat(filepath.Join(im.fx.Dir, "go.mod")); err == nil {
			env = []string{"GO111MODULE=on", "GOPROXY=off", "GOWORK=off"}
		}
		cfg := &packages.Config{
			Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps,
			Dir:  im.fx.Dir,
			Env:  append(os.Environ(), env...),
		}
		roots, err := packages.Load(cfg, paths...)
		if err != nil {
			return nil, err
		}
		deps = map[string]*types.Package{}
		packages.Visit(roots, nil, func(p *packages.Package) {
			if p.Types != nil {
				deps[p.PkgPath] = p.Types
			}
		})
		if im.cache == nil {
			im.cache = map[string]types.Importer{}
		}
		im.cache[key] = memImporter(deps)
		return im.cache[key], nil
	}
	return memImporter(deps), nil
}

func memImporter(deps map[string]*types.Package) types.Importer {
	return importer(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		if p := deps[path]; p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("%s is not imported", path)
	})
}

type importer func(string) (*types.Package, error)

func (f importer) Import(path string) (*types.Package, error) { return f(path) }

// reanalyse analyses a copy of the fixture with the round's files written
// in: the findings must be those of before less the fixed ones.
func reanalyse(t *testing.T, a *analysis.Analyzer, fx Fixture, before []*analysistest.Result, rd *round) {
	t.Helper()
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(fx.Dir)); err != nil {
		t.Fatal(err)
	}
	for fn, src := range rd.contents {
		rel, err := filepath.Rel(fx.Dir, fn)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, rel), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]int{}
	for _, r := range before {
		for _, d := range r.Diagnostics {
			want[key(r, d.Pos, d.Message)]++
		}
	}
	for _, f := range rd.fixed {
		for _, d := range f.r.Diagnostics {
			if d.Pos == f.pos {
				want[key(f.r, d.Pos, d.Message)]--
			}
		}
	}
	rec := &recorder{}
	got := map[string]int{}
	for _, r := range analysistest.Run(rec, tmp, a, fx.Pkgs...) {
		for _, d := range r.Diagnostics {
			got[key(r, d.Pos, d.Message)]++
		}
	}
	for _, e := range rec.errs {
		// The copy's // want comments no longer match what was fixed.
		if !strings.Contains(e, "no diagnostic was reported matching") && !strings.Contains(e, "unexpected diagnostic") {
			t.Errorf("after every fix: %s", e)
		}
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("after every fix: finding %s reported %d times, want %d", k, got[k], n)
		}
	}
	for k, n := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("after every fix: new finding %s (%d)", k, n)
		}
	}
}

// key names a finding by its package, its top-level function and its
// message, which a fix elsewhere does not change.
func key(r *analysistest.Result, pos token.Pos, msg string) string {
	for _, f := range r.Pass.Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
				return r.Pass.Pkg.Path() + "." + fd.Name.Name + ": " + msg
			}
		}
	}
	return r.Pass.Pkg.Path() + ": " + msg
}

type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
