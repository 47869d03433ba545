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
	fx := fixtest.GOPATH(analysistest.TestData(), "a", "app", "reuse", "taken", "negatives")
	if n, want := fixtest.Check(t, ratelimit.Analyzer, fx, *update), 6; n != want {
		t.Errorf("%d fixes, want %d", n, want)
	}
}

// TestScaffoldFileShared checks that two routers of one package in two
// files get their scaffold in the same file, with identical edits, so that
// applying both fixes declares it once (a.go.golden).
func TestScaffoldFileShared(t *testing.T) {
	fixtest.Check(t, ratelimit.Analyzer, fixtest.GOPATH(analysistest.TestData(), "twofiles"), *update)
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
	fx := fixtest.Module(dir, "example.com/fw", "./chiapp", "./chibare", "./echoapp", "./ginapp", "./ginconfigured",
		"./ginlimited", "./ginmain", "./ginrouter", "./muxapp", "./muxlimited")
	if n, want := fixtest.Check(t, ratelimit.Analyzer, fx, *update), 8; n != want {
		t.Errorf("%d fixes, want %d", n, want)
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
// rate.Limiters; a handler asking a rate.Limiter for a token limits its
// route itself (front), one that never asks does not (worker); the imports
// the scaffold adds are renamed where a file's locals take their names
// (shadow).
func TestXRate(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "xrate"))
	if err != nil {
		t.Fatal(err)
	}
	fixtest.Check(t, ratelimit.Analyzer, fixtest.Module(dir, "example.com/xrate", "./api", "./front", "./shadow", "./worker"), *update)
	golden, err := os.ReadFile(filepath.Join(dir, "api", "api.go.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(golden), "limiter *rate.Limiter") {
		t.Error("the scaffold does not use golang.org/x/time/rate")
	}
}
