package authn_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/authn"
)

func TestMissingAuth(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), authn.Analyzer, "a", "app", "authr", "mwonly", "bare", "viamain")
}
