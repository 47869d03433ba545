package driver

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

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
