package reqlog_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/internal/fixtest"
	"github.com/prodready/prodready/analysis/reqlog"
	"github.com/prodready/prodready/patterns"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the fixes")

// TestNoRequestLog checks the diagnostics on net/http fixtures, the
// preferred fixes against the .golden files, and every fix's safety.
func TestNoRequestLog(t *testing.T) {
	fx := fixtest.GOPATH(analysistest.TestData(), "a", "scaffold", "field", "nolog", "reuse", "negatives")
	if n, want := fixtest.Check(t, reqlog.Analyzer, fx, *update), 5; n != want {
		t.Errorf("%d fixes, want %d", n, want)
	}
}

// TestFrameworks checks diagnostics and fixes on chi, gorilla/mux, gin and
// echo, with slog, zap, zap's sugared logger and zerolog.
func TestFrameworks(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "fw"))
	if err != nil {
		t.Fatal(err)
	}
	fx := fixtest.Module(dir, "example.com/fw", "./chiapp", "./chireqid", "./echoapp", "./echoinit", "./echologged",
		"./ginapp", "./ginlogged", "./ginmain", "./ginrouter", "./muxapp", "./zerologapp")
	if n, want := fixtest.Check(t, reqlog.Analyzer, fx, *update), 8; n != want {
		t.Errorf("%d fixes, want %d", n, want)
	}
}

// TestPatternExample runs the analyzer on the pattern's documented Before
// and requires that its fix gives After exactly.
func TestPatternExample(t *testing.T) {
	if got := fixtest.Example(t, reqlog.Analyzer, patterns.RequestLogger); got != patterns.RequestLogger.Example.After {
		t.Errorf("the fix of Before gives\n%s", got)
		if *update {
			os.WriteFile(filepath.Join(os.TempDir(), "example-after.go"), []byte(got), 0o644)
		}
	}
}
