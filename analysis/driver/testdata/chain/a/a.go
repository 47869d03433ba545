// Package a is the top of the chain.
package a

import (
	"fmt"

	"example.com/chain/b"
)

// Use calls b.Wrap, which is marked through c.
func Use() { fmt.Println(b.Wrap("x"), b.Other("y")) }
