package lsp

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func TestMapperRoundTrip(t *testing.T) {
	content := "package p\n// ünïcødé 😀 x\r\nvar s = \"😀😀\" // é\n\nend"
	m := NewMapper([]byte(content))
	for off := 0; off <= len(content); off++ {
		pos, err := m.Position(off)
		if err != nil {
			t.Fatalf("Position(%d): %v", off, err)
		}
		back, err := m.Offset(pos)
		if err != nil {
			t.Fatalf("Offset(%v): %v", pos, err)
		}
		// Offsets inside a multi-byte character map to its start.
		start := off
		for start > 0 && start < len(content) && content[start]&0xC0 == 0x80 {
			start--
		}
		// The \n of a \r\n is past the line's end, which is before the \r.
		if start > 0 && start < len(content) && content[start] == '\n' && content[start-1] == '\r' {
			start--
		}
		if back != start {
			t.Errorf("offset %d -> %v -> %d, want %d", off, pos, back, start)
		}
	}
}

func TestMapperUTF16(t *testing.T) {
	content := "// ünïcødé 😀\nx := \"😀\"; y\n"
	m := NewMapper([]byte(content))
	for _, tc := range []struct {
		find string
		line uint32
		char uint32
	}{
		{"😀\n", 0, 11}, // 3 + 7 letters (each one UTF-16 unit) + space
		{"\n", 0, 13},  // the emoji is a surrogate pair: two units
		{"y", 1, 11},   // x := " (6) + pair (2) + "; and a space (3)
	} {
		off := strings.Index(content, tc.find)
		pos, err := m.Position(off)
		if err != nil {
			t.Fatal(err)
		}
		if pos.Line != tc.line || pos.Character != tc.char {
			t.Errorf("Position(%q) = %d:%d, want %d:%d", tc.find, pos.Line, pos.Character, tc.line, tc.char)
		}
	}
	if _, err := m.Offset(protocol.Position{Line: 0, Character: 12}); err == nil {
		t.Errorf("Offset inside a surrogate pair: no error")
	}
	// Past the end of a line: the end of the line.
	if off, err := m.Offset(protocol.Position{Line: 0, Character: 99}); err != nil || off != strings.Index(content, "\n") {
		t.Errorf("Offset past end of line = %d, %v", off, err)
	}
	if _, err := m.Offset(protocol.Position{Line: 9}); err == nil {
		t.Errorf("Offset of a line past the end: no error")
	}
	if off, err := m.Offset(protocol.Position{Line: 2}); err != nil || off != len(content) {
		t.Errorf("Offset of the line after the final newline = %d, %v", off, err)
	}
}

func TestMapperTokenPos(t *testing.T) {
	src := "package p\n\n// ünïcødé 😀\nvar 😀x = 1\nvar y = \"é\"\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		// 😀x is not an identifier; use a valid file.
		src = "package p\n\n// ünïcødé 😀\nvar x = \"😀\"\nvar y = 1\n"
		f, err = parser.ParseFile(fset, "p.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
	}
	tf := fset.File(f.Pos())
	m := NewMapper([]byte(src))
	y := f.Scope.Lookup("y")
	if y == nil {
		t.Fatal("no y")
	}
	pos := y.Pos()
	rng, err := m.PosRange(tf, pos, pos+1)
	if err != nil {
		t.Fatal(err)
	}
	if rng.Start.Line != 4 || rng.Start.Character != 4 || rng.End.Character != 5 {
		t.Errorf("PosRange(y) = %+v, want 4:4-4:5", rng)
	}
	x := f.Scope.Lookup("x")
	if off, _ := m.PosOffset(tf, x.Pos()); off != strings.Index(src, "x =") {
		t.Errorf("PosOffset(x) = %d", off)
	}
	if p, err := m.OffsetPos(tf, strings.Index(src, "y =")); err != nil || p != pos {
		t.Errorf("OffsetPos(y) = %v, %v, want %v", p, err, pos)
	}
	// A token.File of other content is refused, not mapped to garbage.
	other := NewMapper([]byte(src + "// more\n"))
	if _, err := other.PosRange(tf, pos, pos); err == nil {
		t.Errorf("PosRange on different content: no error")
	}
}

func TestApplyChanges(t *testing.T) {
	content := []byte("a 😀 b\nsecond ünï\n")
	r := func(l1, c1, l2, c2 uint32) *protocol.Range {
		return &protocol.Range{Start: protocol.Position{Line: l1, Character: c1}, End: protocol.Position{Line: l2, Character: c2}}
	}
	got, err := applyChanges(content, []contentChange{
		{Range: r(0, 5, 0, 6), Text: "B"},      // after the surrogate pair
		{Range: r(1, 7, 1, 10), Text: "ÜNÏ"},   // non-ASCII replaced
		{Range: r(0, 0, 0, 0), Text: "// 😀\n"}, // insertion at the start
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "// 😀\na 😀 B\nsecond ÜNÏ\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got, err = applyChanges(content, []contentChange{{Text: "whole"}})
	if err != nil || string(got) != "whole" {
		t.Errorf("full change: %q, %v", got, err)
	}
	if _, err := applyChanges(content, []contentChange{{Range: r(0, 3, 0, 4), Text: ""}}); err == nil {
		t.Errorf("change splitting a surrogate pair: no error")
	}
}
