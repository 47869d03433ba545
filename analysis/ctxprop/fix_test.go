package ctxprop_test

import (
	"flag"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/ctxprop"
	"github.com/prodready/prodready/analysis/internal/fixtest"
	"github.com/prodready/prodready/patterns"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the preferred fixes")

// TestFixes checks context/propagate on every fixture: the preferred fix
// of each finding against the .golden files next to the sources, every
// fix alone for type-checking, gofmt, kept comments, a cleared finding
// and no new one, and the preferred fixes together.
func TestFixes(t *testing.T) {
	td := analysistest.TestData()
	for name, fx := range map[string]fixtest.Fixture{
		"nethttp": fixtest.GOPATH(td, "store", "api", "cli"),
		"modules": fixtest.Module(filepath.Join(td, "mod"), "example.com/app", modPackages...),
	} {
		t.Run(name, func(t *testing.T) {
			if n := fixtest.CheckPatterns(t, ctxprop.Analyzer, fx, *update)[patterns.Propagate.ID]; n == 0 {
				t.Error("no context/propagate fix checked")
			} else {
				t.Logf("%d fixes checked", n)
			}
		})
	}
}

// TestExample checks the catalog example of context/propagate: the
// analyzer reports Before, and the pattern turns it into After exactly.
func TestExample(t *testing.T) {
	p := patterns.Propagate
	if got := fixtest.Example(t, ctxprop.Analyzer, p); got != p.Example.After {
		t.Errorf("applying %s to its Before gives\n%s\nwant After\n%s", p.ID, got, p.Example.After)
	}
}

// TestCatalog checks that the rules registry lists the analyzer's
// patterns under their registered IDs and titles.
func TestCatalog(t *testing.T) {
	for _, p := range []*patterns.Pattern{patterns.Propagate} {
		fixtest.Catalog(t, p)
	}
}
