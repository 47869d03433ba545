// Package printf finds the directives of fmt format strings, so that the
// analyzer reading a format and the pattern rewriting it agree on what a
// verb is.
package printf

import "strings"

// Verb is one directive of a format: Text is format[Start:End], flags,
// width and precision included. Percent marks an escaped percent sign
// (%%), which takes no argument.
type Verb struct {
	Start, End int
	Text       string
	Percent    bool
}

// Verbs returns the directives of format in order. It reports false for
// a format that ends inside a directive or uses an explicit argument
// index or a * width or precision, whose arguments do not follow the
// directives one by one.
func Verbs(format string) ([]Verb, bool) {
	var out []Verb
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.", format[j]) >= 0 {
			j++
		}
		if j >= len(format) || format[j] == '[' || format[j] == '*' {
			return nil, false
		}
		out = append(out, Verb{Start: i, End: j + 1, Text: format[i : j+1], Percent: format[j] == '%'})
		i = j
	}
	return out, true
}
