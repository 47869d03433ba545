package driver

import (
	"path/filepath"
	"strings"
	"testing"
)

// cMultiLine is c with bodies of several lines, which an edit can change
// without moving a declaration.
const cMultiLine = `// Package c is the bottom of the chain a → b → c.
package c

import "strings"

// MarkUpper is marked by the test analyzer because of its name.
func MarkUpper(s string) string {
	return strings.ToUpper(s)
}

// Plain is not marked.
func Plain(s string) string {
	return s
}

// Same is generic: dependents instantiate it, but its body is not part
// of its export data.
func Same[T any](x T) T {
	return x
}
`

// TestBodyEditKeepsExportHash: a re-check after an edit inside function
// bodies that moves no declaration keeps the export hash without writing
// export data again, and the kept hash is the one apiOf computes; any
// other edit computes it afresh.
func TestBodyEditKeepsExportHash(t *testing.T) {
	dir := chainDir(t)
	cfile := filepath.Join(dir, "c/c.go")
	prog := load(t, LoadConfig{Patterns: []string{"./a", "./b", "./c"}})
	res := run(t, prog, markAnalyzer, declAnalyzer)
	steps := []struct {
		name, src  string
		bodiesOnly bool
	}{
		{"first re-check parses every file", cMultiLine, false},
		{"same lines, another body", strings.Replace(cMultiLine, "return strings.ToUpper(s)", "return strings.ToUpper(strings.TrimSpace(s))", 1), true},
		{"a comment in a body", strings.Replace(cMultiLine, "\treturn s\n", "\treturn s + \"\" // same\n", 1), true},
		{"a generic body", strings.Replace(cMultiLine, "\treturn x\n", "\treturn *(&x)\n", 1), true},
		{"a new line in a body moves Plain", strings.Replace(cMultiLine, "\treturn strings.ToUpper(s)\n", "\ts = strings.TrimSpace(s)\n\treturn strings.ToUpper(s)\n", 1), false},
		{"back to one line each", cMultiLine, false},
		{"a changed signature", strings.Replace(cMultiLine, "func Plain(s string) string {\n\treturn s\n}", "func Plain(s ...string) string {\n\treturn s[0]\n}", 1), false},
		{"a doc comment of the same length", strings.Replace(strings.Replace(cMultiLine, "func Plain(s string) string {\n\treturn s\n}", "func Plain(s ...string) string {\n\treturn s[0]\n}", 1), "Plain is not marked.", "Plain is not MARKED.", 1), false},
	}
	for _, st := range steps {
		next, again, _ := update(t, res, map[string][]byte{cfile: []byte(st.src)})
		res = again
		for _, n := range next.nodes {
			if n.pkg.Name != "c" {
				continue
			}
			if n.bodiesOnly != st.bodiesOnly {
				t.Errorf("%s: bodiesOnly = %t, want %t", st.name, n.bodiesOnly, st.bodiesOnly)
			}
			if want := apiOf(next.Fset, n); !n.api.same(want) {
				t.Errorf("%s: the export hash kept is not the package's", st.name)
			}
		}
	}
}
