package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/analysis/findings"
	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

const (
	tasksFile = "internal/api/tasks.go"
	authFile  = "internal/auth/auth.go"
	// RequireUser's rejection, and the same line answering 200: the
	// middleware then authenticates nothing, while auth's API and its
	// declarations' positions stay as they were.
	rejects    = "http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)"
	rejectsNot = "http.Error(w, http.StatusText(http.StatusOK), http.StatusOK)"
)

// TestIncrementalMatchesFresh edits the example through Update and Rerun
// — a handler body, the auth middleware's behaviour (a fact other packages
// read, its API unchanged), a store signature (its API) and back — and
// checks after each edit that the placed findings are those of a fresh
// load of the same contents.
func TestIncrementalMatchesFresh(t *testing.T) {
	defer patterns.SetEager(patterns.Eager())
	patterns.SetEager(false)
	dir := copyExample(t)
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tasks, auth, store := read(tasksFile), read(authFile), read("internal/store/tasks.go")
	// checked: how many packages Update type-checks (the edited one alone
	// when its API and positions are unchanged).
	edits := []struct {
		name, file, src string
		checked         int
	}{
		{"handler body", tasksFile, strings.Replace(tasks, `"task not found")`, `"no such task")`, 1), 1},
		{"middleware behaviour", authFile, strings.Replace(auth, rejects, rejectsNot, 1), 1},
		{"middleware back", authFile, auth, 1},
		{"store signature", "internal/store/tasks.go", strings.Replace(store, "func (s *Store) GetTask(ctx context.Context, id int64)", "func (s *Store) GetTask(ctx context.Context, id int64, _ ...string)", 1), 4},
		{"store back", "internal/store/tasks.go", store, 4},
	}
	ctx := context.Background()
	prog, err := driver.Load(ctx, driver.LoadConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	res, err := prog.Run(DefaultAnalyzers())
	if err != nil {
		t.Fatal(err)
	}
	overlay := map[string][]byte{}
	counts := map[string]int{}
	for _, e := range edits {
		name := filepath.Join(dir, e.file)
		overlay[name] = []byte(e.src)
		next, checked, err := res.Program().Update(ctx, map[string][]byte{name: []byte(e.src)})
		if err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
		if len(checked) != e.checked {
			t.Errorf("%s: Update type-checked %d packages, want %d", e.name, len(checked), e.checked)
		}
		if res, err = res.Rerun(next); err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
		freshProg, err := driver.Load(ctx, driver.LoadConfig{Dir: dir, Overlay: overlay})
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := freshProg.Run(DefaultAnalyzers())
		if err != nil {
			t.Fatal(err)
		}
		got, want := placed(res), placed(fresh)
		if !slices.Equal(got, want) {
			t.Errorf("%s: incremental findings differ from a fresh load:\ngot:\n\t%s\nwant:\n\t%s", e.name, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
		for _, f := range got {
			if strings.Contains(f, " missing-auth ") {
				counts[e.name]++
			}
		}
	}
	if counts["middleware behaviour"] <= counts["handler body"] {
		t.Errorf("a middleware that no longer rejects left %d missing-auth findings, %d before", counts["middleware behaviour"], counts["handler body"])
	}
	if counts["middleware back"] != counts["handler body"] {
		t.Errorf("restoring the middleware left %d missing-auth findings, want %d", counts["middleware back"], counts["handler body"])
	}
}

// placed formats the findings of res with their fixes' patterns.
func placed(res *driver.Result) []string {
	fset := res.Program().Fset
	var out []string
	for _, f := range findings.Place(res, findings.Options{Routes: true}) {
		p := fset.Position(f.Pos)
		s := fmt.Sprintf("%s:%d:%d %s %s (%s) %s", p.Filename, p.Line, p.Column, f.Rule, f.Severity, f.Route, f.Message)
		for _, r := range f.Related {
			s += " [" + fset.Position(r.Pos).String() + " " + r.Message + "]"
		}
		out = append(out, s)
	}
	return out
}

// TestMiddlewareEditReachesDependents: in the editor, an edit of the auth
// middleware that stops it rejecting updates the diagnostics of the
// handlers in another package, and undoing it withdraws them.
func TestMiddlewareEditReachesDependents(t *testing.T) {
	c := startClient(t, copyExample(t), clientOptions{caps: lazyCaps()})
	c.open(tasksFile)
	authText := c.open(authFile)
	c.waitDiags(tasksFile, lacksRule("missing-auth"))

	p := position(t, authText, rejects)
	rng := protocol.Range{Start: p, End: protocol.Position{Line: p.Line, Character: p.Character + uint32(len(rejects))}}
	c.change(authFile, contentChange{Range: &rng, Text: rejectsNot})
	c.waitDiags(tasksFile, hasRule("missing-auth"))

	rng.End.Character = p.Character + uint32(len(rejectsNot))
	c.change(authFile, contentChange{Range: &rng, Text: rejects})
	c.waitDiags(tasksFile, lacksRule("missing-auth"))
}

// TestScopeFixOnDemand: unscoped-query fixes are planned when the client
// asks for them, not while analysing; the preferred one still applies.
func TestScopeFixOnDemand(t *testing.T) {
	dir := copyExample(t)
	c := startClient(t, dir, clientOptions{caps: lazyCaps()})
	c.open(tasksFile)
	d := findRule(c.waitDiags(tasksFile, hasRule("unscoped-query")), "unscoped-query")
	actions := c.codeActions(tasksFile, *d, protocol.QuickFix)
	if len(actions) == 0 || !strings.HasSuffix(actions[0].Title, "(authz/scope-query)") || !actions[0].IsPreferred {
		t.Fatalf("actions %v, want the preferred authz/scope-query first", titles(actions))
	}
	var resolved codeAction
	c.mustCall(methodCodeActionResolve, &actions[0], &resolved)
	c.applyEdit(resolved.Edit)
	c.waitDiags(tasksFile, lacksRule("unscoped-query"))
	if err := rewrite.TypeCheckPackages(dir, c.overlay(), "./..."); err != nil {
		t.Errorf("buffers do not type-check after the fix: %v\n%s", err, c.buffer(tasksFile))
	}
}

func titles(actions []codeAction) []string {
	var out []string
	for _, a := range actions {
		out = append(out, a.Title)
	}
	return out
}
