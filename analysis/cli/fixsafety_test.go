package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// TestFixSafety is the property every pattern promises, checked for every
// fix offered on every fixture module (the preferred one and the
// alternatives): the result type-checks, is gofmt-stable, keeps every
// comment, clears the finding it targeted and adds no other finding — so a
// second run offers nothing more there.
func TestFixSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every fixture once per fix")
	}
	patterns.SetEager(false) // alternatives come from FixSites; no need to precompute
	defer patterns.SetEager(true)
	root := repoRoot(t)
	total := 0
	for _, dir := range []string{"example", "frameworks/nethttp", "frameworks/chi", "frameworks/gorillamux", "frameworks/gin", "frameworks/echo"} {
		t.Run(dir, func(t *testing.T) {
			mod := filepath.Join(root, "testdata", dir)
			prog, res, err := load(context.Background(), mod, nil, Analyzers)
			if err != nil {
				t.Fatal(err)
			}
			before := ruleCounts(res)
			for _, s := range sitesOf(prog, res) {
				for _, fix := range s.site.Fixes {
					name := fmt.Sprintf("%s@%s/%s", fix.Pattern.ID, filepath.Base(prog.Fset.Position(s.site.Pos).Filename), fmt.Sprint(prog.Fset.Position(s.site.Pos).Line))
					t.Run(name, func(t *testing.T) {
						total++
						checkFix(t, mod, prog, s, fix, before)
					})
				}
			}
		})
	}
	t.Logf("checked %d fixes", total)
}

type siteIn struct {
	site patterns.Site
	pkg  *packages.Package
}

func sitesOf(prog *driver.Program, res *driver.Result) []siteIn {
	var out []siteIn
	for _, pkg := range prog.Packages() {
		for _, a := range Analyzers {
			v, ok := res.ResultOf(a, pkg.PkgPath)
			if !ok {
				continue
			}
			if ss, ok := v.(patterns.Sites); ok {
				for _, s := range ss.FixSites() {
					target := pkg
					if s.Package != "" && s.Package != pkg.PkgPath {
						target = packageByPath(prog, s.Package)
					}
					if target != nil {
						out = append(out, siteIn{site: s, pkg: target})
					}
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].site.Pos < out[j].site.Pos })
	return out
}

func packageByPath(prog *driver.Program, path string) *packages.Package {
	for _, p := range prog.SourcePackages() {
		if p.PkgPath == path {
			return p
		}
	}
	return nil
}

func ruleCounts(res *driver.Result) map[string]int {
	counts := map[string]int{}
	for _, d := range res.Diagnostics() {
		counts[d.Category]++
	}
	return counts
}

func checkFix(t *testing.T, mod string, prog *driver.Program, s siteIn, fix patterns.Fix, before map[string]int) {
	pkg := &rewrite.Package{Fset: prog.Fset, Files: s.pkg.Syntax, Types: s.pkg.Types, Info: s.pkg.TypesInfo, ReadFile: os.ReadFile}
	result, err := rewrite.Rewrite(pkg, fix.Apply)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if len(result) == 0 {
		t.Fatal("the fix changes nothing")
	}
	overlay, err := result.Contents(os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, fe := range result {
		next := overlay[fe.Filename]
		if !rewrite.GofmtStable(next) {
			t.Errorf("%s is not gofmt-stable after the fix", fe.Filename)
		}
		if fe.Create {
			continue
		}
		old, err := os.ReadFile(fe.Filename)
		if err != nil {
			t.Fatal(err)
		}
		if lost := rewrite.CommentsKept(old, next); len(lost) > 0 {
			t.Errorf("%s lost comments: %q", fe.Filename, lost)
		}
	}
	if err := rewrite.TypeCheckPackages(mod, overlay, "./..."); err != nil {
		t.Fatalf("the fixed module does not type-check: %v", err)
	}
	after, err := driver.Load(context.Background(), driver.LoadConfig{Dir: mod, Overlay: overlay})
	if err != nil {
		t.Fatal(err)
	}
	if errs := after.Errors(); len(errs) > 0 {
		t.Fatalf("the fixed module has errors: %v", errs[0])
	}
	res2, err := after.Run(Analyzers)
	if err != nil {
		t.Fatal(err)
	}
	counts := ruleCounts(res2)
	if counts[s.site.Rule] >= before[s.site.Rule] {
		t.Errorf("%s findings: %d before, %d after; the fix did not clear its finding", s.site.Rule, before[s.site.Rule], counts[s.site.Rule])
	}
	for rule, n := range counts {
		if n > before[rule] {
			t.Errorf("the fix added a %s finding (%d before, %d after)", rule, before[rule], n)
		}
	}
}
