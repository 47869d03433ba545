package timeouts_test

import (
	"flag"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/internal/fixtest"
	"github.com/prodready/prodready/analysis/timeouts"
	"github.com/prodready/prodready/patterns"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the preferred fixes")

// TestFixes checks server/timeouts on every fixture: the preferred fix of
// each finding against the .golden files next to the sources, and every
// fix alone for type-checking, gofmt, kept comments, a cleared finding and
// no new one.
func TestFixes(t *testing.T) {
	td := analysistest.TestData()
	for name, fx := range map[string]fixtest.Fixture{
		"nethttp":    fixtest.GOPATH(td, "a", "helper", "fixes", "stream", "streamcmd", "pprofcmd"),
		"frameworks": fixtest.Module(filepath.Join(td, "mod"), "example.com/app", "./ginapp", "./echoapp", "./echostart", "./chiapp", "./muxapp"),
	} {
		t.Run(name, func(t *testing.T) {
			if n := fixtest.Check(t, timeouts.Analyzer, fx, *update); n == 0 {
				t.Error("no fix checked")
			} else {
				t.Logf("%d fixes checked", n)
			}
		})
	}
}

// TestExample checks the catalog example of server/timeouts: the analyzer
// reports Before, and the pattern turns it into After exactly.
func TestExample(t *testing.T) {
	p := patterns.ServerTimeouts
	if got := fixtest.Example(t, timeouts.Analyzer, p); got != p.Example.After {
		t.Errorf("applying %s to its Before gives\n%s\nwant After\n%s", p.ID, got, p.Example.After)
	}
}
