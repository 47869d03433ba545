package errhandling_test

import (
	"path/filepath"
	"strings"
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

// TestFrameworks runs on a module of its own that requires gin, echo,
// chi, gorilla/mux, zap and zerolog;
// run `go mod download` in testdata/frameworks first (CI does).
func TestFrameworks(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "frameworks")
	analysistest.Run(t, dir, errhandling.Analyzer, "./ginapp", "./echoapp", "./chiapp", "./muxapp")
}

// TestDoc checks that Analyzer.Doc comes from doc.go with a title line and
// a section per rule.
func TestDoc(t *testing.T) {
	doc := errhandling.Analyzer.Doc
	if !strings.HasPrefix(doc, "report discarded errors") {
		t.Errorf("Doc starts with %.40q, want the title line", doc)
	}
	for _, rule := range []string{errhandling.RuleIgnoredError, errhandling.RuleMissingReturn, errhandling.RuleErrorDetail} {
		if !strings.Contains(doc, "# "+rule+"\n") {
			t.Errorf("Doc has no section for %s", rule)
		}
	}
}
