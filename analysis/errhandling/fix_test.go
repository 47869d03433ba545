package errhandling_test

import (
	"flag"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/errhandling"
	"github.com/prodready/prodready/analysis/internal/fixtest"
	"github.com/prodready/prodready/patterns"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the preferred fixes")

var errorPatterns = []*patterns.Pattern{patterns.CheckAndRespond, patterns.AddReturn, patterns.GenericMessage}

// TestFixes checks the error patterns on every fixture: the preferred fix
// of each finding against the .golden files next to the sources, and every
// fix alone for type-checking, gofmt, kept comments, a cleared finding and
// no new one (see fixtest.Check). Each fixture must exercise every pattern
// it lists.
func TestFixes(t *testing.T) {
	td := analysistest.TestData()
	for _, tc := range []struct {
		name string
		fx   fixtest.Fixture
		want []*patterns.Pattern
	}{
		{"nethttp", fixtest.GOPATH(td, "nethttp"), errorPatterns},
		{"fixnames", fixtest.GOPATH(td, "fixnames"), []*patterns.Pattern{patterns.CheckAndRespond}},
		{"crosspkg", fixtest.GOPATH(td, "crosspkg/validate", "crosspkg/store", "crosspkg/httputil", "crosspkg/handler"), errorPatterns},
		{"frameworks", fixtest.Module(filepath.Join(td, "frameworks"), "example.com/frameworks", "./ginapp", "./echoapp", "./chiapp", "./muxapp"), errorPatterns},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checked := fixtest.CheckPatterns(t, errhandling.Analyzer, tc.fx, *update)
			for _, p := range tc.want {
				if checked[p.ID] == 0 {
					t.Errorf("no %s fix checked (checked: %v)", p.ID, checked)
				}
			}
		})
	}
}

// TestExamples checks the catalog examples of the error patterns: the
// analyzer reports Before, and the pattern turns it into After exactly.
func TestExamples(t *testing.T) {
	for _, p := range errorPatterns {
		t.Run(p.ID, func(t *testing.T) {
			if got := fixtest.Example(t, errhandling.Analyzer, p); got != p.Example.After {
				t.Errorf("applying %s to its Before gives\n%s\nwant After\n%s", p.ID, got, p.Example.After)
			}
		})
	}
}
