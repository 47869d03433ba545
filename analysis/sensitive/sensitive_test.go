package sensitive

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "nethttp")
}

func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "crosspkg/httputil", "crosspkg/handler")
}

// TestConfiguredFields reads testdata/src/configured/.prodready.yaml.
func TestConfiguredFields(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "configured")
}

// TestFrameworks runs on a module of its own that requires gin and echo;
// run `go mod download` in testdata/frameworks first (CI does).
func TestFrameworks(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "frameworks")
	analysistest.Run(t, dir, Analyzer, "./ginapp", "./echoapp")
}
