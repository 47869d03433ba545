// Package fixtest checks the fixes an analyzer offers on its analysistest
// fixtures: Run compares the preferred fixes with .golden files and proves
// every fix safe — it changes something, stays gofmt-clean, keeps every
// comment, type-checks, and clears exactly its finding, so a second run
// offers nothing there.
package fixtest

import (
	"flag"
	"fmt"
	"go/ast"
	goimporter "go/importer"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the preferred fixes")

// Run analyses pkgs of the analysistest directory dir with a, whose
// result must implement patterns.Sites, and checks its fixes:
//
//   - each diagnostic carries at most one SuggestedFix, and a site's
//     diagnostic carries its preferred one; applied together, the
//     preferred fixes give the .golden files (-update writes them);
//   - every fix of every site, applied alone, changes something, is
//     gofmt-clean, keeps every comment and type-checks;
//   - all fixes of one pattern, applied together, give a fixture that
//     loads without errors and whose findings are those of before less
//     the fixed ones.
//
// It returns how many fixes each pattern had.
func Run(t *testing.T, dir string, a *analysis.Analyzer, pkgs ...string) map[string]int {
	t.Helper()
	if *update {
		writeGoldens(t, analysistest.Run(t, dir, a, pkgs...))
	}
	results := analysistest.RunWithSuggestedFixes(t, dir, a, pkgs...)
	counts := map[string]int{}
	byPattern := map[string]map[string][]byte{} // pattern → file → contents after all its fixes
	var fixed []fixedSite
	for _, r := range results {
		sites := r.Result.(patterns.Sites).FixSites()
		checkDiagnostics(t, r, sites)
		pkg := patterns.PassPackage(r.Pass)
		imp := depsImporter(r.Pass.Pkg)
		all := map[string][]patterns.Fix{}
		for _, s := range sites {
			for i, fix := range s.Fixes {
				name := fmt.Sprintf("%s at %s (fix %d)", fix.Pattern.ID, r.Pass.Fset.Position(s.Pos), i+1)
				apply(t, name, pkg, imp, fix.Apply)
				all[fix.Pattern.ID] = append(all[fix.Pattern.ID], fix)
				counts[fix.Pattern.ID]++
				fixed = append(fixed, fixedSite{r, s, fix.Pattern.ID})
			}
		}
		for _, id := range slices.Sorted(maps.Keys(all)) {
			fixes := all[id]
			contents := apply(t, "all "+id+" in "+r.Pass.Pkg.Path(), pkg, imp, func(e *rewrite.Editor) error {
				for _, f := range fixes {
					if err := f.Apply(e); err != nil {
						return err
					}
				}
				return nil
			})
			if byPattern[id] == nil {
				byPattern[id] = map[string][]byte{}
			}
			maps.Copy(byPattern[id], contents)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(byPattern)) {
		reanalyse(t, dir, a, pkgs, results, byPattern[id], fixed, id)
	}
	return counts
}

type fixedSite struct {
	r       *analysistest.Result
	site    patterns.Site
	pattern string
}

// checkDiagnostics checks one SuggestedFix at most per diagnostic, and
// that each site's diagnostic carries the site's preferred fix.
func checkDiagnostics(t *testing.T, r *analysistest.Result, sites []patterns.Site) {
	t.Helper()
	for _, d := range r.Diagnostics {
		if len(d.SuggestedFixes) > 1 {
			t.Errorf("%s: %d SuggestedFixes, want at most one", r.Pass.Fset.Position(d.Pos), len(d.SuggestedFixes))
		}
	}
	for _, s := range sites {
		if !s.Pos.IsValid() || len(s.Fixes) == 0 {
			t.Errorf("site without position or fixes: %+v", s)
			continue
		}
		if !slices.ContainsFunc(r.Diagnostics, func(d analysis.Diagnostic) bool {
			return d.Pos == s.Pos && d.Category == s.Rule && len(d.SuggestedFixes) == 1 && d.SuggestedFixes[0].Message == s.Fixes[0].Pattern.Title
		}) {
			t.Errorf("%s: no %s diagnostic carries the site's preferred fix %s", r.Pass.Fset.Position(s.Pos), s.Rule, s.Fixes[0].Pattern.ID)
		}
	}
}

// apply runs one transformation and checks its result; it returns the
// new contents of the files it changed.
func apply(t *testing.T, name string, pkg *rewrite.Package, imp types.Importer, fn patterns.Transform) map[string][]byte {
	t.Helper()
	res, err := rewrite.Rewrite(pkg, fn)
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
	if err := rewrite.TypeCheck(files, pkg.Types.Path(), imp); err != nil {
		t.Errorf("%s: the result does not type-check: %v", name, err)
	}
	return contents
}

// reanalyse runs a on a copy of dir holding contents and compares the
// findings with those before, less the sites fixed by pattern id.
func reanalyse(t *testing.T, dir string, a *analysis.Analyzer, pkgs []string, before []*analysistest.Result, contents map[string][]byte, fixed []fixedSite, id string) {
	t.Helper()
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	for fn, src := range contents {
		rel, err := filepath.Rel(dir, fn)
		if err != nil || strings.HasPrefix(rel, "..") {
			t.Fatalf("%s is outside %s", fn, dir)
		}
		if err := os.WriteFile(filepath.Join(tmp, rel), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]int{}
	for _, r := range before {
		for _, d := range r.Diagnostics {
			want[findingKey(r, d.Pos, d.Message)]++
		}
	}
	for _, f := range fixed {
		if f.pattern != id {
			continue
		}
		for _, d := range f.r.Diagnostics {
			if d.Pos == f.site.Pos {
				want[findingKey(f.r, d.Pos, d.Message)]--
			}
		}
	}
	rec := &recorder{}
	after := analysistest.Run(rec, tmp, a, pkgs...)
	for _, e := range rec.errs {
		if !strings.Contains(e, "no diagnostic was reported matching") && !strings.Contains(e, "no fact was reported matching") {
			t.Errorf("after all %s: %s", id, e)
		}
	}
	got := map[string]int{}
	for _, r := range after {
		for _, err := range r.Action.Package.Errors {
			t.Errorf("after all %s: %v", id, err)
		}
		for _, d := range r.Diagnostics {
			got[findingKey(r, d.Pos, d.Message)]++
		}
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got[k] != want[k] {
			t.Errorf("after all %s: %s reported %d times, want %d", id, k, got[k], want[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			t.Errorf("after all %s: new finding %s", id, k)
		}
	}
}

// findingKey names a finding by package, enclosing function and message,
// which fixes elsewhere in the file do not change.
func findingKey(r *analysistest.Result, pos token.Pos, msg string) string {
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

// writeGoldens writes FILE.golden for every file the preferred fixes of a
// package change, all applied together.
func writeGoldens(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	for _, r := range results {
		var fixes []patterns.Fix
		for _, s := range r.Result.(patterns.Sites).FixSites() {
			fixes = append(fixes, s.Fixes[0])
		}
		if len(fixes) == 0 {
			continue
		}
		res, err := rewrite.Rewrite(patterns.PassPackage(r.Pass), func(e *rewrite.Editor) error {
			for _, f := range fixes {
				if err := f.Apply(e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		contents, err := res.Contents(os.ReadFile)
		if err != nil {
			t.Fatal(err)
		}
		for fn, src := range contents {
			if err := os.WriteFile(fn+".golden", src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// depsImporter imports the packages pkg was type-checked against, and
// the standard library packages a fix may add.
func depsImporter(pkg *types.Package) types.Importer {
	std := goimporter.Default()
	all := map[string]*types.Package{}
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		for _, q := range p.Imports() {
			if all[q.Path()] == nil {
				all[q.Path()] = q
				walk(q)
			}
		}
	}
	walk(pkg)
	return importer(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		if p := all[path]; p != nil {
			return p, nil
		}
		if first, _, _ := strings.Cut(path, "/"); !strings.Contains(first, ".") {
			return std.Import(path)
		}
		return nil, fmt.Errorf("%s is not a dependency of %s", path, pkg.Path())
	})
}

type importer func(string) (*types.Package, error)

func (f importer) Import(path string) (*types.Package, error) { return f(path) }
