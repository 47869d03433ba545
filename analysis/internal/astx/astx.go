// Package astx holds the syntax lookups the analyzers' fixers share:
// FileOf finds the file holding a position, Placeable lists the statements
// around a node before which new statements can go, StmtOf finds the
// statement list holding a node, FreeName picks a name a fix can declare.
package astx

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

// FileOf returns the file of files that holds pos, or nil.
func FileOf(files []*ast.File, pos token.Pos) *ast.File {
	for _, f := range files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// Placeable returns the statements enclosing [pos, end) in file that sit
// in a block or a case clause, innermost first, up to but not including
// stop (a function body, say; nil for none): the places where statements
// can be inserted before the node.
func Placeable(file *ast.File, pos, end token.Pos, stop ast.Node) []ast.Stmt {
	path, _ := astutil.PathEnclosingInterval(file, pos, end)
	var out []ast.Stmt
	for i, n := range path {
		if n == stop {
			break
		}
		s, ok := n.(ast.Stmt)
		if !ok || i+1 >= len(path) {
			continue
		}
		switch path[i+1].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			out = append(out, s)
		}
	}
	return out
}

// StmtOf returns the innermost statement holding n that belongs to a
// statement list (a block, a case or select clause), with that list and
// the node owning it; nil when n is in no such statement of its own
// function (a function literal's boundary stops the search).
func StmtOf(file *ast.File, n ast.Node) (stmt ast.Stmt, list []ast.Stmt, owner ast.Node) {
	path, _ := astutil.PathEnclosingInterval(file, n.Pos(), n.End())
	for i, node := range path {
		st, ok := node.(ast.Stmt)
		if !ok || i+1 >= len(path) {
			continue
		}
		switch parent := path[i+1].(type) {
		case *ast.BlockStmt:
			return st, parent.List, parent
		case *ast.CaseClause:
			return st, parent.Body, parent
		case *ast.CommClause:
			return st, parent.Body, parent
		case *ast.FuncLit, *ast.FuncDecl:
			return nil, nil, nil
		}
	}
	return nil, nil, nil
}

// FreeName returns base, or base followed by a number, that no
// identifier of decl uses and that names nothing visible at pos, so a
// declaration of it there neither shadows nor collides.
func FreeName(pkg *types.Package, decl ast.Node, base string, pos token.Pos) string {
	used := map[string]bool{}
	ast.Inspect(decl, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			used[id.Name] = true
		}
		return true
	})
	scope := pkg.Scope().Innermost(pos)
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name += strconv.Itoa(i)
		}
		if used[name] {
			continue
		}
		if scope == nil {
			return name
		}
		if _, obj := scope.LookupParent(name, pos); obj == nil {
			return name
		}
	}
}
