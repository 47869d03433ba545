package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/prodready/prodready/rewrite"
)

func TestDiagnosticsOnOpen(t *testing.T) {
	c := startClient(t, copyExample(t), clientOptions{caps: lazyCaps()})
	text := c.open("internal/api/projects.go")
	ds := c.waitDiags("internal/api/projects.go", hasRule("sensitive-field"))
	d := findRule(ds, "sensitive-field")
	if d.Source != "prodready" || d.CodeDescription == nil || d.CodeDescription.Href == "" {
		t.Errorf("diagnostic lacks source or code description: %+v", d)
	}
	if d.Severity != protocol.DiagnosticSeverityError {
		t.Errorf("severity %v, want error", d.Severity)
	}
	if want := lineOf(t, text, "httputil.WriteJSON(w, http.StatusOK, members)"); d.Range.Start.Line != want {
		t.Logf("%s", text)
		t.Errorf("sensitive-field on line %d, want %d", d.Range.Start.Line+1, want+1)
	}
	t.Logf("%+v", ds)
}

// TestQuickFixRoundTrip is the editor's loop: a finding arrives, its quick
// fix is resolved and applied to the buffers, and the next analysis of the
// buffers no longer reports it — and the buffers type-check. It runs for
// clients that resolve edits and clients that want them at once, for a
// finding fixed in its own file and one whose handler is in another package
// than the registration it was reported at, and with the diagnostic sent
// back the way ALE does (no source, another message text).
func TestQuickFixRoundTrip(t *testing.T) {
	ale := func(d protocol.Diagnostic) protocol.Diagnostic {
		// Range and code kept, source dropped, the message not as published.
		return protocol.Diagnostic{Range: d.Range, Code: d.Code, Message: strings.ReplaceAll(d.Message, "; ", "\n")}
	}
	for _, tc := range []struct {
		name                string
		caps                protocol.ClientCapabilities
		file, rule, pattern string
		sent                func(protocol.Diagnostic) protocol.Diagnostic // the diagnostic as the client sends it back
	}{
		{"resolve", lazyCaps(), projects, "sensitive-field", "dto/response-struct", nil},
		{"eager", eagerCaps(), projects, "sensitive-field", "dto/response-struct", nil},
		{"eager, as ALE sends the diagnostic", eagerCaps(), projects, "sensitive-field", "dto/response-struct", ale},
		{"resolve, handler in another package", lazyCaps(), accounts, "missing-auth", "auth/require-user", nil},
		{"eager, handler in another package", eagerCaps(), accounts, "missing-auth", "auth/require-user", ale},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyExample(t)
			c := startClient(t, dir, clientOptions{caps: tc.caps})
			c.open(tc.file)
			d := *findRule(c.waitDiags(tc.file, hasRule(tc.rule)), tc.rule)
			if tc.sent != nil {
				d = tc.sent(d)
			}
			actions := c.codeActions(tc.file, d)
			if len(actions) == 0 {
				t.Fatal("no code actions")
			}
			for _, a := range actions {
				t.Logf("action %q kind %s", a.Title, a.Kind)
			}
			a := actions[0]
			if a.Kind != protocol.QuickFix || !a.IsPreferred || !strings.HasPrefix(a.Title, "Apply pattern: ") || !strings.HasSuffix(a.Title, "("+tc.pattern+")") {
				t.Errorf("first action %q (%s, preferred %v), want the preferred %s quick fix", a.Title, a.Kind, a.IsPreferred, tc.pattern)
			}
			if a.Edit == nil {
				if a.Data == nil {
					t.Fatal("action with neither edit nor data")
				}
				var resolved codeAction
				c.mustCall(methodCodeActionResolve, &a, &resolved)
				a = resolved
			} else if a.Data != nil {
				t.Errorf("eager action carries data")
			}
			c.applyEdit(a.Edit)
			c.waitDiags(tc.file, lacksRule(tc.rule))
			if err := rewrite.TypeCheckPackages(dir, c.overlay(), "./..."); err != nil {
				t.Errorf("buffers do not type-check after the fix: %v\n%s", err, c.buffer(tc.file))
			}
		})
	}
}

// eagerCaps is a client like eglot or ALE: no codeAction/resolve, plain
// changes.
func eagerCaps() protocol.ClientCapabilities {
	return protocol.ClientCapabilities{}
}

// TestCloseClears: closing a document withdraws its diagnostics.
func TestCloseClears(t *testing.T) {
	c := startClient(t, copyExample(t), clientOptions{caps: lazyCaps()})
	c.open(projects)
	c.waitDiags(projects, hasRule("sensitive-field"))
	c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(projects)}})
	c.waitDiags(projects, func(ds []protocol.Diagnostic) bool { return len(ds) == 0 })
}

// TestFileOutsideModule: a Go file outside the workspace and any module is
// analysed as a package of its own.
func TestFileOutsideModule(t *testing.T) {
	c := startClient(t, copyExample(t), clientOptions{caps: lazyCaps()})
	loose := t.TempDir()
	c.dir = loose
	c.openText("main.go", `package main

import (
	"encoding/json"
	"net/http"
)

type User struct {
	Name     string `+"`json:\"name\"`"+`
	Password string `+"`json:\"password\"`"+`
}

func me(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(User{Name: "x"})
}

func main() {
	http.HandleFunc("/me", me)
	http.ListenAndServe(":8080", nil)
}
`)
	c.waitDiags("main.go", hasRule("server-timeouts"))
}
