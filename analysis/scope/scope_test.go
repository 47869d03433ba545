package scope_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/scope"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), scope.Analyzer,
		"example.com/store", "example.com/service", "example.com/api", "example.com/direct", "example.com/nouser")
}
