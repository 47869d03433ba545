package patterns_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/prodready/prodready/patterns"
)

// TestDocsUpToDate fails when docs/patterns.md no longer matches the catalog.
func TestDocsUpToDate(t *testing.T) {
	got, err := os.ReadFile(filepath.Join("..", patterns.DocPath))
	if err != nil {
		t.Fatalf("%v (run: go generate ./patterns)", err)
	}
	if !bytes.Equal(got, patterns.Markdown()) {
		t.Errorf("%s is stale; run: go generate ./patterns", patterns.DocPath)
	}
}

func TestCatalogEntriesComplete(t *testing.T) {
	for _, p := range patterns.All() {
		if p.ID == "" || p.Title == "" || p.Concern == "" || len(p.Rules) == 0 || p.Description == "" {
			t.Errorf("pattern %q lacks ID, title, concern, rules or description", p.ID)
		}
		if p.Example.Before == "" || p.Example.After == "" {
			t.Errorf("pattern %s has no before/after example", p.ID)
		}
	}
}
