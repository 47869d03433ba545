package report

import (
	"bytes"
	"encoding/json"
	"io"
)

// jsonReport is the stable shape of `prodready check -format json`
// (design.md). "related" is an addition to that shape and is omitted when
// a finding has no related locations.
type jsonReport struct {
	Findings []jsonFinding `json:"findings"`
}

type jsonFinding struct {
	Rule      string        `json:"rule"`
	Severity  string        `json:"severity"`
	File      string        `json:"file"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"endLine"`
	EndColumn int           `json:"endColumn"`
	Message   string        `json:"message"`
	Route     string        `json:"route,omitempty"`
	Fixes     []jsonFix     `json:"fixes"`
	Related   []jsonRelated `json:"related,omitempty"`
}

type jsonFix struct {
	Pattern string `json:"pattern"`
	Title   string `json:"title"`
}

type jsonRelated struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Message   string `json:"message"`
}

// JSON writes findings as
//
//	{"findings":[{"rule","severity","file","line","column","endLine","endColumn",
//	  "message","route"?,"fixes":[{"pattern","title"}],"related"?:[...]}]}
//
// indented by two spaces. "findings" and "fixes" are always arrays, never
// null; "route" and "related" are omitted when empty. Columns count bytes.
func JSON(w io.Writer, findings []Finding) error {
	out := jsonReport{Findings: []jsonFinding{}}
	for _, f := range sorted(findings) {
		jf := jsonFinding{
			Rule:      f.Rule,
			Severity:  f.Severity,
			File:      f.File,
			Line:      f.Line,
			Column:    f.Column,
			EndLine:   f.EndLine,
			EndColumn: f.EndColumn,
			Message:   f.Message,
			Route:     f.Route,
			Fixes:     []jsonFix{},
		}
		for _, x := range f.Fixes {
			jf.Fixes = append(jf.Fixes, jsonFix{Pattern: x.Pattern, Title: x.Title})
		}
		for _, r := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{
				File:      r.File,
				Line:      r.Line,
				Column:    r.Column,
				EndLine:   r.EndLine,
				EndColumn: r.EndColumn,
				Message:   r.Message,
			})
		}
		out.Findings = append(out.Findings, jf)
	}
	return encodeJSON(w, out)
}

// encodeJSON writes v indented, without HTML escaping (messages quote code
// such as "a < b" and should read as written), followed by a newline.
func encodeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
