// Package broken has a type error.
package broken

import "example.com/chain/c"

// N is misdeclared.
var N int = c.Plain("x")
