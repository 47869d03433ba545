package rewrite

import (
	"fmt"
	"go/token"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
)

// ParseStmts parses src, a sequence of statements as they would appear in
// a function body, into new dst statements with their comments, ready to
// insert into a tree. Build src with the names AddImport returned.
func ParseStmts(src string) ([]dst.Stmt, error) {
	f, err := decorator.Parse("package p\n\nfunc _() {\n" + src + "\n}\n")
	if err != nil {
		return nil, fmt.Errorf("parse statements: %w", err)
	}
	return f.Decls[0].(*dst.FuncDecl).Body.List, nil
}

// ParseExpr parses src, one expression, into a new dst expression.
func ParseExpr(src string) (dst.Expr, error) {
	f, err := decorator.Parse("package p\n\nvar _ = " + src + "\n")
	if err != nil {
		return nil, fmt.Errorf("parse expression: %w", err)
	}
	spec := f.Decls[0].(*dst.GenDecl).Specs[0].(*dst.ValueSpec)
	if len(spec.Values) != 1 {
		return nil, fmt.Errorf("parse expression: %q is not one expression", src)
	}
	return spec.Values[0], nil
}

// ParseDecls parses src, top-level declarations without package clause or
// imports, into new dst declarations with their comments.
func ParseDecls(src string) ([]dst.Decl, error) {
	f, err := decorator.Parse("package p\n\n" + src + "\n")
	if err != nil {
		return nil, fmt.Errorf("parse declarations: %w", err)
	}
	for _, d := range f.Decls {
		if gd, ok := d.(*dst.GenDecl); ok && gd.Tok == token.IMPORT {
			return nil, fmt.Errorf("parse declarations: imports are added with AddImport")
		}
	}
	return f.Decls, nil
}
