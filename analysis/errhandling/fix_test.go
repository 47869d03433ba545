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

var update = flag.Bool("update", false, "rewrite the fix golden files")

// TestFixes applies every fix of every fixture finding (see fixtest.Run)
// and compares the files after each pattern with FILE.go.golden.
func TestFixes(t *testing.T) {
	td := analysistest.TestData()
	for _, tc := range []struct {
		name string
		fx   fixtest.Fixture
		want []*patterns.Pattern
	}{
		{"nethttp", fixtest.Fixture{Dir: td, Pkgs: []string{"nethttp"}},
			[]*patterns.Pattern{patterns.CheckAndRespond, patterns.AddReturn, patterns.GenericMessage}},
		{"crosspkg", fixtest.Fixture{Dir: td, Pkgs: []string{"crosspkg/validate", "crosspkg/store", "crosspkg/httputil", "crosspkg/handler"}},
			[]*patterns.Pattern{patterns.CheckAndRespond, patterns.AddReturn, patterns.GenericMessage}},
		{"frameworks", fixtest.Fixture{Dir: filepath.Join(td, "frameworks"), Pkgs: []string{"./ginapp", "./echoapp"}},
			[]*patterns.Pattern{patterns.CheckAndRespond, patterns.AddReturn, patterns.GenericMessage}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			applied := fixtest.Run(t, errhandling.Analyzer, tc.fx, *update)
			for _, p := range tc.want {
				if applied[p.ID] == 0 {
					t.Errorf("no %s fix applied (applied: %v)", p.ID, applied)
				}
			}
		})
	}
}
