package scope_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/scope"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), scope.Analyzer,
		"example.com/store", "example.com/service", "example.com/api", "example.com/direct", "example.com/nouser")
}

// TestModules runs the framework and driver fixtures in module mode; CI runs
// `go mod download` in testdata/mod first.
func TestModules(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "mod"), scope.Analyzer,
		"example.com/app/gormstore", "example.com/app/ginapp", "example.com/app/echoapp", "example.com/app/pgxapp")
}
