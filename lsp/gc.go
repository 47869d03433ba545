package lsp

import (
	"os"
	"runtime/debug"
)

// ServerGCPercent is the garbage collector's target that TuneGC sets. The
// server holds the syntax and types of the whole workspace (the live heap,
// a few hundred MB on a 100k-line workspace) and every edit allocates a
// package's worth of new syntax, types and findings. At the default of 100
// a collection, which marks the whole live heap, comes every few edits and
// takes CPU the analysis of the edit needs; at 300 it comes a third as
// often, for a peak heap of about four times the live heap instead of two.
const ServerGCPercent = 300

// TuneGC sets the garbage collector for a long-running language server,
// unless the user chose a setting through the GOGC environment variable.
// prodready serve calls it before serving; it affects the whole process.
// It returns the previous setting, for debug.SetGCPercent to restore.
func TuneGC() (previous int) {
	if _, set := os.LookupEnv("GOGC"); set {
		previous = debug.SetGCPercent(-1)
		debug.SetGCPercent(previous)
		return previous
	}
	return debug.SetGCPercent(ServerGCPercent)
}
