package errhandling_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/errhandling"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), errhandling.Analyzer, "nethttp")
}
