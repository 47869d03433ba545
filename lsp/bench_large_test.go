package lsp

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/prodready/prodready/testdata/gen"
)

// BenchmarkLargeWorkspace measures the language server on a generated
// workspace of about 100k lines (3000 handlers; packages of about 50
// files): edit-to-diagnostics latency for an edit in a handler package,
// and code-action latency, with their p50 and p95, and the process's peak
// resident memory. Each edit adds or removes an error-detail finding, so
// every edit publishes new diagnostics. "edit-router" edits the router
// package instead (3000 registrations in one function), adding or
// removing its request-logging middleware: the router and the main
// package, whose facts change, are analysed again.
func BenchmarkLargeWorkspace(b *testing.B) {
	handlers := 3000
	if s := os.Getenv("PRODREADY_BENCH_HANDLERS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			handlers = n
		}
	}
	defer debug.SetGCPercent(TuneGC()) // as prodready serve does
	dir := b.TempDir()
	stats, err := gen.Generate(dir, handlers)
	if err != nil {
		b.Fatal(err)
	}
	rel, text := fileWith(b, dir, "err.Error()")
	c := startClient(b, dir, clientOptions{caps: lazyCaps(), debounce: time.Nanosecond})
	c.openText(rel, text)
	c.waitDiags(rel, hasRule("error-detail"))
	at := strings.Index(text, "err.Error()")
	p := offsetPosition(text, at)
	leaky := protocol.Range{Start: p, End: protocol.Position{Line: p.Line, Character: p.Character + uint32(len("err.Error()"))}}
	safe := protocol.Range{Start: p, End: protocol.Position{Line: p.Line, Character: p.Character + uint32(len(`"internal error"`))}}

	reset := func() *protocol.Diagnostic {
		if c.buffer(rel) != text {
			c.change(rel, contentChange{Text: text})
		}
		return findRule(c.waitDiags(rel, hasRule("error-detail")), "error-detail")
	}
	b.Run("edit-to-diagnostics", func(b *testing.B) {
		reset() // the benchmark function runs several times on one buffer
		var lat []time.Duration
		leaking := true
		for i := 0; i < b.N; i++ {
			start := time.Now()
			if leaking {
				c.change(rel, contentChange{Range: &leaky, Text: `"internal error"`})
				c.waitDiags(rel, lacksRule("error-detail"))
			} else {
				c.change(rel, contentChange{Range: &safe, Text: "err.Error()"})
				c.waitDiags(rel, hasRule("error-detail"))
			}
			lat = append(lat, time.Since(start))
			leaking = !leaking
		}
		reportPercentiles(b, lat)
		b.ReportMetric(float64(stats.Lines), "lines")
		b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	})
	var routerText string // the router is opened once; the function runs several times
	b.Run("edit-router", func(b *testing.B) {
		const router, logged, plain = "internal/router/router.go", "return logRequests(mux)", "return mux"
		if routerText == "" {
			routerText = c.open(router)
		}
		text := routerText
		c.waitDiags(router, lacksRule("no-request-log"))
		at := strings.Index(text, logged)
		p := offsetPosition(text, at)
		end := func(s string) protocol.Position {
			return protocol.Position{Line: p.Line, Character: p.Character + uint32(len(s))}
		}
		var lat []time.Duration
		for i := 0; i < b.N; i++ {
			start := time.Now()
			if i%2 == 0 {
				c.change(router, contentChange{Range: &protocol.Range{Start: p, End: end(logged)}, Text: plain})
				c.waitDiags(router, hasRule("no-request-log"))
			} else {
				c.change(router, contentChange{Range: &protocol.Range{Start: p, End: end(plain)}, Text: logged})
				c.waitDiags(router, lacksRule("no-request-log"))
			}
			lat = append(lat, time.Since(start))
		}
		if c.buffer(router) != text {
			c.change(router, contentChange{Text: text})
			c.waitDiags(router, lacksRule("no-request-log"))
		}
		reportPercentiles(b, lat)
		b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	})
	b.Run("code-action", func(b *testing.B) {
		d := reset()
		var lat []time.Duration
		for i := 0; i < b.N; i++ {
			start := time.Now()
			c.codeActions(rel, *d, protocol.QuickFix)
			lat = append(lat, time.Since(start))
		}
		reportPercentiles(b, lat)
		b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	})
}

// fileWith finds a generated file containing s.
func fileWith(b testing.TB, dir, s string) (rel, text string) {
	b.Helper()
	err := filepath.WalkDir(filepath.Join(dir, "internal", "api"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || rel != "" {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(data), s) {
			rel, _ = filepath.Rel(dir, path)
			text = string(data)
		}
		return err
	})
	if err != nil || rel == "" {
		b.Fatalf("no generated file contains %q (%v)", s, err)
	}
	return filepath.ToSlash(rel), text
}

// offsetPosition converts a byte offset of ASCII text to a position.
func offsetPosition(text string, off int) protocol.Position {
	line := strings.Count(text[:off], "\n")
	col := off - strings.LastIndex(text[:off], "\n") - 1
	return protocol.Position{Line: uint32(line), Character: uint32(col)}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
}

// peakRSSMB reads the process's peak resident set size (Linux).
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return kb / 1024
			}
		}
	}
	return 0
}
