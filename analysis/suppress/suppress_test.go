package suppress_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"github.com/prodready/prodready/analysis/rules"
	"github.com/prodready/prodready/analysis/suppress"
)

const handlers = `package api

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
)

type Server struct{ db *sql.DB }

// getTask serves GET /tasks/{id}.
//prodready:ignore missing-auth the gateway authenticates every request
func (s *Server) getTask(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	q := "SELECT * FROM tasks WHERE id = " + id //prodready:ignore sql-concat,unscoped-query id is checked by the router
	rows, _ := s.db.Query(q)
	json.NewEncoder(w).Encode(rows) //prodready:ignore ignored-error   // the client went away, nothing to do
	fmt.Fprintln(w, "done")
}

func (s *Server) deleteTask(w http.ResponseWriter, r *http.Request) {
	//prodready:ignore unscoped-query, sql-concat admin-only route, see ADR-12
	s.db.Exec("DELETE FROM tasks WHERE id = " + r.PathValue("id"))

	s.db.Exec("DELETE FROM logs") //prodready:ignore ignored-error
	//prodready:ignore no-context
	_ = 1

	s.db.Exec("VACUUM")
}

func (s *Server) listTasks(w http.ResponseWriter, r *http.Request) {
	//prodready:ignore no-such-rule,error-detail the message is a constant
	http.Error(w, fmt.Sprint(1), 500)
	//prodready:ignore missing-return error-detail reasons
	rows, err := s.db.Query("SELECT 1") //nolint:prodready
	_ = rows
	if err != nil { //nolint:prodready // checked by the caller
		return
	}
	_ = err //nolint:all
	_, _ = w.Write(nil) //nolint
	_ = r.Body.Close() //nolint:errcheck
	_ = r.Body.Close() //nolint:errcheck,prodready // both linters complain here
	_ = r.Body.Close() //nolintx
}

func (s *Server) odd(w http.ResponseWriter, r *http.Request) {
	// prodready:ignore missing-auth spaced, so an ordinary comment
	_ = r
	//prodready:skip missing-auth wrong verb
	_ = w
	//prodready:ignore
	_ = s
	//prodready:ignore ,
	_ = s
	//prodready:ignore missing-auth // reason after slashes
	_ = w
	//prodready:ignore missing-auth //
	_ = w
	//nolint:prodready
	_ = w
	//nolint:all
	_ = w
}
`

func parse(t *testing.T, files map[string]string) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for name := range files {
			if !yield(name) {
				return
			}
		}
	}) {
		f, err := parser.ParseFile(fset, name, files[name], parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	return fset, parsed
}

// at returns the position of the line holding the n-th occurrence
// (counting from 1) of s in src.
func at(t *testing.T, file, src, s string, n int) token.Position {
	t.Helper()
	offset := -1
	for range n {
		i := strings.Index(src[offset+1:], s)
		if i < 0 {
			t.Fatalf("%q occurs fewer than %d times", s, n)
		}
		offset += 1 + i
	}
	return token.Position{Filename: file, Line: strings.Count(src[:offset], "\n") + 1, Column: 1}
}

func TestSuppressed(t *testing.T) {
	fset, files := parse(t, map[string]string{"api.go": handlers, "other.go": handlers})
	idx := suppress.Parse(fset, files)
	line := func(s string, n int) token.Position { return at(t, "api.go", handlers, s, n) }

	for _, tt := range []struct {
		name string
		pos  token.Position
		rule string
		want bool
	}{
		{"directive in the doc comment, on the line above", line("func (s *Server) getTask", 1), "missing-auth", true},
		{"other rule at the same place", line("func (s *Server) getTask", 1), "no-rate-limit", false},
		{"trailing, first of two rules", line(`q := "SELECT`, 1), "sql-concat", true},
		{"trailing, second of two rules", line(`q := "SELECT`, 1), "unscoped-query", true},
		{"trailing directive does not cover the next line", line("rows, _ := s.db.Query(q)", 1), "sql-concat", false},
		{"reason after //", line("json.NewEncoder", 1), "ignored-error", true},
		{"rules separated by comma and space", line(`s.db.Exec("DELETE FROM tasks`, 1), "sql-concat", true},
		{"rules separated by comma and space, first", line(`s.db.Exec("DELETE FROM tasks`, 1), "unscoped-query", true},
		{"two lines below the directive", line(`fmt.Fprintln(w, "done")`, 1), "ignored-error", false},
		{"without a reason, still suppresses", line(`s.db.Exec("DELETE FROM logs")`, 1), "ignored-error", true},
		{"line above but trailing code's directive", line(`//prodready:ignore no-context`, 1), "ignored-error", false},
		{"empty line after an own-line directive", line(`s.db.Exec("VACUUM")`, 1), "no-context", false},
		{"known rule beside an unknown one", line(`http.Error(w, fmt.Sprint(1), 500)`, 1), "error-detail", true},
		{"space-separated rules: the second is the reason", line(`rows, err := s.db.Query("SELECT 1")`, 1), "error-detail", true}, // by the //nolint
		{"nolint:prodready", line(`rows, err := s.db.Query("SELECT 1")`, 1), "no-context", true},
		{"nolint:prodready with reason", line(`if err != nil { //nolint`, 1), "missing-return", true},
		{"nolint:all", line(`_ = err //nolint:all`, 1), "ignored-error", true},
		{"bare nolint", line(`_, _ = w.Write(nil)`, 1), "ignored-error", true},
		{"nolint for another linter", line(`_ = r.Body.Close() //nolint:errcheck`, 1), "ignored-error", false},
		{"nolint for another linter and prodready", line(`//nolint:errcheck,prodready`, 1), "ignored-error", true},
		{"nolintx is no directive", line(`//nolintx`, 1), "ignored-error", false},
		{"space after // disables", line(`_ = r`+"\n", 1), "missing-auth", false},
		{"unknown verb", line(`_ = w`+"\n", 1), "missing-auth", false},
		{"reason after slashes", line(`_ = w`+"\n", 2), "missing-auth", true},
		{"own-line nolint:prodready", line(`_ = w`+"\n", 4), "no-context", true},
		{"own-line nolint:all", line(`_ = w`+"\n", 5), "no-context", true},
		{"same line in another file", token.Position{Filename: "elsewhere.go", Line: line("func (s *Server) getTask", 1).Line}, "missing-auth", false},
	} {
		if got := idx.Suppressed(tt.pos, tt.rule); got != tt.want {
			t.Errorf("%s: Suppressed(line %d, %s) = %v, want %v", tt.name, tt.pos.Line, tt.rule, got, tt.want)
		}
	}

	var got []string
	for _, p := range idx.Problems(nil) {
		if p.Rule != rules.InvalidSuppression {
			t.Errorf("problem with rule %q", p.Rule)
		}
		if c := fset.Position(p.Pos); c != p.Position || !p.End.IsValid() {
			t.Errorf("Pos %v and Position %v disagree", c, p.Position)
		}
		if p.Position.Filename == "api.go" {
			got = append(got, p.Position.String()+": "+p.Message)
		}
	}
	want := []string{
		"api.go:26:32: //prodready:ignore without a reason; say after the rule names why the finding does not apply",
		"api.go:27:2: //prodready:ignore without a reason; say after the rule names why the finding does not apply",
		"api.go:27:2: //prodready:ignore no-context suppresses nothing: no no-context finding on this line or the next",
		"api.go:34:2: //prodready:ignore names unknown rule \"no-such-rule\"",
		"api.go:36:2: //prodready:ignore missing-return suppresses nothing: no missing-return finding on this line or the next",
		"api.go:50:2: a space after // turns \"// prodready:ignore missing-auth spaced, so an ordinary comment\" into an ordinary comment; write //prodready:ignore",
		"api.go:52:2: unknown directive //prodready:skip; the only one is //prodready:ignore <rule>[,<rule>] <reason>",
		"api.go:54:2: //prodready:ignore names no rule; write //prodready:ignore <rule>[,<rule>] <reason>",
		"api.go:56:2: //prodready:ignore names no rule; write //prodready:ignore <rule>[,<rule>] <reason>",
		"api.go:60:2: //prodready:ignore without a reason; say after the rule names why the finding does not apply",
		"api.go:60:2: //prodready:ignore missing-auth suppresses nothing: no missing-auth finding on this line or the next",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// other.go had no findings at all: every directive naming prodready
	// or a rule is unused there, while nolint:all and bare nolint are
	// left to other linters.
	var other []string
	for _, p := range idx.Problems(nil) {
		if p.Position.Filename == "other.go" && strings.Contains(p.Message, "suppresses nothing") {
			other = append(other, p.Message)
		}
	}
	// 12 rules named by //prodready:ignore, 4 //nolint comments naming prodready.
	if n := len(other); n != 16 {
		t.Errorf("other.go: %d unused suppressions, want 16:\n%s", n, strings.Join(other, "\n"))
	}
}

func TestProblemsSkipsRulesThatDidNotRun(t *testing.T) {
	src := `package p

func f() {
	//prodready:ignore no-context the job has its own deadline
	g()
	g() //prodready:ignore ignored-error,no-context best effort
	//nolint:prodready // generated
	g()
}

func g() error { return nil }
`
	fset, files := parse(t, map[string]string{"p.go": src})
	idx := suppress.Parse(fset, files)
	idx.Suppressed(at(t, "p.go", src, "g() //", 1), "ignored-error")

	messages := func(checked func(string) bool) []string {
		var out []string
		for _, p := range idx.Problems(checked) {
			out = append(out, p.Position.String()+": "+p.Message)
		}
		return out
	}
	all := messages(nil)
	wantAll := []string{
		"p.go:4:2: //prodready:ignore no-context suppresses nothing: no no-context finding on this line or the next",
		"p.go:6:6: //prodready:ignore no-context suppresses nothing: no no-context finding on this line",
		"p.go:7:2: //nolint:prodready suppresses nothing: no prodready finding on this line or the next",
	}
	if !slices.Equal(all, wantAll) {
		t.Errorf("all rules ran:\n%s\nwant:\n%s", strings.Join(all, "\n"), strings.Join(wantAll, "\n"))
	}
	// no-context is off: its suppressions cannot be judged, and neither
	// can a //nolint:prodready.
	if got := messages(func(rule string) bool { return rule != "no-context" }); len(got) != 0 {
		t.Errorf("with no-context off: %v", got)
	}
}

func TestParseWithoutDirectives(t *testing.T) {
	fset, files := parse(t, map[string]string{"p.go": "package p\n\n// A comment.\nfunc f() {} // nolint is mentioned here in prose\n"})
	idx := suppress.Parse(fset, files)
	if idx.Suppressed(token.Position{Filename: "p.go", Line: 4}, "missing-auth") {
		t.Error("suppressed without a directive")
	}
	if p := idx.Problems(nil); len(p) != 0 {
		t.Errorf("problems: %v", p)
	}
}

func TestTrailingAfterBraces(t *testing.T) {
	src := `package p

func f(ok bool) { //prodready:ignore missing-auth internal tool
	if ok {
		return
	} //prodready:ignore missing-return the branch above returns
	var x = struct {
		A int //prodready:ignore sensitive-field not a secret despite the name
	}{}
	_ = x
}
`
	fset, files := parse(t, map[string]string{"p.go": src})
	idx := suppress.Parse(fset, files)
	pos := func(s string) token.Position { return at(t, "p.go", src, s, 1) }
	for _, tt := range []struct {
		pos  token.Position
		rule string
		want bool
	}{
		{pos("func f"), "missing-auth", true},
		{pos("if ok"), "missing-auth", false}, // trailing: this line only
		{pos("} //"), "missing-return", true},
		{pos("var x"), "missing-return", false},
		{pos("A int"), "sensitive-field", true},
		{pos("}{}"), "sensitive-field", false},
	} {
		if got := idx.Suppressed(tt.pos, tt.rule); got != tt.want {
			t.Errorf("Suppressed(line %d, %s) = %v, want %v", tt.pos.Line, tt.rule, got, tt.want)
		}
	}
	if p := idx.Problems(nil); len(p) != 0 {
		t.Errorf("problems: %v", p)
	}
}
