package lsp

import (
	"fmt"
	"go/token"
	"sort"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// A Mapper converts between the three ways the server names a place in one
// file's content: byte offsets (what go/token and the rewrite engine use),
// LSP positions (zero-based line and UTF-16 code unit, what clients send
// and expect), and token.Pos of a token.File parsed from the same content.
//
// It is the only code in the package that converts; everything else asks a
// Mapper. A Mapper is immutable and safe for concurrent use.
type Mapper struct {
	content []byte
	lines   []int // byte offset of the start of each line
}

// NewMapper returns a Mapper for content.
func NewMapper(content []byte) *Mapper {
	lines := []int{0}
	for i, b := range content {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &Mapper{content: content, lines: lines}
}

// Content returns the bytes the Mapper converts positions in.
func (m *Mapper) Content() []byte { return m.content }

// Position returns the LSP position of a byte offset. An offset inside a
// multi-byte character maps to the start of that character; an offset out
// of range is an error.
func (m *Mapper) Position(offset int) (protocol.Position, error) {
	if offset < 0 || offset > len(m.content) {
		return protocol.Position{}, fmt.Errorf("offset %d out of range [0, %d]", offset, len(m.content))
	}
	line := sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > offset }) - 1
	col := 0
	for i := m.lines[line]; i < offset; {
		r, size := utf8.DecodeRune(m.content[i:])
		if i+size > offset { // offset inside a character
			break
		}
		col += utf16Len(r)
		i += size
	}
	return protocol.Position{Line: uint32(line), Character: uint32(col)}, nil
}

// Offset returns the byte offset of an LSP position. A character past the
// end of its line maps to the end of the line (as the protocol asks); a
// position inside a surrogate pair or a line past the end is an error.
func (m *Mapper) Offset(p protocol.Position) (int, error) {
	line := int(p.Line)
	if line >= len(m.lines) {
		if line == len(m.lines) && p.Character == 0 && (len(m.content) == 0 || m.content[len(m.content)-1] == '\n') {
			return len(m.content), nil
		}
		return 0, fmt.Errorf("line %d out of range (%d lines)", line+1, len(m.lines))
	}
	end := len(m.content)
	if line+1 < len(m.lines) {
		end = m.lines[line+1] - 1 // the newline
	}
	if end > m.lines[line] && m.content[end-1] == '\r' {
		end--
	}
	want := int(p.Character)
	col := 0
	i := m.lines[line]
	for col < want && i < end {
		r, size := utf8.DecodeRune(m.content[i:end])
		n := utf16Len(r)
		if col+n > want {
			return 0, fmt.Errorf("position %d:%d is inside a UTF-16 surrogate pair", p.Line+1, p.Character)
		}
		col += n
		i += size
	}
	return i, nil
}

// Range converts the byte range [start, end) to an LSP range.
func (m *Mapper) Range(start, end int) (protocol.Range, error) {
	s, err := m.Position(start)
	if err != nil {
		return protocol.Range{}, err
	}
	e, err := m.Position(end)
	if err != nil {
		return protocol.Range{}, err
	}
	return protocol.Range{Start: s, End: e}, nil
}

// Offsets converts an LSP range to byte offsets.
func (m *Mapper) Offsets(r protocol.Range) (start, end int, err error) {
	if start, err = m.Offset(r.Start); err != nil {
		return 0, 0, err
	}
	if end, err = m.Offset(r.End); err != nil {
		return 0, 0, err
	}
	if start > end {
		return 0, 0, fmt.Errorf("range end %d:%d before its start %d:%d", r.End.Line+1, r.End.Character, r.Start.Line+1, r.Start.Character)
	}
	return start, end, nil
}

// PosRange converts a token.Pos range of tf, which must have been parsed
// from the Mapper's content, to an LSP range. NoPos as end means pos.
func (m *Mapper) PosRange(tf *token.File, pos, end token.Pos) (protocol.Range, error) {
	start, err := m.PosOffset(tf, pos)
	if err != nil {
		return protocol.Range{}, err
	}
	stop := start
	if end.IsValid() {
		if stop, err = m.PosOffset(tf, end); err != nil {
			return protocol.Range{}, err
		}
	}
	if stop < start {
		stop = start
	}
	return m.Range(start, stop)
}

// PosOffset converts a token.Pos of tf to a byte offset, checking that tf
// describes the Mapper's content.
func (m *Mapper) PosOffset(tf *token.File, pos token.Pos) (int, error) {
	if tf == nil {
		return 0, fmt.Errorf("no file for position")
	}
	if tf.Size() != len(m.content) {
		return 0, fmt.Errorf("%s: parsed from %d bytes, content has %d", tf.Name(), tf.Size(), len(m.content))
	}
	if !pos.IsValid() || int(pos) < tf.Base() || int(pos) > tf.Base()+tf.Size() {
		return 0, fmt.Errorf("position %d not in %s", pos, tf.Name())
	}
	return int(pos) - tf.Base(), nil
}

// OffsetPos converts a byte offset to a token.Pos of tf.
func (m *Mapper) OffsetPos(tf *token.File, offset int) (token.Pos, error) {
	if tf == nil || tf.Size() != len(m.content) {
		return token.NoPos, fmt.Errorf("file does not describe this content")
	}
	if offset < 0 || offset > tf.Size() {
		return token.NoPos, fmt.Errorf("offset %d out of range", offset)
	}
	return tf.Pos(offset), nil
}

// utf16Len is the number of UTF-16 code units of r; invalid UTF-8 bytes
// (decoded as RuneError of size 1) count as one unit, as editors show them.
func utf16Len(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1
}
