package scope_test

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
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
	"golang.org/x/tools/txtar"

	"github.com/prodready/prodready/analysis/scope"
	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

var update = flag.Bool("update", false, "rewrite the alternatives' golden files")

type fixture struct {
	name string // golden file testdata/fixes/<name>.txtar
	dir  string // analysistest directory
	pkgs []string
}

// testFixes runs the analyzer on a fixture and checks every fix: the
// preferred fix against the .golden files next to the sources (what go vet
// -fix and golangci-lint --fix apply), and every alternative offered
// through FixSites, one at a time and all of one pattern together, for
// type-checking, gofmt, kept comments, and that re-analysing the result
// clears exactly the fixed findings. The files after all fixes of one
// pattern are the sections of testdata/fixes/<name>.txtar.
func testFixes(t *testing.T, fx fixture) {
	var results []*analysistest.Result
	if *update {
		results = analysistest.Run(t, fx.dir, scope.Analyzer, fx.pkgs...)
		writeGoldens(t, results)
	} else {
		results = analysistest.RunWithSuggestedFixes(t, fx.dir, scope.Analyzer, fx.pkgs...)
	}
	archive := &txtar.Archive{Comment: []byte("Every fix of unscoped-query, per file: the file after applying all fixes of one pattern.\n")}
	applied := map[string]int{}
	type round struct {
		contents map[string][]byte
		fixed    []*fixedSite
	}
	rounds := map[string]*round{}
	for _, r := range results {
		pkg := patterns.PassPackage(r.Pass)
		imp := memImporter(r.Pass.Pkg)
		sites := r.Result.(*scope.Result).FixSites()
		byPattern := map[string][]patterns.Fix{}
		for _, s := range sites {
			if s.Rule != scope.Rule || !s.Pos.IsValid() || len(s.Fixes) == 0 {
				t.Errorf("bad site %+v", s)
			}
			if !slices.ContainsFunc(r.Diagnostics, func(d analysis.Diagnostic) bool {
				return d.Pos == s.Pos && len(d.SuggestedFixes) == 1 && d.SuggestedFixes[0].Message == s.Fixes[0].Pattern.Title
			}) {
				t.Errorf("%s: no diagnostic with the site's preferred fix as its one SuggestedFix", r.Pass.Fset.Position(s.Pos))
			}
			for i, f := range s.Fixes {
				name := fmt.Sprintf("%s at %s (%s)", f.Pattern.ID, r.Pass.Fset.Position(s.Pos), ordinal(i))
				checkFix(t, name, pkg, imp, f.Apply)
				byPattern[f.Pattern.ID] = append(byPattern[f.Pattern.ID], f)
				applied[f.Pattern.ID]++
				rd := rounds[f.Pattern.ID]
				if rd == nil {
					rd = &round{contents: map[string][]byte{}}
					rounds[f.Pattern.ID] = rd
				}
				rd.fixed = append(rd.fixed, &fixedSite{r, s})
			}
		}
		for _, d := range r.Diagnostics {
			if !slices.ContainsFunc(sites, func(s patterns.Site) bool { return s.Pos == d.Pos }) && len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: a SuggestedFix on a finding without a site", r.Pass.Fset.Position(d.Pos))
			}
		}
		for _, id := range slices.Sorted(maps.Keys(byPattern)) {
			fixes := byPattern[id]
			all := func(e *rewrite.Editor) error {
				for _, f := range fixes {
					if err := f.Apply(e); err != nil {
						return err
					}
				}
				return nil
			}
			contents := checkFix(t, fmt.Sprintf("all %s in %s", id, r.Pass.Pkg.Path()), pkg, imp, all)
			for _, file := range slices.Sorted(maps.Keys(contents)) {
				rel, _ := filepath.Rel(fx.dir, file)
				archive.Files = append(archive.Files, txtar.File{
					Name: fmt.Sprintf("%s: %s", fixes[0].Pattern.Title, filepath.ToSlash(rel)),
					Data: contents[file],
				})
				rounds[id].contents[file] = contents[file]
			}
		}
	}
	if applied[patterns.ScopeQuery.ID] == 0 || applied[patterns.OwnershipCheck.ID] == 0 {
		t.Errorf("fixes applied per pattern: %v; want both patterns exercised", applied)
	}
	for _, id := range slices.Sorted(maps.Keys(rounds)) {
		reanalyse(t, fx, results, rounds[id].contents, rounds[id].fixed, id)
	}
	golden := filepath.Join("testdata", "fixes", fx.name+".txtar")
	got := txtar.Format(archive)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; run go test -run %s -update and review the diff:\n%s", golden, t.Name(), lineDiff(want, got))
	}
}

type fixedSite struct {
	r    *analysistest.Result
	site patterns.Site
}

// writeGoldens writes the .golden files of RunWithSuggestedFixes: each
// file after the preferred fix of every finding in it.
func writeGoldens(t *testing.T, results []*analysistest.Result) {
	for _, r := range results {
		var fixes []patterns.Fix
		for _, s := range r.Result.(*scope.Result).FixSites() {
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

func ordinal(i int) string {
	if i == 0 {
		return "preferred"
	}
	return fmt.Sprintf("alternative %d", i)
}

// checkFix applies one transformation and checks its result: it changes
// something, is gofmt-clean, keeps every comment, and type-checks.
func checkFix(t *testing.T, name string, pkg *rewrite.Package, imp types.Importer, apply patterns.Transform) map[string][]byte {
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
	if err := rewrite.TypeCheck(files, pkg.Types.Path(), imp); err != nil {
		t.Errorf("%s: result does not type-check: %v\n%s", name, err, joinContents(contents))
	}
	return contents
}

func joinContents(m map[string][]byte) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(&b, "-- %s --\n%s", k, m[k])
	}
	return b.String()
}

// memImporter imports the dependencies the analysed package was checked
// against.
func memImporter(pkg *types.Package) types.Importer {
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
	return importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		if p := all[path]; p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("%s is not a dependency of %s", path, pkg.Path())
	})
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// reanalyse runs the analyzer on a copy of the fixture with contents
// written in, and checks that the findings are those of before, less the
// fixed ones: they are gone, nothing new appears, and so applying again
// offers nothing there.
func reanalyse(t *testing.T, fx fixture, before []*analysistest.Result, contents map[string][]byte, fixed []*fixedSite, id string) {
	t.Helper()
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(fx.dir)); err != nil {
		t.Fatal(err)
	}
	for fn, src := range contents {
		rel, err := filepath.Rel(fx.dir, fn)
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
			want[findingKey(r, d.Pos, d.Message)]++
		}
	}
	for _, f := range fixed {
		for _, d := range f.r.Diagnostics {
			if d.Pos == f.site.Pos {
				want[findingKey(f.r, d.Pos, d.Message)]--
			}
		}
	}
	rec := &recorder{}
	after := analysistest.Run(rec, tmp, scope.Analyzer, fx.pkgs...)
	for _, e := range rec.errs {
		if !strings.Contains(e, "no diagnostic was reported matching") {
			t.Errorf("after all %s: %s", id, e)
		}
	}
	got := map[string]int{}
	for _, r := range after {
		for _, d := range r.Diagnostics {
			got[findingKey(r, d.Pos, d.Message)]++
		}
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("after all %s: finding %s reported %d times, want %d", id, k, got[k], n)
		}
	}
	for k, n := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("after all %s: new finding %s (%d)", id, k, n)
		}
	}
}

// findingKey names a finding by its enclosing function and message, which
// a fix elsewhere does not change.
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
	return "?: " + msg
}

type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// lineDiff shows the first differing lines of two texts.
func lineDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return ""
}
