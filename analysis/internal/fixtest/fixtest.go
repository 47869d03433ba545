// Package fixtest checks the fixes of an analyzer whose result implements
// patterns.Sites on its analysistest fixtures: Run compares the preferred
// fixes with the .golden files (what go vet -fix and golangci-lint --fix
// apply) and applies every fix alone to a copy of the fixture, requiring
// that the result type-checks, is gofmt-stable, keeps every comment, clears
// its finding, raises no other, and so offers nothing when run again.
package fixtest

import (
	"context"
	"fmt"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// Fixture is an analysistest directory (GOPATH layout with src/, or a
// module) and the packages to analyse in it.
type Fixture struct {
	Dir  string
	Pkgs []string
	// NoGolden: the preferred fixes of a package conflict when applied
	// together (two append the same scaffold to one file), so there are no
	// .golden files; each fix is still checked alone.
	NoGolden bool
}

// pattern is the package pattern loading the package of pass alone.
func (fx Fixture) pattern(pass *analysis.Pass) string {
	if !fx.module() || len(pass.Files) == 0 {
		return pass.Pkg.Path()
	}
	abs, _ := filepath.Abs(fx.Dir)
	rel, err := filepath.Rel(abs, filepath.Dir(pass.Fset.File(pass.Files[0].FileStart).Name()))
	if err != nil {
		return pass.Pkg.Path()
	}
	return "./" + filepath.ToSlash(rel)
}

func (fx Fixture) module() bool {
	_, err := os.Stat(filepath.Join(fx.Dir, "go.mod"))
	return err == nil
}

// Run checks the fixes of a on fx and returns how many fixes each pattern
// had. With update, it writes the .golden files instead of comparing them.
// Under -short it skips re-analysing each fix.
func Run(t *testing.T, a *analysis.Analyzer, fx Fixture, update bool) map[string]int {
	t.Helper()
	var results []*analysistest.Result
	switch {
	case fx.NoGolden:
		results = analysistest.Run(t, fx.Dir, a, fx.Pkgs...)
	case update:
		results = analysistest.Run(t, fx.Dir, a, fx.Pkgs...)
		writeGoldens(t, results)
	default:
		results = analysistest.RunWithSuggestedFixes(t, fx.Dir, a, fx.Pkgs...)
	}
	counts := map[string]int{}
	base := map[string]map[string]int{} // by package pattern
	passes := map[string]*analysis.Pass{}
	for _, r := range results {
		passes[r.Pass.Pkg.Path()] = r.Pass
	}
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Pass.Pkg.Path(), r.Err)
			continue
		}
		sites := r.Result.(patterns.Sites).FixSites()
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 1 {
				t.Errorf("%s: %d SuggestedFixes, want at most one", r.Pass.Fset.Position(d.Pos), len(d.SuggestedFixes))
			}
			if len(d.SuggestedFixes) == 1 && !slices.ContainsFunc(sites, func(s patterns.Site) bool {
				return s.Pos == d.Pos && s.Fixes[0].Pattern.Title == d.SuggestedFixes[0].Message
			}) {
				t.Errorf("%s: a SuggestedFix that is not its site's preferred fix", r.Pass.Fset.Position(d.Pos))
			}
		}
		for _, s := range sites {
			if len(s.Fixes) == 0 {
				t.Errorf("%s: a site without fixes", r.Pass.Fset.Position(s.Pos))
			}
			for i, f := range s.Fixes {
				counts[f.Pattern.ID]++
				name := fmt.Sprintf("%s@%s#%d", f.Pattern.ID, r.Pass.Fset.Position(s.Pos), i)
				target := r.Pass
				if s.Package != "" {
					if target = passes[s.Package]; target == nil {
						t.Errorf("%s: the fix edits %s, which the fixture does not analyse", name, s.Package)
						continue
					}
				}
				contents := apply(t, name, target, f)
				if contents == nil || testing.Short() {
					continue
				}
				pat := fx.pattern(r.Pass)
				if base[pat] == nil {
					base[pat] = findings(t, fx, a, nil, pat)
				}
				after := findings(t, fx, a, contents, pat)
				key := r.Pass.Pkg.Path() + ": " + message(r.Diagnostics, s.Pos)
				if after[key] >= base[pat][key] {
					t.Errorf("%s: the finding is still reported (%s)", name, key)
				}
				for k, n := range after {
					if n > base[pat][k] {
						t.Errorf("%s: new finding %s", name, k)
					}
				}
			}
		}
	}
	return counts
}

func message(diags []analysis.Diagnostic, pos token.Pos) string {
	for _, d := range diags {
		if d.Pos == pos {
			return d.Message
		}
	}
	return ""
}

// apply applies one fix to the pass's package and checks the printed
// result; it returns the new contents by file name.
func apply(t *testing.T, name string, pass *analysis.Pass, fix patterns.Fix) map[string][]byte {
	t.Helper()
	res, err := rewrite.Rewrite(patterns.PassPackage(pass), fix.Apply)
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
	for _, fe := range res {
		if fe.Create {
			t.Errorf("%s: creates %s, which no go/analysis driver can apply", name, fe.Filename)
			continue
		}
		src := contents[fe.Filename]
		if !rewrite.GofmtStable(src) {
			t.Errorf("%s: %s is not gofmt-stable", name, fe.Filename)
		}
		old, _ := os.ReadFile(fe.Filename)
		if lost := rewrite.CommentsKept(old, src); len(lost) > 0 {
			t.Errorf("%s: %s lost comments %q", name, fe.Filename, lost)
		}
	}
	return contents
}

// findings loads the fixture with contents over its files, type-checks
// the packages matching pattern (all of them in a GOPATH fixture, so that
// its packages' facts are computed from source), runs a and counts its
// diagnostics by package and message.
func findings(t *testing.T, fx Fixture, a *analysis.Analyzer, contents map[string][]byte, pattern string) map[string]int {
	t.Helper()
	abs, err := filepath.Abs(fx.Dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := driver.LoadConfig{Dir: filepath.Join(abs, "src"), Patterns: []string{"./..."}, Overlay: contents,
		Env: append(os.Environ(), "GOPATH="+abs, "GO111MODULE=off", "GOPROXY=off", "GOFLAGS=")}
	if fx.module() {
		cfg.Dir, cfg.Patterns = abs, []string{pattern}
		cfg.Env = append(os.Environ(), "GO111MODULE=on", "GOPROXY=off", "GOFLAGS=-mod=mod")
	}
	prog, err := driver.Load(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if errs := prog.Errors(); len(errs) > 0 {
		t.Fatalf("the fixed code does not type-check: %v\n%s", errs, joined(contents))
	}
	res, err := prog.Run([]*analysis.Analyzer{a})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, d := range res.Diagnostics() {
		if d.Analyzer == a {
			out[d.Package.PkgPath+": "+d.Message]++
		}
	}
	return out
}

func joined(contents map[string][]byte) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(contents)) {
		fmt.Fprintf(&b, "-- %s --\n%s", k, contents[k])
	}
	return b.String()
}

// writeGoldens writes the .golden files of RunWithSuggestedFixes: each file
// after the preferred fix of every finding in its package. Fixes that
// append the same declarations to a file append them once, as the
// three-way merge of RunWithSuggestedFixes does.
func writeGoldens(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	for _, r := range results {
		byFile := map[string][]rewrite.TextEdit{}
		for _, d := range r.Diagnostics {
			for _, sf := range d.SuggestedFixes {
				for _, te := range sf.TextEdits {
					tf := r.Pass.Fset.File(te.Pos)
					e := rewrite.TextEdit{Start: tf.Offset(te.Pos), End: tf.Offset(te.End), New: string(te.NewText)}
					if !slices.Contains(byFile[tf.Name()], e) {
						byFile[tf.Name()] = append(byFile[tf.Name()], e)
					}
				}
			}
		}
		for name, edits := range byFile {
			slices.SortStableFunc(edits, func(a, b rewrite.TextEdit) int { return a.Start - b.Start })
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			out, err := rewrite.ApplyEdits(src, edits)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if err := os.WriteFile(name+".golden", out, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Example runs a on p's Before as the one file api.go of a module, applies
// the fix of p that its one finding offers, and returns the new api.go. It
// fails the test when Before has no such finding or several.
func Example(t *testing.T, a *analysis.Analyzer, p *patterns.Pattern) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "api.go")
	if err := os.WriteFile(file, []byte(p.Example.Before), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GO111MODULE=on", "GOPROXY=off")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("Before does not type-check: %v", pkgs[0].Errors)
	}
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got string
	n := 0
	for _, act := range g.Roots {
		if act.Err != nil {
			t.Fatal(act.Err)
		}
		for _, s := range act.Result.(patterns.Sites).FixSites() {
			for _, f := range s.Fixes {
				if f.Pattern != p {
					continue
				}
				n++
				pass := &analysis.Pass{Fset: act.Package.Fset, Files: act.Package.Syntax, Pkg: act.Package.Types, TypesInfo: act.Package.TypesInfo, ReadFile: os.ReadFile}
				contents := apply(t, p.ID, pass, f)
				got = string(contents[file])
			}
		}
	}
	if n != 1 {
		t.Fatalf("Before has %d findings fixed by %s, want 1", n, p.ID)
	}
	return got
}
