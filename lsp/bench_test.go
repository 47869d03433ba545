package lsp

import (
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// BenchmarkEditToDiagnostics measures, on the example API, the time from a
// didChange to the diagnostics of the changed buffer: each edit adds or
// removes the sensitive-field finding, so every one is published. The
// debounce delay is included in "debounce-150ms" and left out in
// "analysis".
func BenchmarkEditToDiagnostics(b *testing.B) {
	for _, bc := range []struct {
		name     string
		debounce time.Duration
	}{{"analysis", time.Nanosecond}, {"debounce-150ms", 150 * time.Millisecond}} {
		b.Run(bc.name, func(b *testing.B) {
			c := startClient(b, copyExample(b), clientOptions{caps: lazyCaps(), debounce: bc.debounce})
			text := c.open(projects)
			c.waitDiags(projects, hasRule("sensitive-field"))
			p := position(b, text, "members)\n}")
			plain := protocol.Range{Start: p, End: protocol.Position{Line: p.Line, Character: p.Character + 7}}
			counted := protocol.Range{Start: p, End: protocol.Position{Line: p.Line, Character: p.Character + 12}}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%2 == 0 {
					c.change(projects, contentChange{Range: &plain, Text: "len(members)"})
					c.waitDiags(projects, lacksRule("sensitive-field"))
				} else {
					c.change(projects, contentChange{Range: &counted, Text: "members"})
					c.waitDiags(projects, hasRule("sensitive-field"))
				}
			}
		})
	}
}

// BenchmarkCodeAction measures a code action request and the resolution of
// its preferred fix's edit on the example API.
func BenchmarkCodeAction(b *testing.B) {
	c := startClient(b, copyExample(b), clientOptions{caps: lazyCaps()})
	c.open(projects)
	d := findRule(c.waitDiags(projects, hasRule("sensitive-field")), "sensitive-field")
	b.Run("list", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if len(c.codeActions(projects, *d, protocol.QuickFix)) == 0 {
				b.Fatal("no code actions")
			}
		}
	})
	b.Run("list+resolve", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			actions := c.codeActions(projects, *d, protocol.QuickFix)
			var resolved codeAction
			c.mustCall(methodCodeActionResolve, &actions[0], &resolved)
			if resolved.Edit == nil {
				b.Fatal("no edit")
			}
		}
	})
}
