package timeouts_test

import (
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/timeouts"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), timeouts.Analyzer, "a", "helper", "fixes", "stream", "streamapi", "streamcmd", "pprofcmd")
}

// TestModules runs the gin, echo, chi and gorilla/mux fixtures in module
// mode; CI runs `go mod download` in testdata/mod first.
func TestModules(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "mod"), timeouts.Analyzer,
		"example.com/app/ginapp", "example.com/app/echoapp", "example.com/app/echostart", "example.com/app/chiapp", "example.com/app/muxapp")
}

// TestFindings checks what the server/timeouts pattern reads.
func TestFindings(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), timeouts.Analyzer, "a")
	kinds := map[timeouts.Kind]int{}
	seen := map[string]bool{} // the package and its test variant share files
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category != timeouts.Rule {
				t.Errorf("category %q, want %q", d.Category, timeouts.Rule)
			}
		}
		for _, f := range r.Result.(*timeouts.Result).Findings {
			pos := r.Pass.Fset.Position(f.Node.Pos()).String()
			if seen[pos] {
				continue
			}
			seen[pos] = true
			kinds[f.Kind]++
			if !slices.Contains(f.Missing, "ReadHeaderTimeout") || !slices.Contains(f.Missing, "ReadTimeout") {
				t.Errorf("finding at %v misses %v", f.Node.Pos(), f.Missing)
			}
			switch f.Kind {
			case timeouts.Literal:
				if f.Lit == nil || f.Call != nil {
					t.Errorf("literal finding without literal: %+v", f)
				}
			case timeouts.ServeFunc, timeouts.ZeroVar:
				if f.Call == nil || f.Callee == "" {
					t.Errorf("call finding without call: %+v", f)
				}
			}
			if f.Kind == timeouts.ZeroVar && (f.Var == nil || f.Var.Name() != "srv") {
				t.Errorf("zero var finding: %+v", f)
			}
			if f.Kind == timeouts.Literal && slices.Contains(f.Missing, "WriteTimeout") == (len(f.Missing) == 3) {
				t.Errorf("literal missing list inconsistent: %v", f.Missing)
			}
		}
	}
	want := map[timeouts.Kind]int{timeouts.ServeFunc: 3, timeouts.Literal: 3, timeouts.ZeroVar: 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d findings of kind %d, want %d", kinds[k], k, n)
		}
	}
}
