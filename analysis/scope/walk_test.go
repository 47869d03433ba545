package scope

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestWalk checks the listed preorder against ast.Inspect: the same nodes
// in the same order, handler literals left out, nested set inside other
// func literals, and a callback returning false skipping the children.
func TestWalk(t *testing.T) {
	const src = `package p

import "net/http"

func f(n int) int {
	g := func(x int) int { return x + n }
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(n) })
	if n > 0 {
		return g(n) * 2
	}
	return 0
}
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	body := file.Decls[1].(*ast.FuncDecl).Body
	st := &funcState{a: &analyzer{pass: &analysis.Pass{TypesInfo: info}}, u: &unit{body: body}}

	var want []ast.Node
	var handler *ast.FuncLit
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && len(lit.Type.Params.List) == 2 {
			handler = lit
			return false
		}
		if n != nil {
			want = append(want, n)
		}
		return true
	})
	var got []ast.Node
	var nested []ast.Node
	st.walk(func(n ast.Node, in bool) bool {
		got = append(got, n)
		if in {
			nested = append(nested, n)
		}
		return true
	})
	if handler == nil || len(got) != len(want) {
		t.Fatalf("walked %d nodes, want %d (handler literal found: %v)", len(got), len(want), handler != nil)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("node %d is %T, want %T", i, got[i], want[i])
		}
		if got[i] == handler {
			t.Fatal("walked into the handler literal")
		}
	}
	// The nested nodes are those under g's literal: its type, body and so on.
	g := body.List[0].(*ast.AssignStmt).Rhs[0].(*ast.FuncLit)
	for _, n := range nested {
		if n.Pos() < g.Pos() || n.End() > g.End() || n == g {
			t.Errorf("%T at %v marked nested", n, fset.Position(n.Pos()))
		}
	}
	if len(nested) == 0 {
		t.Error("nothing marked nested")
	}

	// Pruning at the if statement skips its condition and body only.
	ifStmt := body.List[2].(*ast.IfStmt)
	var pruned []ast.Node
	st.walk(func(n ast.Node, _ bool) bool {
		pruned = append(pruned, n)
		return n != ifStmt
	})
	for _, n := range pruned {
		if n != ifStmt && n.Pos() >= ifStmt.Pos() && n.End() <= ifStmt.End() {
			t.Errorf("walked %T inside the pruned if statement", n)
		}
	}
	if last := pruned[len(pruned)-1]; last.Pos() < ifStmt.End() {
		t.Errorf("walk stopped at %T, before the statements after the pruned one", last)
	}
}
