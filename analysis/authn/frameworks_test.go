package authn_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/authn"
)

// TestFrameworks runs missing-auth on chi, gin, echo and gorilla/mux apps:
// routes protected by a parent group, a sub-router or per-route middleware
// are clean; a middleware named like auth that never rejects is not auth.
func TestFrameworks(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "frameworks"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, authn.Analyzer, "./chiapp", "./ginapp", "./echoapp", "./muxapp")
}
