package authn_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/authn"
)

func TestMissingAuth(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), authn.Analyzer, "a", "app", "authr", "mwonly", "bare", "viamain", "helper")
}

// TestFrameworkFixes checks the fixes on chi, gorilla/mux, gin and echo, in
// a module of their own, each with its goldens.
func TestFrameworkFixes(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "fw")
	analysistest.RunWithSuggestedFixes(t, dir, authn.Analyzer, "example.com/fw/...")
}
