// Package d imports nothing of the module, so sees no facts but its own.
package d

// MarkD is marked.
func MarkD() {}
