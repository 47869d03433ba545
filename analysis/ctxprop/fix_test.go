package ctxprop_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/ctxprop"
	"github.com/prodready/prodready/analysis/internal/fixtest"
	"github.com/prodready/prodready/patterns"
)

// TestFixes checks context/propagate on the net/http fixtures against the
// .golden files, and proves each fix safe (see fixtest.Run).
func TestFixes(t *testing.T) {
	if n := fixtest.Run(t, analysistest.TestData(), ctxprop.Analyzer, "store", "api", "cli")[patterns.Propagate.ID]; n == 0 {
		t.Error("no context/propagate fix offered")
	}
}

// TestModuleFixes does the same on the module fixtures: gorm, sqlx, and
// the routers.
func TestModuleFixes(t *testing.T) {
	if n := fixtest.Run(t, filepath.Join(analysistest.TestData(), "mod"), ctxprop.Analyzer, modPackages...)[patterns.Propagate.ID]; n == 0 {
		t.Error("no context/propagate fix offered")
	}
}
