// Package driver loads Go packages and runs go/analysis analyzers over them,
// Facts included; Load returns a Program, Program.Run a Result. The CLI and
// the language server both use it.
package driver
