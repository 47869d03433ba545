package patterns_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/scope"
	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// TestAuthzExamples checks the catalog examples of the authz patterns:
// the analyzer finds the Before file's finding, offers the pattern there,
// and applying it gives After exactly.
func TestAuthzExamples(t *testing.T) {
	for _, p := range []*patterns.Pattern{patterns.ScopeQuery, patterns.OwnershipCheck} {
		t.Run(p.ID, func(t *testing.T) {
			got := applyExample(t, p)
			if got != p.Example.After {
				t.Errorf("applying %s to its Before gives\n%s\nwant After\n%s", p.ID, got, p.Example.After)
			}
		})
	}
}

func applyExample(t *testing.T, p *patterns.Pattern) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "src", "example.com", "tasks", "tasks.go")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(p.Example.Before), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	results := analysistest.Run(rec, dir, scope.Analyzer, "example.com/tasks")
	if len(results) != 1 {
		t.Fatalf("%d results; errors %v", len(results), rec.errs)
	}
	r := results[0]
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].Category != scope.Rule {
		t.Fatalf("Before: diagnostics %v, want one %s", r.Diagnostics, scope.Rule)
	}
	sites := r.Result.(*scope.Result).FixSites()
	if len(sites) != 1 {
		t.Fatalf("Before: %d fix sites, want 1", len(sites))
	}
	for _, f := range sites[0].Fixes {
		if f.Pattern != p {
			continue
		}
		res, err := rewrite.Rewrite(patterns.PassPackage(r.Pass), f.Apply)
		if err != nil {
			t.Fatal(err)
		}
		contents, err := res.Contents(os.ReadFile)
		if err != nil {
			t.Fatal(err)
		}
		return string(contents[file])
	}
	t.Fatalf("Before: %s is not offered", p.ID)
	return ""
}

type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestScopeSQL(t *testing.T) {
	for _, tc := range []struct {
		query, cond, want string
		at                int // -1: not checked
	}{
		{"SELECT * FROM t WHERE id = $1", "user_id = $2", "SELECT * FROM t WHERE id = $1 AND user_id = $2", 29},
		{"SELECT * FROM t WHERE id = ? ORDER BY id LIMIT ?", "user_id = ?", "SELECT * FROM t WHERE id = ? AND user_id = ? ORDER BY id LIMIT ?", 28},
		{"UPDATE t SET a = $2 WHERE id = $1 RETURNING id", "user_id = $3", "UPDATE t SET a = $2 WHERE id = $1 AND user_id = $3 RETURNING id", -1},
		{"DELETE FROM t WHERE id = @id;", "org_id = @org_id", "DELETE FROM t WHERE id = @id AND org_id = @org_id;", -1},
		{"SELECT * FROM t WHERE id = ? OR slug = ? LIMIT 1", "user_id = ?", "SELECT * FROM t WHERE (id = ? OR slug = ?) AND user_id = ? LIMIT 1", -1},
		{"SELECT * FROM t WHERE (a OR b) AND id = $1", "user_id = $2", "SELECT * FROM t WHERE (a OR b) AND id = $1 AND user_id = $2", -1},
		{"\n\t\tSELECT id\n\t\tFROM t\n\t\tWHERE id = $1\n\t", "user_id = $2", "\n\t\tSELECT id\n\t\tFROM t\n\t\tWHERE id = $1 AND user_id = $2\n\t", -1},
		{"SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = 1 ORDER BY y) FOR UPDATE", "user_id = $1",
			"SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = 1 ORDER BY y) AND user_id = $1 FOR UPDATE", -1},
		{"SELECT * FROM t WHERE note = 'order by' AND id = ? -- limit\n", "user_id = ?", "SELECT * FROM t WHERE note = 'order by' AND id = ? AND user_id = ? -- limit\n", -1},
		{"SELECT * FROM t WHERE id = $1 GROUP BY id HAVING count(*) > 1", "user_id = $2", "SELECT * FROM t WHERE id = $1 AND user_id = $2 GROUP BY id HAVING count(*) > 1", -1},
	} {
		got, at, err := patterns.ScopeSQL(tc.query, tc.cond)
		if err != nil || got != tc.want || tc.at >= 0 && at != tc.at {
			t.Errorf("ScopeSQL(%q) = %q, %d, %v; want %q, %d", tc.query, got, at, err, tc.want, tc.at)
		}
	}
	for _, q := range []string{
		"SELECT * FROM t", // no WHERE
		"SELECT a FROM t WHERE id = 1 UNION SELECT a FROM u WHERE id = 2", // two statements' WHEREs
		"SELECT * FROM t WHERE id = 'x",                                   // unterminated
		"SELECT * FROM t WHERE ORDER BY id",                               // empty condition
	} {
		if got, _, err := patterns.ScopeSQL(q, "user_id = $1"); err == nil {
			t.Errorf("ScopeSQL(%q) = %q, want an error", q, got)
		}
	}
}

// TestAuthzCatalog checks the registered entries' wiring.
func TestAuthzCatalog(t *testing.T) {
	for _, p := range []*patterns.Pattern{patterns.ScopeQuery, patterns.OwnershipCheck} {
		if got, ok := patterns.Lookup(p.ID); !ok || got != p {
			t.Errorf("%s is not registered", p.ID)
		}
		if p.Concern != "authorization" || len(p.Rules) != 1 || p.Rules[0] != scope.Rule {
			t.Errorf("%s: concern %q rules %v", p.ID, p.Concern, p.Rules)
		}
		if !strings.HasPrefix(p.ID, "authz/") || p.Title == "" || strings.HasSuffix(p.Title, ".") {
			t.Errorf("%s: title %q", p.ID, p.Title)
		}
	}
	sq := patterns.ScopeQueryParams{}.Fix()
	oc := patterns.OwnershipCheckParams{}.Fix()
	if sq.Pattern != patterns.ScopeQuery || oc.Pattern != patterns.OwnershipCheck || sq.Apply == nil || oc.Apply == nil {
		t.Error("Fix() does not instantiate its pattern")
	}
}
