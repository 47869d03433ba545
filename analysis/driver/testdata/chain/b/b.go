// Package b calls c.
package b

import "example.com/chain/c"

// Wrap calls a marked function, so it is marked too.
func Wrap(s string) string { return c.MarkUpper(s) }

// Other calls only unmarked code.
func Other(s string) string { return c.Plain(s) }
