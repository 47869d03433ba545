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
// "analysis". It reports the p50 and p95 latency.
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
			var lat []time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if i%2 == 0 {
					c.change(projects, contentChange{Range: &plain, Text: "len(members)"})
					c.waitDiags(projects, lacksRule("sensitive-field"))
				} else {
					c.change(projects, contentChange{Range: &counted, Text: "members"})
					c.waitDiags(projects, hasRule("sensitive-field"))
				}
				lat = append(lat, time.Since(start))
			}
			reportPercentiles(b, lat)
		})
	}
}

// BenchmarkCodeAction measures a code action request and the resolution of
// its preferred fix's edit on the example API, with p50 and p95.
func BenchmarkCodeAction(b *testing.B) {
	c := startClient(b, copyExample(b), clientOptions{caps: lazyCaps()})
	c.open(projects)
	d := findRule(c.waitDiags(projects, hasRule("sensitive-field")), "sensitive-field")
	b.Run("list", func(b *testing.B) {
		var lat []time.Duration
		for i := 0; i < b.N; i++ {
			start := time.Now()
			if len(c.codeActions(projects, *d, protocol.QuickFix)) == 0 {
				b.Fatal("no code actions")
			}
			lat = append(lat, time.Since(start))
		}
		reportPercentiles(b, lat)
	})
	b.Run("list+resolve", func(b *testing.B) {
		var lat []time.Duration
		for i := 0; i < b.N; i++ {
			start := time.Now()
			actions := c.codeActions(projects, *d, protocol.QuickFix)
			var resolved codeAction
			c.mustCall(methodCodeActionResolve, &actions[0], &resolved)
			if resolved.Edit == nil {
				b.Fatal("no edit")
			}
			lat = append(lat, time.Since(start))
		}
		reportPercentiles(b, lat)
		b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	})
}
