package driver

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

func pkgIDs(pkgs []*packages.Package) []string {
	var out []string
	for _, p := range pkgs {
		out = append(out, strings.TrimPrefix(p.ID, "example.com/chain/"))
	}
	return out
}

// TestUpdateTop edits a, which nothing imports: only a is checked and
// analysed again, and it still sees the facts b and c exported in the
// first run, found by object path in the unchanged packages.
func TestUpdateTop(t *testing.T) {
	dir := chainDir(t)
	prog := load(t, LoadConfig{Patterns: []string{"./a", "./b", "./c", "./d"}})
	first := run(t, prog, markAnalyzer)

	edit := map[string][]byte{filepath.Join(dir, "a/a.go"): []byte(`package a

import "example.com/chain/b"

func Use() string { return b.Wrap("x") }

func Again() string { return b.Wrap(b.Other("y")) }
`)}
	next, changed, err := prog.Update(context.Background(), edit)
	if err != nil {
		t.Fatal(err)
	}
	check(t, pkgIDs(changed), []string{"a"})
	second, err := first.Rerun(next)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a/a.go:1: mark: sees packages a=2 b=1 c=1; objects a.Again a.Use b.Wrap c.MarkUpper",
		"a/a.go:5: mark: call of marked example.com/chain/b.Wrap (via example.com/chain/c.MarkUpper)",
		"a/a.go:7: mark: call of marked example.com/chain/b.Wrap (via example.com/chain/c.MarkUpper)",
		"b/b.go:2: mark: sees packages b=1 c=1; objects b.Wrap c.MarkUpper",
		"b/b.go:7: mark: call of marked example.com/chain/c.MarkUpper (via example.com/chain/c.MarkUpper)",
		"c/c.go:2: mark: sees packages c=1; objects c.MarkUpper",
		"d/d.go:2: mark: sees packages d=1; objects d.MarkD",
	}
	check(t, diags(second), want)
	for _, n := range next.nodes {
		reused := second.states[n] == first.states[n]
		if reused != (n.pkg.Name != "a") {
			t.Errorf("%s: outcome reused = %t", n.pkg.ID, reused)
		}
	}
	// A fresh load with the same overlay agrees.
	fresh := run(t, load(t, LoadConfig{Patterns: []string{"./a", "./b", "./c", "./d"}, Overlay: edit}), markAnalyzer)
	check(t, diags(fresh), want)
}

// TestUpdateBottom edits c: b and a, which import it, are checked again
// with c's new types; d is untouched. Dropping the overlay restores the
// first results.
func TestUpdateBottom(t *testing.T) {
	dir := chainDir(t)
	prog := load(t, LoadConfig{Patterns: []string{"./a", "./b", "./c", "./d"}})
	first := run(t, prog, markAnalyzer)
	cfile := filepath.Join(dir, "c/c.go")
	next, changed, err := prog.Update(context.Background(), map[string][]byte{cfile: []byte(`package c

func MarkUpper(s string) string { return s }

func Plain(s string) string { return MarkUpper(s) }
`)})
	if err != nil {
		t.Fatal(err)
	}
	check(t, pkgIDs(changed), []string{"c", "b", "a"})
	if old, now := prog.Packages()[1], next.Packages()[1]; old == now || old.Types == now.Types || now.Imports["example.com/chain/c"] != next.Packages()[2] {
		t.Error("b was not re-checked against the new c")
	}
	second, err := first.Rerun(next)
	if err != nil {
		t.Fatal(err)
	}
	check(t, diags(second), []string{
		"a/a.go:2: mark: sees packages a=1 b=2 c=2; objects a.Use b.Other b.Wrap c.MarkUpper c.Plain",
		"a/a.go:11: mark: call of marked example.com/chain/b.Wrap (via example.com/chain/c.MarkUpper)",
		"a/a.go:11: mark: call of marked example.com/chain/b.Other (via example.com/chain/c.MarkUpper)",
		"b/b.go:2: mark: sees packages b=2 c=2; objects b.Other b.Wrap c.MarkUpper c.Plain",
		"b/b.go:7: mark: call of marked example.com/chain/c.MarkUpper (via example.com/chain/c.MarkUpper)",
		"b/b.go:10: mark: call of marked example.com/chain/c.Plain (via example.com/chain/c.MarkUpper)",
		"c/c.go:1: mark: sees packages c=2; objects c.MarkUpper c.Plain",
		"c/c.go:5: mark: call of marked example.com/chain/c.MarkUpper (via example.com/chain/c.MarkUpper)",
		"d/d.go:2: mark: sees packages d=1; objects d.MarkD",
	})

	back, _, err := next.Update(context.Background(), map[string][]byte{cfile: nil})
	if err != nil {
		t.Fatal(err)
	}
	third, err := second.Rerun(back)
	if err != nil {
		t.Fatal(err)
	}
	check(t, diags(third), diags(first))
}

func TestUpdateNeedsLoad(t *testing.T) {
	dir := chainDir(t)
	prog := load(t, LoadConfig{Patterns: []string{"./b", "./c"}})
	for name, src := range map[string]string{
		"b/b.go":   "package b\n\nimport \"os\"\n\nvar _ = os.Args\n",
		"c/c.go":   "package cc\n",
		"c/new.go": "package c\n",
		"a/a.go":   "package a\n", // a is not loaded
	} {
		_, _, err := prog.Update(context.Background(), map[string][]byte{filepath.Join(dir, name): []byte(src)})
		if !errors.Is(err, ErrNeedLoad) {
			t.Errorf("%s: err = %v, want ErrNeedLoad", name, err)
		}
	}
	// A syntax error needs no reload: it is an error of the package.
	next, _, err := prog.Update(context.Background(), map[string][]byte{filepath.Join(dir, "c/c.go"): []byte("package c\n\nfunc Plain(s string) string { return s\n")})
	if err != nil {
		t.Fatal(err)
	}
	errs := next.Errors()
	if len(errs) == 0 || errs[0].Kind != packages.ParseError {
		t.Errorf("Errors() = %v, want a parse error first", ids(errs))
	}
	if !next.Packages()[0].IllTyped {
		t.Error("b is not ill-typed although c has a syntax error")
	}
}

// declAnalyzer reports each call of a function of another source package
// of the module, with the callee's declaration as related information: a
// diagnostic holding a position in a dependency's file.
var declAnalyzer = &analysis.Analyzer{
	Name: "decl",
	Doc:  "test analyzer that points at the declarations of called functions",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if fn, ok := typeutilCallee(pass.TypesInfo, call).(*types.Func); ok && fn.Pkg() != pass.Pkg && strings.HasPrefix(fn.Pkg().Path(), "example.com/") {
						pass.Report(analysis.Diagnostic{Pos: call.Pos(), Message: "calls " + fn.Name(),
							Related: []analysis.RelatedInformation{{Pos: fn.Pos(), Message: "declared here"}}})
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

// update applies edit to res's program with Update and analyses the new
// program with Rerun. It returns the program Update made, the new Result
// and the packages Update type-checked.
func update(t *testing.T, res *Result, edit map[string][]byte) (*Program, *Result, []string) {
	t.Helper()
	next, changed, err := res.Program().Update(context.Background(), edit)
	if err != nil {
		t.Fatal(err)
	}
	again, err := res.Rerun(next)
	if err != nil {
		t.Fatal(err)
	}
	return next, again, pkgIDs(changed)
}

// positions formats the diagnostics and their related information as
// file:line:column, with positions moved to the current parse by Current,
// and checks that Current lands in the file the program parsed last.
func positions(t *testing.T, res *Result) []string {
	t.Helper()
	prog := res.Program()
	cur := map[*token.File]bool{}
	for _, pkg := range prog.SourcePackages() {
		for _, f := range pkg.Syntax {
			cur[prog.Fset.File(f.FileStart)] = true
		}
	}
	at := func(pos token.Pos) string {
		pos = prog.Current(pos)
		if !cur[prog.Fset.File(pos)] {
			t.Errorf("Current(%d) is in %s, a file of an earlier parse", pos, prog.Fset.File(pos).Name())
		}
		p := prog.Fset.Position(pos)
		return fmt.Sprintf("%s/%s:%d:%d", filepath.Base(filepath.Dir(p.Filename)), filepath.Base(p.Filename), p.Line, p.Column)
	}
	var out []string
	for _, d := range res.Diagnostics() {
		s := at(d.Pos) + ": " + d.Analyzer.Name + ": " + d.Message
		for _, r := range d.Related {
			s += " [" + r.Message + " " + at(r.Pos) + "]"
		}
		out = append(out, s)
	}
	return out
}

// reusedOutcomes lists, by package name, whether second kept the outcome
// first had for the package, and whether its types are those first
// analysed.
func reusedOutcomes(first, second *Result) []string {
	before := map[string]*pkgState{}
	for n, st := range first.states {
		before[n.pkg.ID] = st
	}
	var out []string
	for _, n := range second.prog.nodes {
		st := second.states[n]
		out = append(out, fmt.Sprintf("%s outcome=%t types=%t", n.pkg.Name, st == before[n.pkg.ID], n.pkg == before[n.pkg.ID].pkg))
	}
	return out
}

const cBody = `// Package c is the bottom of the chain a → b → c.
package c

import "strings"

// MarkUpper is marked by the test analyzer because of its name.
func MarkUpper(s string) string { return strings.ToUpper(s) }

// Plain is not marked.
func Plain(s string) string { return s }
`

// TestCutoffKeepsDependents edits c's function bodies without changing
// what b and a see of it — its API, its declarations' lines and columns,
// its facts: b and a keep their types and outcomes, and their diagnostics
// pointing into c move to c's new parse.
func TestCutoffKeepsDependents(t *testing.T) {
	dir := chainDir(t)
	patterns := []string{"./a", "./b", "./c", "./d"}
	prog := load(t, LoadConfig{Patterns: patterns})
	first := run(t, prog, markAnalyzer, declAnalyzer)
	want := positions(t, first)

	edit := map[string][]byte{filepath.Join(dir, "c/c.go"): []byte(strings.Replace(strings.Replace(cBody,
		"strings.ToUpper(s) }", "strings.ToUpper(strings.TrimSpace(s)) }", 1), // a longer line above Plain
		"return s }", "return s + \"\" }", 1))}
	next, second, changed := update(t, first, edit)
	check(t, changed, []string{"c"})
	if second.Program() != next {
		t.Error("Rerun type-checked again although no fact changed")
	}
	check(t, reusedOutcomes(first, second), []string{
		"c outcome=false types=false", "b outcome=true types=true", "a outcome=true types=true", "d outcome=true types=true",
	})
	check(t, positions(t, second), want)
	fresh := run(t, load(t, LoadConfig{Patterns: patterns, Overlay: edit}), markAnalyzer, declAnalyzer)
	check(t, positions(t, fresh), want)

	// The same content again: c is checked, nothing else.
	_, third, changed := update(t, second, edit)
	check(t, changed, []string{"c"})
	check(t, reusedOutcomes(second, third), []string{
		"c outcome=false types=false", "b outcome=true types=true", "a outcome=true types=true", "d outcome=true types=true",
	})
}

// TestCutoffFactChange edits c's body so that Plain becomes marked: c's
// API is the same, so Update checks c alone, but b and a read the changed
// fact, so Rerun type-checks them again and analyses them, and b.Other,
// which calls Plain, is now marked.
func TestCutoffFactChange(t *testing.T) {
	dir := chainDir(t)
	patterns := []string{"./a", "./b", "./c", "./d"}
	prog := load(t, LoadConfig{Patterns: patterns})
	first := run(t, prog, markAnalyzer, declAnalyzer)
	edit := map[string][]byte{filepath.Join(dir, "c/c.go"): []byte(strings.Replace(cBody, "return s }", "return MarkUpper(s) }", 1))}
	next, second, changed := update(t, first, edit)
	check(t, changed, []string{"c"})
	if second.Program() == next {
		t.Fatal("Rerun kept b's types although it analysed b again")
	}
	check(t, reusedOutcomes(first, second), []string{
		"c outcome=false types=false", "b outcome=false types=false", "a outcome=false types=false", "d outcome=true types=true",
	})
	for _, n := range second.prog.nodes {
		if !n.current() {
			t.Errorf("%s was analysed with types of an earlier version of its dependencies", n.pkg.ID)
		}
	}
	got := positions(t, second)
	fresh := run(t, load(t, LoadConfig{Patterns: patterns, Overlay: edit}), markAnalyzer, declAnalyzer)
	check(t, got, positions(t, fresh))
	if !slices.Contains(got, "b/b.go:10:38: mark: call of marked example.com/chain/c.Plain (via example.com/chain/c.MarkUpper)") {
		t.Errorf("b.Other's call of the now marked Plain is not reported:\n\t%s", strings.Join(got, "\n\t"))
	}

	// A further edit of c that changes nothing for b finds b's fresh types current.
	_, third, changed := update(t, second, map[string][]byte{filepath.Join(dir, "c/c.go"): append(edit[filepath.Join(dir, "c/c.go")], "\n// more\n"...)})
	check(t, changed, []string{"c"})
	check(t, reusedOutcomes(second, third), []string{
		"c outcome=false types=false", "b outcome=true types=true", "a outcome=true types=true", "d outcome=true types=true",
	})
}

// TestCutoffAPIChange: a new line above c's declarations moves them, and
// a changed signature changes c's API; either way b and a, which see c's
// declarations, are type-checked again by Update.
func TestCutoffAPIChange(t *testing.T) {
	dir := chainDir(t)
	patterns := []string{"./a", "./b", "./c", "./d"}
	for name, src := range map[string]string{
		"moved":     strings.Replace(cBody, "import \"strings\"\n", "import \"strings\"\n\n", 1),
		"signature": strings.Replace(cBody, "func Plain(s string) string", "func Plain(s ...string) string", 1) + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			if name == "signature" {
				src = strings.Replace(src, "return s }", "return s[0] }", 1)
			}
			prog := load(t, LoadConfig{Patterns: patterns})
			first := run(t, prog, markAnalyzer, declAnalyzer)
			edit := map[string][]byte{filepath.Join(dir, "c/c.go"): []byte(src)}
			_, second, changed := update(t, first, edit)
			check(t, changed, []string{"c", "b", "a"})
			fresh := run(t, load(t, LoadConfig{Patterns: patterns, Overlay: edit}), markAnalyzer, declAnalyzer)
			check(t, positions(t, second), positions(t, fresh))
		})
	}
}

// TestCutoffAfterErrors: a syntax error in c makes b ill-typed; fixing it
// makes b well-typed again, with the first run's diagnostics.
func TestCutoffAfterErrors(t *testing.T) {
	dir := chainDir(t)
	cfile := filepath.Join(dir, "c/c.go")
	prog := load(t, LoadConfig{Patterns: []string{"./a", "./b", "./c"}})
	first := run(t, prog, markAnalyzer)
	_, second, _ := update(t, first, map[string][]byte{cfile: []byte(strings.Replace(cBody, "return s }", "return s", 1))})
	for _, p := range second.Packages() {
		if !p.IllTyped {
			t.Errorf("%s is well-typed although c has a syntax error", p.ID)
		}
	}
	_, third, changed := update(t, second, map[string][]byte{cfile: []byte(cBody)})
	check(t, changed, []string{"c", "b", "a"})
	for _, p := range third.Packages() {
		if p.IllTyped {
			t.Errorf("%s is ill-typed after the fix", p.ID)
		}
	}
	check(t, diags(third), diags(first))
}

// TestCutoffTestVariants: with test variants loaded, an edit of c's body
// keeps b, its test variant and its external test package; an edit of b
// re-checks both variants holding b.go, and the external test package
// only if b's API changed.
func TestCutoffTestVariants(t *testing.T) {
	dir := chainDir(t)
	cfg := LoadConfig{Patterns: []string{"./b"}, Tests: true}
	first := run(t, load(t, cfg), markAnalyzer, declAnalyzer)
	cEdit := map[string][]byte{filepath.Join(dir, "c/c.go"): []byte(strings.Replace(cBody, "return s }", "return s + \"\" }", 1))}
	_, second, changed := update(t, first, cEdit)
	check(t, changed, []string{"c"})
	cfg.Overlay = cEdit
	check(t, positions(t, second), positions(t, run(t, load(t, cfg), markAnalyzer, declAnalyzer)))

	bfile := filepath.Join(dir, "b/b.go")
	src, err := os.ReadFile(bfile)
	if err != nil {
		t.Fatal(err)
	}
	bEdit := map[string][]byte{bfile: []byte(strings.Replace(string(src), "return c.Plain(s) }", "return c.Plain(s + \"\") }", 1))}
	_, third, changed := update(t, second, bEdit)
	check(t, changed, []string{"b", "b [example.com/chain/b.test]"})
	cfg.Overlay = map[string][]byte{}
	maps.Copy(cfg.Overlay, cEdit)
	maps.Copy(cfg.Overlay, bEdit)
	check(t, positions(t, third), positions(t, run(t, load(t, cfg), markAnalyzer, declAnalyzer)))
}
