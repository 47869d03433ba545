//go:build !plan9

// This file has comments in every place a comment can go.

//go:generate stringer -type=Level

package api // the package clause can carry one too

import (
	"fmt" // for Sprintf
	/* block comment between imports */
	"strings"
)

// Level is a log level.
type Level int

// The levels, lowest first.
const (
	Debug Level = iota // chatty
	Info               // normal

	// Warn is the first level that pages.
	Warn
)

/*
Describe returns a description.
It has a block doc comment.
*/
func Describe(l Level, names ...string) string {
	// leading comment in the body
	var b strings.Builder // builder

	/* a block comment on its own line */
	for i, n := range names { // loop
		// inside the loop
		if i > 0 {
			b.WriteString(", ") /* after a call */
		}
		b.WriteString(n)
		// trailing comment at the end of the loop body
	}

	switch l {
	case Debug: // debug case
		// nothing
	case Info:
		return fmt.Sprintf("info %s", b.String())
	default:
		// fall through to the end
	}
	return fmt.Sprintf("level %d: %s", l, b.String()) // the end
	// comment after the last statement
}

var lookup = map[string]Level{
	"debug": Debug, // debug
	"info":  Info,
	// warn is rare
	"warn": Warn,
}

func use(x int /* inline param comment */) int {
	return x /* inline */ + 1
}

// trailing comment at the end of the file
