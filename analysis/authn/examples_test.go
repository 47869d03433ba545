package authn_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// TestPatternExamples runs the analyzer on each auth pattern's documented
// Before, applies the pattern to the finding, and requires exactly After.
func TestPatternExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and analyses each example")
	}
	for _, p := range []*patterns.Pattern{patterns.RequireUser, patterns.WrapRoute, patterns.ScaffoldMiddleware} {
		t.Run(p.ID, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.26\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "api.go"), []byte(p.Example.Before), 0o644); err != nil {
				t.Fatal(err)
			}
			w := &workspace{root: dir, dir: dir, env: append(os.Environ(), "GO111MODULE=on", "GOPROXY=off"), pats: []string{"./..."}}
			run := w.analyse(t)
			var applied bool
			for _, c := range run.cases() {
				if c.finding.Site.Fixes[c.index].Pattern != p {
					continue
				}
				if applied {
					t.Fatalf("Before has more than one finding fixed by %s", p.ID)
				}
				applied = true
				changed := w.apply(t, run, c)
				got := string(changed["api.go"])
				if got != p.Example.After {
					t.Errorf("After differs from the applied pattern:\n%s", got)
				}
				overlay := map[string][]byte{}
				for rel, data := range changed {
					overlay[filepath.Join(dir, rel)] = data
				}
				if err := rewrite.TypeCheckPackages(dir, overlay, "./..."); err != nil {
					t.Error(err)
				}
			}
			if !applied {
				t.Errorf("Before has no finding fixed by %s", p.ID)
			}
		})
	}
}
