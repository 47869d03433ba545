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
		{"fixnames", fixtest.Fixture{Dir: td, Pkgs: []string{"fixnames"}},
			[]*patterns.Pattern{patterns.CheckAndRespond}},
		{"crosspkg", fixtest.Fixture{Dir: td, Pkgs: []string{"crosspkg/validate", "crosspkg/store", "crosspkg/httputil", "crosspkg/handler"}},
			[]*patterns.Pattern{patterns.CheckAndRespond, patterns.AddReturn, patterns.GenericMessage}},
		{"frameworks", fixtest.Fixture{Dir: filepath.Join(td, "frameworks"), Pkgs: []string{"./ginapp", "./echoapp", "./chiapp", "./muxapp"}},
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

// TestNoFix checks findings where a fix would be wrong: none is offered,
// neither as a SuggestedFix nor through FixSites.
func TestNoFix(t *testing.T) {
	for _, r := range analysistest.Run(t, analysistest.TestData(), errhandling.Analyzer, "nofix") {
		if len(r.Diagnostics) == 0 {
			t.Fatal("no findings in nofix")
		}
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: %s offers %q", r.Pass.Fset.Position(d.Pos), d.Category, d.SuggestedFixes[0].Message)
			}
		}
		for _, s := range r.Result.(*errhandling.Result).FixSites() {
			t.Errorf("%s: %s offers %s", r.Pass.Fset.Position(s.Pos), s.Rule, s.Fixes[0].Pattern.ID)
		}
	}
}
