package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// GitHub writes one GitHub Actions workflow command per finding, which the
// runner turns into an annotation on the pull request:
//
//	::error file=api/tasks.go,line=12,col=2,endLine=12,endColumn=9,title=missing-auth::message
//
// Severity error gives ::error, warning ::warning and info ::notice; any
// other severity is an error. The title is the rule ID. Related locations
// are appended to the message, one per line. Property values escape
// % \r \n : and ,; the message escapes % \r \n, as the runner expects.
// Positions that are zero (unknown) are left out.
func GitHub(w io.Writer, findings []Finding) error {
	var buf bytes.Buffer
	for _, f := range sorted(findings) {
		if err := checkSeverity(f); err != nil {
			return err
		}
		cmd := f.Severity
		if cmd == "info" {
			cmd = "notice"
		}
		var props []string
		add := func(key, value string) {
			props = append(props, key+"="+escapeProperty(value))
		}
		addInt := func(key string, n int) {
			if n > 0 {
				add(key, strconv.Itoa(n))
			}
		}
		if f.File != "" {
			add("file", f.File)
		}
		addInt("line", f.Line)
		addInt("col", f.Column)
		addInt("endLine", f.EndLine)
		addInt("endColumn", f.EndColumn)
		add("title", f.Rule)

		msg := f.Message
		for _, r := range f.Related {
			msg += fmt.Sprintf("\n%s: %s", position(r.File, r.Line, r.Column), r.Message)
		}
		fmt.Fprintf(&buf, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(msg))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes a workflow command's message.
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
