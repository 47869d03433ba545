// Package cli implements prodready's commands (check, routes, patterns) on
// top of the driver, the analyzers and the pattern catalog; cmd/prodready
// only parses flags and calls Main.
package cli
