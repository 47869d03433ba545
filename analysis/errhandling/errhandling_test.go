package errhandling_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/errhandling"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), errhandling.Analyzer, "nethttp")
}

// TestCrossPackage checks that helpers and validators of other packages
// are recognised through facts.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), errhandling.Analyzer,
		"crosspkg/validate", "crosspkg/store", "crosspkg/httputil", "crosspkg/handler")
}
