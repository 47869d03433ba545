package report

import (
	"bytes"
	"fmt"
	"io"
)

// Text writes one finding per line in the form compilers and go vet use, so
// editors and terminals make the positions clickable:
//
//	file:line:col: message [rule]
//
// followed by each related location on its own indented line:
//
//	\tfile:line:col: message
//
// As in go/token, an unknown (zero) column is left out ("file:line") and
// so is an unknown line ("file"). Line breaks inside messages are written
// as \n so that every finding stays on one line.
func Text(w io.Writer, findings []Finding) error {
	var buf bytes.Buffer
	for _, f := range sorted(findings) {
		fmt.Fprintf(&buf, "%s: %s [%s]\n", position(f.File, f.Line, f.Column), oneLine.Replace(f.Message), f.Rule)
		for _, r := range f.Related {
			fmt.Fprintf(&buf, "\t%s: %s\n", position(r.File, r.Line, r.Column), oneLine.Replace(r.Message))
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// position formats file:line:col, leaving out unknown parts.
func position(file string, line, col int) string {
	switch {
	case line < 1:
		return file
	case col < 1:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return fmt.Sprintf("%s:%d:%d", file, line, col)
}
