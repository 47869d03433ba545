// Package astx holds the syntax lookups the analyzers' fixers share:
// FileOf finds the file holding a position, Placeable lists the statements
// around a node before which new statements can go.
package astx

import (
	"go/ast"
	"go/token"

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
