package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// TestMatchFindings: the diagnostics a client sends back with a code-action
// request are paired with findings by rule and range, as clients really send
// them, never by message text.
func TestMatchFindings(t *testing.T) {
	const src = "package p\n" +
		"\n" +
		"func f() {\n" +
		"\t/* ünïcødé 😀😀 */ send(w, members)\n" +
		"\tignore(x)\n" +
		"}\n"
	m := NewMapper([]byte(src))
	at := func(s string) (int, int) {
		i := strings.Index(src, s)
		if i < 0 {
			t.Fatalf("%q not in the source", s)
		}
		return i, i + len(s)
	}
	findingAt := func(rule, s string) *finding {
		start, end := at(s)
		return &finding{rule: rule, message: rule + " message", start: start, end: end}
	}
	members := findingAt("sensitive-field", "members")
	w := findingAt("sensitive-field", "w,")
	ignore := findingAt("ignored-error", "ignore(x)")
	fs := &fileState{mapper: m, findings: []*finding{w, members, ignore}}

	rangeOf := func(f *finding) protocol.Range {
		r, err := m.Range(f.start, f.end)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// byteRange is f's range with columns counted in bytes, as Neovim 0.7
	// sends them back.
	byteRange := func(f *finding) protocol.Range {
		line := strings.LastIndexByte(src[:f.start], '\n') + 1
		r := rangeOf(f)
		r.Start.Character, r.End.Character = uint32(f.start-line), uint32(f.end-line)
		return r
	}
	point := func(f *finding) protocol.Range { r := rangeOf(f); r.End = r.Start; return r }
	nowhere := protocol.Range{Start: protocol.Position{Line: 0}, End: protocol.Position{Line: 0, Character: 1}}

	for _, tc := range []struct {
		name  string
		diags []protocol.Diagnostic
		rng   protocol.Range // the request's range
		want  []*finding
	}{{
		name:  "prodready's own diagnostic",
		diags: []protocol.Diagnostic{{Range: rangeOf(members), Code: "sensitive-field", Source: "prodready", Message: "sensitive-field message"}},
		rng:   point(members),
		want:  []*finding{members},
	}, {
		name:  "no source, message folded onto one line (ALE)",
		diags: []protocol.Diagnostic{{Range: rangeOf(members), Code: "sensitive-field", Message: "response writes\nsomething — reflowed"}},
		rng:   nowhere,
		want:  []*finding{members},
	}, {
		name:  "columns in bytes, past the finding's end (Neovim 0.7)",
		diags: []protocol.Diagnostic{{Range: byteRange(members), Code: "sensitive-field", Source: "prodready"}},
		rng:   nowhere,
		want:  []*finding{members},
	}, {
		name:  "a range that overlaps one finding of the rule",
		diags: []protocol.Diagnostic{{Range: protocol.Range{Start: rangeOf(members).Start, End: rangeOf(members).Start}, Code: "sensitive-field"}},
		rng:   nowhere,
		want:  []*finding{members},
	}, {
		name: "two diagnostics, two findings",
		diags: []protocol.Diagnostic{
			{Range: rangeOf(ignore), Code: "ignored-error"},
			{Range: rangeOf(w), Code: "sensitive-field"},
		},
		rng:  nowhere,
		want: []*finding{ignore, w},
	}, {
		name:  "the rule decides, not the place",
		diags: []protocol.Diagnostic{{Range: rangeOf(ignore), Code: "sensitive-field"}},
		rng:   nowhere,
		want:  nil,
	}, {
		name:  "only another server's diagnostic: the findings at the requested range",
		diags: []protocol.Diagnostic{{Range: rangeOf(members), Code: "unusedvariable", Source: "compiler"}},
		rng:   point(members),
		want:  []*finding{members},
	}, {
		name:  "another linter's diagnostic without a source (ALE): the findings at the requested range",
		diags: []protocol.Diagnostic{{Range: rangeOf(ignore), Code: "SA4006"}},
		rng:   point(ignore),
		want:  []*finding{ignore},
	}, {
		name:  "another server's diagnostic away from every finding",
		diags: []protocol.Diagnostic{{Range: nowhere, Code: "unusedvariable", Source: "compiler"}},
		rng:   nowhere,
		want:  nil,
	}, {
		name: "no diagnostics: the findings at the requested range",
		rng:  point(ignore),
		want: []*finding{ignore},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := (&Server{}).matchFindings(fs, &protocol.CodeActionParams{
				Range:   tc.rng,
				Context: protocol.CodeActionContext{Diagnostics: tc.diags},
			})
			if len(got) != len(tc.want) {
				t.Fatalf("%d findings matched, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, mt := range got {
				if mt.f != tc.want[i] {
					t.Errorf("match %d is %s at %d-%d, want %s at %d-%d", i, mt.f.rule, mt.f.start, mt.f.end, tc.want[i].rule, tc.want[i].start, tc.want[i].end)
				}
				if mt.diag.Code != mt.f.rule {
					t.Errorf("match %d carries diagnostic %+v", i, mt.diag)
				}
			}
		})
	}
}
