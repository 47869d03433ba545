package patterns_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/ctxprop"
	"github.com/prodready/prodready/analysis/rules"
	"github.com/prodready/prodready/analysis/sqlconcat"
	"github.com/prodready/prodready/patterns"
)

// TestSQLContextExamples checks the catalog examples of the injection
// and context patterns: the analyzer finds the Before file's finding and
// offers the pattern, applying it gives After exactly, and After
// type-checks with nothing left to report.
func TestSQLContextExamples(t *testing.T) {
	for _, tc := range []struct {
		p *patterns.Pattern
		a *analysis.Analyzer
	}{
		{patterns.Parameterize, sqlconcat.Analyzer},
		{patterns.AllowList, sqlconcat.Analyzer},
		{patterns.Propagate, ctxprop.Analyzer},
	} {
		t.Run(tc.p.ID, func(t *testing.T) {
			got := applyExample(t, tc.p, tc.a)
			if got != tc.p.Example.After {
				t.Errorf("applying %s to its Before gives\n%s\nwant After\n%s", tc.p.ID, got, tc.p.Example.After)
			}
			expectClean(t, tc.p.Example.After, tc.a)
		})
	}
}

// expectClean runs a on src as package example.com/tasks and fails on a
// type error or a diagnostic: a fixed example offers nothing more.
func expectClean(t *testing.T, src string, a *analysis.Analyzer) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "src", "example.com", "tasks", "tasks.go")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	for _, r := range analysistest.Run(rec, dir, a, "example.com/tasks") {
		for _, err := range r.Action.Package.Errors {
			t.Errorf("After: %v", err)
		}
		for _, d := range r.Diagnostics {
			t.Errorf("After: %s still reported: %s", d.Category, d.Message)
		}
	}
	for _, e := range rec.errs {
		if !strings.Contains(e, "no diagnostic was reported") {
			t.Errorf("After: %s", e)
		}
	}
}

// TestSQLContextCatalog checks the registration of the injection and
// context patterns against the rules registry, which lists them under
// the same IDs and titles.
func TestSQLContextCatalog(t *testing.T) {
	for _, p := range []*patterns.Pattern{patterns.Parameterize, patterns.AllowList, patterns.Propagate} {
		if got, ok := patterns.Lookup(p.ID); !ok || got != p {
			t.Errorf("%s is not registered", p.ID)
		}
		for _, id := range p.Rules {
			r, ok := rules.Lookup(id)
			if !ok || !slices.Contains(r.Patterns, rules.Pattern{ID: p.ID, Title: p.Title}) {
				t.Errorf("rule %s does not list %s %q: %v", id, p.ID, p.Title, r.Patterns)
			}
		}
	}
}
