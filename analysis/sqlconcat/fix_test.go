package sqlconcat_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/internal/fixtest"
	"github.com/prodready/prodready/analysis/sqlconcat"
	"github.com/prodready/prodready/patterns"
)

// TestFixes checks sql/parameterize and sql/allow-list on the net/http
// fixtures against the .golden files, and proves each fix safe (see
// fixtest.Run).
func TestFixes(t *testing.T) {
	counts := fixtest.Run(t, analysistest.TestData(), sqlconcat.Analyzer, "example.com/store", "example.com/api", "example.com/wrapper")
	for _, p := range []*patterns.Pattern{patterns.Parameterize, patterns.AllowList} {
		if counts[p.ID] == 0 {
			t.Errorf("no %s fix offered: %v", p.ID, counts)
		}
	}
}

// TestModuleFixes does the same on the module fixtures: the database
// libraries and the routers.
func TestModuleFixes(t *testing.T) {
	counts := fixtest.Run(t, filepath.Join(analysistest.TestData(), "mod"), sqlconcat.Analyzer,
		modPackages...)
	for _, p := range []*patterns.Pattern{patterns.Parameterize, patterns.AllowList} {
		if counts[p.ID] == 0 {
			t.Errorf("no %s fix offered: %v", p.ID, counts)
		}
	}
}
