package driver

import (
	"context"
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// marked is the fact the test analyzer attaches to functions named Mark*
// and to functions calling a marked function.
type marked struct{ Via string }

func (*marked) AFact() {}

// count is the package fact: how many functions of the package are marked.
type count struct{ N int }

func (*count) AFact() {}

// markAnalyzer exports facts, reports calls of marked functions, and
// reports on each package clause the package and object facts it can see.
// Its result is the number of functions it marked.
var markAnalyzer = &analysis.Analyzer{
	Name:       "mark",
	Doc:        "test analyzer that propagates marks along calls",
	FactTypes:  []analysis.Fact{new(marked), new(count)},
	ResultType: reflect.TypeOf(0),
	Run: func(pass *analysis.Pass) (any, error) {
		n := 0
		for _, f := range pass.Files {
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok {
					continue
				}
				fn := pass.TypesInfo.Defs[fd.Name].(*types.Func)
				var fact *marked
				if strings.HasPrefix(fn.Name(), "Mark") {
					fact = &marked{Via: fn.FullName()}
				}
				ast.Inspect(fd.Body, func(node ast.Node) bool {
					call, ok := node.(*ast.CallExpr)
					if !ok {
						return true
					}
					callee, ok := typeutilCallee(pass.TypesInfo, call).(*types.Func)
					var m marked
					if ok && pass.ImportObjectFact(callee, &m) {
						pass.Reportf(call.Pos(), "call of marked %s (via %s)", callee.FullName(), m.Via)
						if fact == nil {
							fact = &marked{Via: m.Via}
						}
					}
					return true
				})
				if fact != nil {
					pass.ExportObjectFact(fn, fact)
					n++
				}
			}
		}
		pass.ExportPackageFact(&count{N: n})
		var pkgs, objs []string
		for _, pf := range pass.AllPackageFacts() {
			pkgs = append(pkgs, fmt.Sprintf("%s=%d", pf.Package.Name(), pf.Fact.(*count).N))
		}
		for _, of := range pass.AllObjectFacts() {
			objs = append(objs, of.Object.Pkg().Name()+"."+of.Object.Name())
		}
		pass.Reportf(pass.Files[0].Name.Pos(), "sees packages %s; objects %s", strings.Join(pkgs, " "), strings.Join(objs, " "))
		return n, nil
	},
}

func typeutilCallee(info *types.Info, call *ast.CallExpr) types.Object {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return info.Uses[fun]
	case *ast.SelectorExpr:
		return info.Uses[fun.Sel]
	}
	return nil
}

// filesAnalyzer has no facts, so it runs on matched packages only.
var filesAnalyzer = &analysis.Analyzer{
	Name:       "files",
	Doc:        "test analyzer that counts files",
	ResultType: reflect.TypeOf(0),
	Run:        func(pass *analysis.Pass) (any, error) { return len(pass.Files), nil },
}

// despiteAnalyzer runs on packages with errors.
var despiteAnalyzer = &analysis.Analyzer{
	Name:             "despite",
	Doc:              "test analyzer that runs despite errors",
	RunDespiteErrors: true,
	Run: func(pass *analysis.Pass) (any, error) {
		pass.Reportf(pass.Files[0].Name.Pos(), "%d type errors", len(pass.TypeErrors))
		return nil, nil
	},
}

// readAnalyzer reports the first line of each file as Pass.ReadFile gives it,
// and whether reading a file outside the package is refused.
var readAnalyzer = &analysis.Analyzer{
	Name: "read",
	Doc:  "test analyzer that reads files",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			name := pass.Fset.File(f.Pos()).Name()
			src, err := pass.ReadFile(name)
			if err != nil {
				return nil, err
			}
			first, _, _ := strings.Cut(string(src), "\n")
			_, err = pass.ReadFile(filepath.Join(filepath.Dir(name), "..", "go.mod"))
			pass.Reportf(f.Package, "first line %q; go.mod refused: %t", first, err != nil)
		}
		return nil, nil
	},
}

// boomAnalyzer panics on package b.
var boomAnalyzer = &analysis.Analyzer{
	Name: "boom",
	Doc:  "test analyzer that panics",
	Run: func(pass *analysis.Pass) (any, error) {
		if pass.Pkg.Name() == "b" {
			explode(pass.Pkg.Path())
		}
		return nil, nil
	},
}

func explode(path string) { panic("boom in " + path) }

var needsBoom = &analysis.Analyzer{
	Name:     "needsboom",
	Doc:      "test analyzer that requires boom",
	Requires: []*analysis.Analyzer{boomAnalyzer},
	Run:      func(pass *analysis.Pass) (any, error) { return nil, nil },
}

func chainDir(t testing.TB) string {
	dir, err := filepath.Abs("testdata/chain")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func load(t *testing.T, cfg LoadConfig) *Program {
	t.Helper()
	if cfg.Dir == "" {
		cfg.Dir = chainDir(t)
	}
	prog, err := Load(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

func run(t *testing.T, prog *Program, analyzers ...*analysis.Analyzer) *Result {
	t.Helper()
	res, err := prog.Run(analyzers)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// diags formats diagnostics as "dir/file.go:line: analyzer: message".
func diags(res *Result) []string {
	var out []string
	for _, d := range res.Diagnostics() {
		p := res.Program().Fset.Position(d.Pos)
		out = append(out, fmt.Sprintf("%s/%s:%d: %s: %s", filepath.Base(filepath.Dir(p.Filename)), filepath.Base(p.Filename), p.Line, d.Analyzer.Name, d.Message))
	}
	return out
}

func ids(errs []PackageError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Package.ID+": "+e.Msg)
	}
	return out
}

func check(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestFactsFlowDownstreamOnly(t *testing.T) {
	prog := load(t, LoadConfig{Patterns: []string{"./a", "./b", "./c", "./d"}})
	if errs := prog.Errors(); len(errs) > 0 {
		t.Fatalf("errors: %v", ids(errs))
	}
	res := run(t, prog, markAnalyzer)
	check(t, diags(res), []string{
		"a/a.go:2: mark: sees packages a=1 b=1 c=1; objects a.Use b.Wrap c.MarkUpper",
		"a/a.go:11: mark: call of marked example.com/chain/b.Wrap (via example.com/chain/c.MarkUpper)",
		"b/b.go:2: mark: sees packages b=1 c=1; objects b.Wrap c.MarkUpper",
		"b/b.go:7: mark: call of marked example.com/chain/c.MarkUpper (via example.com/chain/c.MarkUpper)",
		"c/c.go:2: mark: sees packages c=1; objects c.MarkUpper",
		"d/d.go:2: mark: sees packages d=1; objects d.MarkD",
	})
	if errs := res.Errors(); len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
	for path, want := range map[string]int{"example.com/chain/a": 1, "example.com/chain/c": 1} {
		if got, ok := res.ResultOf(markAnalyzer, path); !ok || got != want {
			t.Errorf("ResultOf(mark, %s) = %v, %t; want %d", path, got, ok, want)
		}
	}
}

// TestDependenciesFromSourceForFacts loads only a: b and c are analysed
// from source for their facts, but report nothing and run no analyzer
// without facts; fmt and strings come from export data.
func TestDependenciesFromSourceForFacts(t *testing.T) {
	prog := load(t, LoadConfig{Patterns: []string{"./a"}})
	var src []string
	for _, p := range prog.SourcePackages() {
		src = append(src, p.ID)
	}
	check(t, src, []string{"example.com/chain/c", "example.com/chain/b", "example.com/chain/a"})
	if got := prog.Packages(); len(got) != 1 || got[0].ID != "example.com/chain/a" {
		t.Fatalf("Packages() = %v, want [a]", got)
	}
	a := prog.Packages()[0]
	if b := a.Imports["example.com/chain/b"]; len(b.Syntax) == 0 || b.TypesInfo == nil {
		t.Error("b was not type-checked from source")
	}
	if f := a.Imports["fmt"]; len(f.Syntax) > 0 || f.Types == nil || !f.Types.Complete() {
		t.Errorf("fmt: %d files of syntax, types %v; want export data only", len(f.Syntax), f.Types)
	}

	res := run(t, prog, markAnalyzer, filesAnalyzer)
	check(t, diags(res), []string{
		"a/a.go:2: mark: sees packages a=1 b=1 c=1; objects a.Use b.Wrap c.MarkUpper",
		"a/a.go:11: mark: call of marked example.com/chain/b.Wrap (via example.com/chain/c.MarkUpper)",
	})
	if _, ok := res.ResultOf(markAnalyzer, "example.com/chain/b"); !ok {
		t.Error("mark did not run on dependency b")
	}
	if _, ok := res.ResultOf(filesAnalyzer, "example.com/chain/b"); ok {
		t.Error("files, which has no facts, ran on dependency b")
	}
	if got, ok := res.ResultOf(filesAnalyzer, "example.com/chain/a"); !ok || got != 1 {
		t.Errorf("ResultOf(files, a) = %v, %t; want 1", got, ok)
	}
}

func TestOverlay(t *testing.T) {
	dir := chainDir(t)
	overlay := map[string][]byte{
		// a now imports c directly, which it does not on disk.
		filepath.Join(dir, "a/a.go"): []byte(`// Package a, edited.
package a

import (
	"example.com/chain/b"
	"example.com/chain/c"
)

func Use() string { return b.Other(c.MarkUpper("z")) }
`),
		// Plain now calls a marked function, so b.Other becomes marked.
		filepath.Join(dir, "c/c.go"): []byte(`// Package c, edited.
package c

func MarkUpper(s string) string { return s }

func Plain(s string) string { return MarkUpper(s) }
`),
	}
	prog := load(t, LoadConfig{Patterns: []string{"./a"}, Overlay: overlay})
	if errs := prog.Errors(); len(errs) > 0 {
		t.Fatalf("errors: %v", ids(errs))
	}
	res := run(t, prog, markAnalyzer, readAnalyzer)
	check(t, diags(res), []string{
		`a/a.go:2: read: first line "// Package a, edited."; go.mod refused: true`,
		`a/a.go:2: mark: sees packages a=1 b=2 c=2; objects a.Use b.Other b.Wrap c.MarkUpper c.Plain`,
		"a/a.go:9: mark: call of marked example.com/chain/b.Other (via example.com/chain/c.MarkUpper)",
		"a/a.go:9: mark: call of marked example.com/chain/c.MarkUpper (via example.com/chain/c.MarkUpper)",
	})
}

func TestTypeErrorsKeepThePackage(t *testing.T) {
	prog := load(t, LoadConfig{})
	errs := prog.Errors()
	if len(errs) != 1 || errs[0].Package.ID != "example.com/chain/broken" || errs[0].Kind != 3 || !strings.Contains(errs[0].Msg, "cannot use") {
		t.Fatalf("Errors() = %v, want one type error in broken", ids(errs))
	}
	if !strings.HasSuffix(errs[0].Pos, "broken.go:7:13") {
		t.Errorf("error position %s, want broken.go:7:13", errs[0].Pos)
	}
	var got []string
	for _, p := range prog.Packages() {
		got = append(got, fmt.Sprintf("%s illTyped=%t", strings.TrimPrefix(p.ID, "example.com/chain/"), p.IllTyped))
	}
	check(t, got, []string{"a illTyped=false", "b illTyped=false", "broken illTyped=true", "c illTyped=false", "d illTyped=false", "usesbroken illTyped=true"})

	res := run(t, prog, markAnalyzer, despiteAnalyzer)
	var skipped []string
	for _, s := range res.Skipped() {
		skipped = append(skipped, s.Analyzer.Name+" on "+s.Package.ID+": "+s.Reason)
	}
	check(t, skipped, []string{
		"mark on example.com/chain/broken: package has errors",
		"mark on example.com/chain/usesbroken: dependency example.com/chain/broken has errors",
	})
	var brokenDiags []string
	for _, d := range diags(res) {
		if strings.HasPrefix(d, "broken/") || strings.HasPrefix(d, "usesbroken/") {
			brokenDiags = append(brokenDiags, d)
		}
	}
	check(t, brokenDiags, []string{
		"broken/broken.go:2: despite: 1 type errors",
		"usesbroken/usesbroken.go:2: despite: 0 type errors",
	})
}

func TestPanicBecomesError(t *testing.T) {
	prog := load(t, LoadConfig{Patterns: []string{"./a", "./b", "./c"}})
	res := run(t, prog, needsBoom, markAnalyzer)
	errs := res.Errors()
	if len(errs) != 1 {
		t.Fatalf("Errors() = %v, want one", errs)
	}
	e := errs[0]
	if e.Analyzer != boomAnalyzer || e.Package.ID != "example.com/chain/b" {
		t.Errorf("error from %s on %s, want boom on b", e.Analyzer.Name, e.Package.ID)
	}
	msg := e.Error()
	if !strings.Contains(msg, "panic: boom in example.com/chain/b") || !strings.Contains(msg, "driver.explode(") {
		t.Errorf("error lacks the panic value or the stack:\n%s", msg)
	}
	var skipped []string
	for _, s := range res.Skipped() {
		skipped = append(skipped, s.Analyzer.Name+" on "+s.Package.ID+": "+s.Reason)
	}
	check(t, skipped, []string{"needsboom on example.com/chain/b: required analyzer boom failed"})
	if len(diags(res)) != 5 {
		t.Errorf("mark reported %d diagnostics beside the panic, want 5: %v", len(diags(res)), diags(res))
	}
}

func TestDeterministic(t *testing.T) {
	prog := load(t, LoadConfig{})
	first := diags(run(t, prog, markAnalyzer, despiteAnalyzer))
	for range 5 {
		check(t, diags(run(t, prog, markAnalyzer, despiteAnalyzer)), first)
	}
}

func TestLoadErrorForMissingDir(t *testing.T) {
	_, err := Load(context.Background(), LoadConfig{Dir: filepath.Join(t.TempDir(), "missing")})
	if err == nil {
		t.Error("Load in a missing directory succeeded")
	}
}

// TestTests loads test variants: b's files are analysed in b and in
// "b [b.test]", but each diagnostic is returned once, and the external test
// package sees the facts of the test variant.
func TestTests(t *testing.T) {
	prog := load(t, LoadConfig{Patterns: []string{"./b"}, Tests: true})
	var got []string
	for _, p := range prog.Packages() {
		got = append(got, p.ID)
	}
	check(t, got, []string{"example.com/chain/b", "example.com/chain/b [example.com/chain/b.test]", "example.com/chain/b_test [example.com/chain/b.test]"})
	check(t, diags(run(t, prog, markAnalyzer)), []string{
		"b/b.go:2: mark: sees packages b=1 c=1; objects b.Wrap c.MarkUpper",
		"b/b.go:2: mark: sees packages b=2 c=1; objects b.TestWrap b.Wrap c.MarkUpper",
		"b/b.go:7: mark: call of marked example.com/chain/c.MarkUpper (via example.com/chain/c.MarkUpper)",
		"b/b_test.go:6: mark: call of marked example.com/chain/b.Wrap (via example.com/chain/c.MarkUpper)",
		"b/b_test.go:7: mark: call of marked example.com/chain/b.Wrap (via example.com/chain/c.MarkUpper)",
		"b/x_test.go:1: mark: sees packages b=2 b_test=1 c=1; objects b.TestWrap b.Wrap b_test.TestOther c.MarkUpper",
		"b/x_test.go:9: mark: call of marked example.com/chain/b.Wrap (via example.com/chain/c.MarkUpper)",
	})
}
