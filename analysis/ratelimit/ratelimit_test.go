package ratelimit_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/internal/fixtest"
	"github.com/prodready/prodready/analysis/ratelimit"
	"github.com/prodready/prodready/patterns"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the fixes")

// TestNoRateLimit checks the diagnostics on net/http fixtures, the
// preferred fixes against the .golden files, and every fix's safety.
func TestNoRateLimit(t *testing.T) {
	pkgs := []string{"a", "app", "reuse", "taken", "negatives"}
	counts := fixtest.Run(t, ratelimit.Analyzer, fixtest.Fixture{Dir: analysistest.TestData(), Pkgs: pkgs}, *update)
	if want := 6; counts["ratelimit/token-bucket"] != want {
		t.Errorf("%d fixes, want %d", counts["ratelimit/token-bucket"], want)
	}
}

// TestScaffoldFileShared checks that two routers of one package in two
// files get their scaffold in the same file, so applying both fixes cannot
// declare it twice (the second overlaps the first and waits for the next
// run).
func TestScaffoldFileShared(t *testing.T) {
	fixtest.Run(t, ratelimit.Analyzer, fixtest.Fixture{Dir: analysistest.TestData(), Pkgs: []string{"twofiles"}, NoGolden: true}, false)
	results := analysistest.Run(t, analysistest.TestData(), ratelimit.Analyzer, "twofiles")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) != 1 {
				t.Fatalf("%s: no fix", r.Pass.Fset.Position(d.Pos))
			}
			appended := false
			for _, te := range d.SuggestedFixes[0].TextEdits {
				if filepath.Base(r.Pass.Fset.File(te.Pos).Name()) == "a.go" && strings.Contains(string(te.NewText), "func rateLimit()") {
					appended = true
				}
			}
			if !appended {
				t.Errorf("%s: the fix does not declare rateLimit in a.go", r.Pass.Fset.Position(d.Pos))
			}
		}
	}
}

// TestFrameworks checks diagnostics and fixes on chi, gorilla/mux, gin and
// echo: the limiter goes through Use after the router's creation, the
// project's limiter is reused, an auth endpoint gets its siblings' limiter.
func TestFrameworks(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "fw"))
	if err != nil {
		t.Fatal(err)
	}
	counts := fixtest.Run(t, ratelimit.Analyzer, fixtest.Fixture{Dir: dir, Pkgs: []string{"./..."}}, *update)
	if want := 8; counts["ratelimit/token-bucket"] != want {
		t.Errorf("%d fixes, want %d", counts["ratelimit/token-bucket"], want)
	}
}

// TestPatternExample runs the analyzer on the pattern's documented Before
// and requires that its fix gives After exactly.
func TestPatternExample(t *testing.T) {
	if got := fixtest.Example(t, ratelimit.Analyzer, patterns.TokenBucket); got != patterns.TokenBucket.Example.After {
		t.Errorf("the fix of Before gives\n%s", got)
		if *update {
			os.WriteFile(filepath.Join(os.TempDir(), "example-after.go"), []byte(got), 0o644)
		}
	}
}

// TestXRate: in a module requiring golang.org/x/time, the buckets are
// rate.Limiters.
func TestXRate(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "xrate"))
	if err != nil {
		t.Fatal(err)
	}
	fixtest.Run(t, ratelimit.Analyzer, fixtest.Fixture{Dir: dir, Pkgs: []string{"./..."}}, *update)
	golden, err := os.ReadFile(filepath.Join(dir, "api", "api.go.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(golden), "limiter *rate.Limiter") {
		t.Error("the scaffold does not use golang.org/x/time/rate")
	}
}
