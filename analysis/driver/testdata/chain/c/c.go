// Package c is the bottom of the chain a → b → c.
package c

import "strings"

// MarkUpper is marked by the test analyzer because of its name.
func MarkUpper(s string) string { return strings.ToUpper(s) }

// Plain is not marked.
func Plain(s string) string { return s }
