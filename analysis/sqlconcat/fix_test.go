package sqlconcat_test

import (
	"flag"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/internal/fixtest"
	"github.com/prodready/prodready/analysis/sqlconcat"
	"github.com/prodready/prodready/patterns"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the preferred fixes")

// TestFixes checks sql/parameterize and sql/allow-list on every fixture:
// the preferred fix of each finding against the .golden files next to the
// sources, every fix alone for type-checking, gofmt, kept comments, a
// cleared finding and no new one, and the preferred fixes together.
func TestFixes(t *testing.T) {
	td := analysistest.TestData()
	for name, fx := range map[string]fixtest.Fixture{
		"nethttp": fixtest.GOPATH(td, "example.com/store", "example.com/api", "example.com/wrapper"),
		"modules": fixtest.Module(filepath.Join(td, "mod"), "example.com/app", modPackages...),
	} {
		t.Run(name, func(t *testing.T) {
			counts := fixtest.CheckPatterns(t, sqlconcat.Analyzer, fx, *update)
			for _, p := range []*patterns.Pattern{patterns.Parameterize, patterns.AllowList} {
				if counts[p.ID] == 0 {
					t.Errorf("no %s fix checked: %v", p.ID, counts)
				}
			}
		})
	}
}

// TestExample checks the catalog examples of sql/parameterize and
// sql/allow-list: the analyzer reports Before, and the pattern turns it
// into After exactly.
func TestExample(t *testing.T) {
	for _, p := range []*patterns.Pattern{patterns.Parameterize, patterns.AllowList} {
		t.Run(p.ID, func(t *testing.T) {
			if got := fixtest.Example(t, sqlconcat.Analyzer, p); got != p.Example.After {
				t.Errorf("applying %s to its Before gives\n%s\nwant After\n%s", p.ID, got, p.Example.After)
			}
		})
	}
}

// TestCatalog checks that the rules registry lists the analyzer's
// patterns under their registered IDs and titles.
func TestCatalog(t *testing.T) {
	for _, p := range []*patterns.Pattern{patterns.Parameterize, patterns.AllowList} {
		fixtest.Catalog(t, p)
	}
}
