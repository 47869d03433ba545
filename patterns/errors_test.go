package patterns_test

import (
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/errhandling"
	"github.com/prodready/prodready/analysis/rules"
	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

var errorPatterns = []*patterns.Pattern{patterns.CheckAndRespond, patterns.AddReturn, patterns.GenericMessage}

// TestErrorsExamples checks the catalog examples of the error-handling
// patterns: the analyzer has one finding in Before, offers the pattern
// there, and applying it gives After exactly, which type-checks.
func TestErrorsExamples(t *testing.T) {
	for _, p := range errorPatterns {
		t.Run(p.ID, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "src", "example.com", "tasks", "tasks.go")
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(p.Example.Before), 0o644); err != nil {
				t.Fatal(err)
			}
			rec := &recorder{}
			results := analysistest.Run(rec, dir, errhandling.Analyzer, "example.com/tasks")
			if len(results) != 1 {
				t.Fatalf("%d results; errors %v", len(results), rec.errs)
			}
			r := results[0]
			if len(r.Diagnostics) != 1 || r.Diagnostics[0].Category != p.Rules[0] {
				t.Fatalf("Before: diagnostics %v, want one %s", r.Diagnostics, p.Rules[0])
			}
			sites := r.Result.(*errhandling.Result).FixSites()
			if len(sites) != 1 || len(sites[0].Fixes) != 1 || sites[0].Fixes[0].Pattern != p {
				t.Fatalf("Before: sites %+v, want one offering %s", sites, p.ID)
			}
			res, err := rewrite.Rewrite(patterns.PassPackage(r.Pass), sites[0].Fixes[0].Apply)
			if err != nil {
				t.Fatal(err)
			}
			contents, err := res.Contents(os.ReadFile)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(contents[file]); got != p.Example.After {
				t.Errorf("applying %s to its Before gives\n%s\nwant After\n%s", p.ID, got, p.Example.After)
			}
			imports := importerFunc(func(path string) (*types.Package, error) {
				for _, dep := range r.Pass.Pkg.Imports() {
					if dep.Path() == path {
						return dep, nil
					}
				}
				return nil, fmt.Errorf("After imports %s, which Before does not", path)
			})
			if err := rewrite.TypeCheck(map[string][]byte{file: contents[file]}, "example.com/tasks", imports); err != nil {
				t.Errorf("After does not type-check: %v", err)
			}
		})
	}
}

// TestErrorsCatalog checks the entries' wiring: registered, answering the
// rule whose registry entry names them with the same title.
func TestErrorsCatalog(t *testing.T) {
	for _, p := range errorPatterns {
		if got, ok := patterns.Lookup(p.ID); !ok || got != p {
			t.Errorf("%s is not registered", p.ID)
		}
		if p.Concern != "error handling" || len(p.Rules) != 1 || len(p.Params) == 0 {
			t.Errorf("%s: concern %q, rules %v, %d params", p.ID, p.Concern, p.Rules, len(p.Params))
			continue
		}
		r, ok := rules.Lookup(p.Rules[0])
		if pref, _ := r.Preferred(); !ok || pref.ID != p.ID || pref.Title != p.Title {
			t.Errorf("%s: the registry's preferred pattern of %s is %+v, want ID and title %q", p.ID, p.Rules[0], pref, p.Title)
		}
		if !rewrite.GofmtStable([]byte(p.Example.Before)) || !rewrite.GofmtStable([]byte(p.Example.After)) {
			t.Errorf("%s: the example is not gofmt-clean", p.ID)
		}
	}
	fixes := []patterns.Fix{patterns.CheckAndRespondParams{}.Fix(), patterns.AddReturnParams{}.Fix(), patterns.GenericMessageParams{}.Fix()}
	for i, f := range fixes {
		if f.Pattern != errorPatterns[i] || f.Apply == nil {
			t.Errorf("Fix() of %s does not instantiate it", errorPatterns[i].ID)
		}
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
