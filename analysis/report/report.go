// Package report renders Findings for `prodready check` in four formats:
// Text for people, JSON for scripts, SARIF for code-scanning services and
// GitHub for workflow annotations.
//
// Every renderer sorts its findings (by file, line, column, rule, message)
// before writing, so the same findings always give the same bytes.
package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// A Finding is one diagnostic as the CLI reports it.
type Finding struct {
	Rule     string // rule ID, e.g. "missing-auth"
	Severity string // "error", "warning" or "info"
	File     string // relative to the current directory, forward slashes

	// Positions are 1-based; columns count bytes. Zero means unknown.
	Line, Column, EndLine, EndColumn int

	Message string
	Route   string // optional, e.g. "GET /tasks/{id}"
	Fixes   []Fix  // preferred first; order is kept
	Related []Related
}

// A Fix names a pattern that resolves a finding.
type Fix struct {
	Pattern string // pattern ID, e.g. "auth/require-user"
	Title   string
}

// Related is a secondary location of a finding, such as the registration
// site of a route whose handler lacks authentication.
type Related struct {
	File                             string
	Line, Column, EndLine, EndColumn int
	Message                          string
}

// RuleInfo describes a rule for the SARIF tool component. Callers fill it
// from the rule registry.
type RuleInfo struct {
	ID              string
	Title           string // one line
	Help            string // plain text, may span paragraphs
	DocURL          string
	DefaultSeverity string // "error", "warning", "info" or "off"
}

// sorted returns a sorted copy of findings, with each finding's related
// locations sorted too. The caller's slices are not modified.
func sorted(findings []Finding) []Finding {
	out := slices.Clone(findings)
	for i := range out {
		if len(out[i].Related) > 1 {
			out[i].Related = slices.Clone(out[i].Related)
			slices.SortStableFunc(out[i].Related, compareRelated)
		}
	}
	slices.SortStableFunc(out, compareFindings)
	return out
}

func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
		// Tie-breakers so that equal keys still come out in one order.
		cmp.Compare(a.EndLine, b.EndLine),
		cmp.Compare(a.EndColumn, b.EndColumn),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Route, b.Route),
	)
}

func compareRelated(a, b Related) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.EndLine, b.EndLine),
		cmp.Compare(a.EndColumn, b.EndColumn),
	)
}

// checkSeverity reports a finding whose severity the SARIF and GitHub
// formats cannot express, rather than guessing a level for it.
func checkSeverity(f Finding) error {
	switch f.Severity {
	case "error", "warning", "info":
		return nil
	}
	return fmt.Errorf("finding %s at %s:%d: unknown severity %q (want error, warning or info)", f.Rule, f.File, f.Line, f.Severity)
}

// oneLine keeps a message on one line of text output.
var oneLine = strings.NewReplacer("\r", `\r`, "\n", `\n`)
