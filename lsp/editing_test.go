package lsp

import (
	"strings"
	"testing"
	"unicode/utf16"

	"go.lsp.dev/protocol"

	"github.com/prodready/prodready/rewrite"
)

const (
	projects = "internal/api/projects.go"
	accounts = "internal/api/accounts.go"
)

// position returns the LSP position of the first occurrence of s in text.
func position(t testing.TB, text, s string) protocol.Position {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not found", s)
	}
	p, err := NewMapper([]byte(text)).Position(i)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func at(p protocol.Position) *protocol.Range { return &protocol.Range{Start: p, End: p} }

// TestNonASCIIBeforeFinding puts non-ASCII text, a surrogate pair
// included, before a finding on its line: the diagnostic's range and the
// fix's edits must be in UTF-16 units.
func TestNonASCIIBeforeFinding(t *testing.T) {
	dir := copyExample(t)
	c := startClient(t, dir, clientOptions{caps: lazyCaps()})
	text := c.open(projects)
	before := findRule(c.waitDiags(projects, hasRule("sensitive-field")), "sensitive-field")

	const prefix = "/* ünïcødé 😀 */ "
	line := position(t, text, "httputil.WriteJSON(w, http.StatusOK, members)")
	c.change(projects, contentChange{Range: at(line), Text: prefix})
	shift := uint32(len(utf16.Encode([]rune(prefix))))
	ds := c.waitDiags(projects, func(ds []protocol.Diagnostic) bool {
		d := findRule(ds, "sensitive-field")
		return d != nil && d.Range.Start.Character != before.Range.Start.Character
	})
	d := findRule(ds, "sensitive-field")
	if d.Range.Start.Line != before.Range.Start.Line || d.Range.Start.Character != before.Range.Start.Character+shift ||
		d.Range.End.Character != before.Range.End.Character+shift {
		t.Fatalf("range %+v after inserting %q, want %+v shifted by %d UTF-16 units", d.Range, prefix, before.Range, shift)
	}
	// The byte offset of the range's start is the finding's value.
	buf := c.buffer(projects)
	off, err := NewMapper([]byte(buf)).Offset(d.Range.Start)
	if err != nil || !strings.HasPrefix(buf[off:], "members)") {
		t.Errorf("range starts at %q", buf[off:off+10])
	}

	actions := c.codeActions(projects, *d, protocol.QuickFix)
	if len(actions) == 0 {
		t.Fatal("no quick fix")
	}
	var resolved codeAction
	c.mustCall(methodCodeActionResolve, &actions[0], &resolved)
	c.applyEdit(resolved.Edit)
	c.waitDiags(projects, lacksRule("sensitive-field"))
	if !strings.Contains(c.buffer(projects), prefix) {
		t.Errorf("the fix lost the non-ASCII comment:\n%s", c.buffer(projects))
	}
	if err := rewrite.TypeCheckPackages(dir, c.overlay(), "./..."); err != nil {
		t.Errorf("buffers do not type-check: %v\n%s", err, c.buffer(projects))
	}
}

// TestEditStorm sends 200 changes without pause, typing and deleting text,
// the last of which removes the finding; the diagnostics that settle are
// those of the final buffer, for its version.
func TestEditStorm(t *testing.T) {
	c := startClient(t, copyExample(t), clientOptions{caps: lazyCaps()})
	text := c.open(projects)
	c.waitDiags(projects, hasRule("sensitive-field"))
	p := position(t, text, "members, err := s.store.ListMembers")
	for i := 0; i < 199; i++ {
		if i%2 == 0 {
			c.change(projects, contentChange{Range: at(p), Text: "// ünï 😀\n"})
		} else {
			end := protocol.Position{Line: p.Line + 1, Character: 0}
			c.change(projects, contentChange{Range: &protocol.Range{Start: p, End: end}, Text: ""})
		}
	}
	// The 200th: encode the count, not the users.
	cur := c.buffer(projects)
	w := position(t, cur, "members)\n}")
	c.change(projects, contentChange{Range: &protocol.Range{Start: w, End: protocol.Position{Line: w.Line, Character: w.Character + 7}}, Text: "len(members)"})
	if v := c.version(projects); v != 201 {
		t.Fatalf("version %d, want 201", v)
	}
	c.waitDiags(projects, lacksRule("sensitive-field"))
	c.mu.Lock()
	got := c.diags[c.path(projects)].Version
	c.mu.Unlock()
	if got != 201 {
		t.Errorf("diagnostics published for version %d, want 201", got)
	}
}

// TestSyntaxErrorMidEdit breaks a file of a package: other files keep their
// diagnostics, the broken file gets no diagnostics with stale positions,
// and fixing it brings fresh ones.
func TestSyntaxErrorMidEdit(t *testing.T) {
	c := startClient(t, copyExample(t), clientOptions{caps: lazyCaps()})
	c.open(projects)
	tasks := c.open("internal/api/tasks.go")
	c.waitDiags(projects, hasRule("sensitive-field"))
	before := c.waitDiags("internal/api/tasks.go", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })

	c.mu.Lock()
	published := len(c.diags)
	c.mu.Unlock()
	_ = published
	// Half-typed code at the top of tasks.go shifts every line below.
	top := position(t, tasks, "import")
	c.change("internal/api/tasks.go", contentChange{Range: at(top), Text: "func broken( {\n\n\n"})
	// A request waits for the analysis of the current buffers.
	var lenses []protocol.CodeLens
	c.mustCall(protocol.MethodTextDocumentCodeLens, &protocol.CodeLensParams{TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(projects)}}, &lenses)
	if len(lenses) == 0 {
		t.Errorf("code lenses of the unchanged file were lost")
	}
	c.mu.Lock()
	got := c.diags[c.path("internal/api/tasks.go")]
	proj := c.diags[c.path(projects)]
	c.mu.Unlock()
	if findRule(proj.Diagnostics, "sensitive-field") == nil {
		t.Errorf("diagnostics of the unchanged file were cleared: %+v", proj.Diagnostics)
	}
	if len(got.Diagnostics) != len(before) || got.Version == uint32(c.version("internal/api/tasks.go")) {
		t.Errorf("broken file got new diagnostics (version %d): %+v", got.Version, got.Diagnostics)
	}
	// Code actions on the broken file offer nothing rather than bad edits.
	var actions []codeAction
	c.mustCall(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: c.uri("internal/api/tasks.go")},
		Context:      protocol.CodeActionContext{Diagnostics: before},
	}, &actions)
	if len(actions) != 0 {
		t.Errorf("code actions on a file with a syntax error: %+v", actions)
	}

	// Repair it: fresh diagnostics, three lines further down.
	c.change("internal/api/tasks.go", contentChange{Range: &protocol.Range{Start: top, End: protocol.Position{Line: top.Line + 3}}, Text: ""})
	c.change("internal/api/tasks.go", contentChange{Range: at(top), Text: "\n\n\n"})
	after := c.waitDiags("internal/api/tasks.go", func(ds []protocol.Diagnostic) bool {
		return len(ds) == len(before) && ds[0].Range.Start.Line == before[0].Range.Start.Line+3
	})
	if after[0].Code != before[0].Code {
		t.Errorf("after repair %v, before %v", after[0].Code, before[0].Code)
	}
}

// TestCodeLensAndHover: a handler's route and concerns above it; a
// finding's rule explained on hover.
func TestCodeLensAndHover(t *testing.T) {
	c := startClient(t, copyExample(t), clientOptions{caps: lazyCaps()})
	text := c.open(projects)
	d := findRule(c.waitDiags(projects, hasRule("sensitive-field")), "sensitive-field")
	var lenses []protocol.CodeLens
	c.mustCall(protocol.MethodTextDocumentCodeLens, &protocol.CodeLensParams{TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(projects)}}, &lenses)
	want := lineOf(t, text, "func (s *Server) listMembers(")
	found := false
	for _, l := range lenses {
		if l.Range.Start.Line == want {
			found = true
			if l.Command == nil || !strings.HasPrefix(l.Command.Title, "GET /projects/{id}/members · auth ✓ · rate limit ✗") {
				t.Errorf("lens %+v", l.Command)
			}
		}
	}
	if !found {
		t.Errorf("no lens on line %d: %+v", want+1, lenses)
	}
	var h protocol.Hover
	c.mustCall(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(projects)}, Position: d.Range.Start,
	}}, &h)
	if !strings.Contains(h.Contents.Value, "`sensitive-field`") || !strings.Contains(h.Contents.Value, "dto/response-struct") {
		t.Errorf("hover: %q", h.Contents.Value)
	}
}
