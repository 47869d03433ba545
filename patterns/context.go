package patterns

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/dave/dst"

	"github.com/prodready/prodready/rewrite"
)

// Propagate is context/propagate: give a database or outbound HTTP call
// the context in reach.
var Propagate = &Pattern{
	ID:      "context/propagate",
	Concern: "context",
	Rules:   []string{"no-context"},
	Title:   "Pass the request context",
	Description: `Switches a database or outbound HTTP call to its context-taking form, given the context in
reach: the request's (r.Context(), gin's c.Request.Context(), echo's c.Request().Context()), or a
context.Context parameter. A context variable the function already derives from it (ctx :=
r.Context(), ctx, cancel := context.WithTimeout(r.Context(), …)) is reused when it is in scope.

db.Query(q, args...) becomes db.QueryContext(ctx, q, args...), and so for QueryRow, Exec, Prepare,
Ping, sqlx Get, Select, Queryx, NamedExec … and a project's own interface with <Name>Context
methods; Begin becomes BeginTx(ctx, nil) (sqlx Beginx BeginTxx, MustBegin MustBeginTx). The
context variant must take the same arguments after the context and return the same results, or
the pattern is not offered. A gorm chain gains .WithContext(ctx) where it starts (s.db.Where(…)
.Find(&ts) becomes s.db.WithContext(ctx).Where(…).Find(&ts)). http.NewRequest becomes
http.NewRequestWithContext(ctx, …), and context.Background() or TODO() handed to such a call is
replaced by the context.

http.Get, Head, Post and PostForm (and the same methods of an *http.Client) become a request built
with http.NewRequestWithContext and sent with the client's Do (http.DefaultClient for the package
functions), with Post's Content-Type set on the request. The error of building the request is
handled the way the code handles the call's: the error check that follows the call is repeated
after the request is built. Without such a check (a return of the call, an error ignored) the
pattern is not offered.

A function that takes no context is not changed from its caller: adding a context parameter
means changing every caller, and a fix edits one package. Give the function a context parameter
by hand; its own calls are then reported, and fixed, inside it.`,
	Params: []Param{
		{"Call", "the call to change"},
		{"Ctx", "the context expression: a context variable in scope, or the request's context"},
		{"Method / Options", "the context variant to call, with nil options for BeginTx"},
		{"Arg", "the context.Background() argument to replace, or the root of the gorm chain"},
		{"Req, Check", "for an HTTP shortcut: the request variable's name and the error check to repeat"},
	},
	Example: Example{Before: propagateBefore, After: propagateAfter},
}

func init() { Register(Propagate) }

// PropagateKind says how a call is given the context.
type PropagateKind int

// The ways a call is given the context.
const (
	// PropagateMethod calls Method instead, with Ctx first.
	PropagateMethod PropagateKind = iota + 1
	// PropagateArg replaces the argument at Arg (context.Background()).
	PropagateArg
	// PropagateGorm starts the gorm chain at Arg with .WithContext(Ctx).
	PropagateGorm
	// PropagateRequest rewrites an http.Get-style call into a request
	// built with NewRequestWithContext and sent with Do.
	PropagateRequest
)

// PropagateParams is context/propagate at one site.
type PropagateParams struct {
	Kind          PropagateKind
	Call, CallEnd token.Pos
	Ctx           Snippet
	// Method is the context variant to call (PropagateMethod); Options
	// adds nil after the context (BeginTx(ctx, nil)).
	Method  string
	Options bool
	// Arg and ArgEnd delimit the argument to replace (PropagateArg) or the
	// start of the gorm chain (PropagateGorm).
	Arg, ArgEnd token.Pos
	// PropagateRequest: Req names the request variable; Check is the
	// error check after the call's statement, repeated after the request
	// is built; HTTPMethod is the http.Method constant (MethodGet).
	Req        string
	Check      token.Pos
	HTTPMethod string
}

// Fix instantiates context/propagate with p.
func (p PropagateParams) Fix() Fix {
	return Fix{Pattern: Propagate, Apply: p.apply}
}

func (p PropagateParams) apply(e *rewrite.Editor) error {
	call, err := authzNode[*ast.CallExpr](e, p.Call, p.CallEnd)
	if err != nil {
		return err
	}
	file, err := e.FileAt(p.Call)
	if err != nil {
		return err
	}
	ctx, err := authzExpr(e, file, p.Ctx)
	if err != nil {
		return err
	}
	dcall := e.Dst(call).(*dst.CallExpr)
	switch p.Kind {
	case PropagateMethod:
		sel, ok := dcall.Fun.(*dst.SelectorExpr)
		if !ok || p.Method == "" {
			return fmt.Errorf("propagate: %s is not a method or package function call", types.ExprString(call.Fun))
		}
		sel.Sel = dst.NewIdent(p.Method)
		front := []dst.Expr{ctx}
		if p.Options {
			front = append(front, dst.NewIdent("nil"))
		}
		dcall.Args = append(front, dcall.Args...)
	case PropagateArg, PropagateGorm:
		x, err := authzNode[ast.Expr](e, p.Arg, p.ArgEnd)
		if err != nil {
			return err
		}
		dx := e.Dst(x).(dst.Expr)
		repl := ctx
		if p.Kind == PropagateGorm {
			if withContext(e, x) {
				return nil // another finishing call of the same chain gave it the context
			}
			// The root moves into the new call, so a second fix on the
			// chain finds it there.
			repl = &dst.CallExpr{Fun: &dst.SelectorExpr{X: dx, Sel: dst.NewIdent("WithContext")}, Args: []dst.Expr{ctx}}
		}
		before, after := dx.Decorations().Before, dx.Decorations().After
		dx.Decorations().Before, dx.Decorations().After = dst.None, dst.None
		repl.Decorations().Before, repl.Decorations().After = before, after
		if !authzReplace(e, x, repl) {
			return fmt.Errorf("propagate: cannot replace %s", types.ExprString(x))
		}
	case PropagateRequest:
		return p.request(e, file, call, ctx)
	default:
		return fmt.Errorf("propagate: no way to pass the context given")
	}
	return nil
}

// request rewrites `resp, err := http.Get(url)` (or Head, Post, PostForm,
// or a client's) as
//
//	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
//	<the error check that follows>
//	resp, err := http.DefaultClient.Do(req)
func (p PropagateParams) request(e *rewrite.Editor, file *dst.File, call *ast.CallExpr, ctx dst.Expr) error {
	info := e.Package().Info
	stmt, err := authzNode[*ast.AssignStmt](e, stmtStart(e, call), token.NoPos)
	if err != nil || len(stmt.Rhs) != 1 || ast.Unparen(stmt.Rhs[0]) != call || len(stmt.Lhs) != 2 {
		return fmt.Errorf("propagate: the request is not made in an assignment of its response and error")
	}
	check, err := authzNode[*ast.IfStmt](e, p.Check, token.NoPos)
	if err != nil {
		return err
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !token.IsIdentifier(p.Req) || p.HTTPMethod == "" {
		return fmt.Errorf("propagate: the request is not made with http's or a client's shortcut")
	}
	httpName := e.AddImport(file, "net/http", "http")
	q := func(name string) dst.Expr {
		if httpName == "" {
			return dst.NewIdent(name)
		}
		return &dst.SelectorExpr{X: dst.NewIdent(httpName), Sel: dst.NewIdent(name)}
	}
	client := q("DefaultClient")
	if obj, isPkg := info.Uses[identOf(sel.X)].(*types.PkgName); !isPkg || obj.Imported().Path() != "net/http" {
		client = bareClone(e, sel.X)
	}
	var body dst.Expr = dst.NewIdent("nil")
	var header []dst.Stmt
	setType := func(ct dst.Expr) {
		header = append(header, &dst.ExprStmt{X: &dst.CallExpr{
			Fun:  &dst.SelectorExpr{X: &dst.SelectorExpr{X: dst.NewIdent(p.Req), Sel: dst.NewIdent("Header")}, Sel: dst.NewIdent("Set")},
			Args: []dst.Expr{&dst.BasicLit{Kind: token.STRING, Value: `"Content-Type"`}, ct},
		}})
	}
	switch sel.Sel.Name {
	case "Get", "Head":
		if len(call.Args) != 1 {
			return fmt.Errorf("propagate: %s takes one argument", sel.Sel.Name)
		}
	case "Post":
		if len(call.Args) != 3 {
			return fmt.Errorf("propagate: Post takes three arguments")
		}
		body = bareClone(e, call.Args[2])
		setType(bareClone(e, call.Args[1]))
	case "PostForm":
		if len(call.Args) != 2 {
			return fmt.Errorf("propagate: PostForm takes two arguments")
		}
		stringsName := e.AddImport(file, "strings", "strings")
		reader := dst.Expr(dst.NewIdent("NewReader"))
		if stringsName != "" {
			reader = &dst.SelectorExpr{X: dst.NewIdent(stringsName), Sel: dst.NewIdent("NewReader")}
		}
		encoded := &dst.CallExpr{Fun: &dst.SelectorExpr{X: bareClone(e, call.Args[1]), Sel: dst.NewIdent("Encode")}}
		body = &dst.CallExpr{Fun: reader, Args: []dst.Expr{encoded}}
		setType(&dst.BasicLit{Kind: token.STRING, Value: `"application/x-www-form-urlencoded"`})
	default:
		return fmt.Errorf("propagate: %s is not an HTTP shortcut", sel.Sel.Name)
	}
	errVar := bareClone(e, stmt.Lhs[1])
	build := &dst.AssignStmt{
		Lhs: []dst.Expr{dst.NewIdent(p.Req), errVar},
		Tok: token.DEFINE,
		Rhs: []dst.Expr{&dst.CallExpr{Fun: q("NewRequestWithContext"), Args: []dst.Expr{ctx, q(p.HTTPMethod), bareClone(e, call.Args[0]), body}}},
	}
	repeated := dst.Clone(e.Dst(check)).(dst.Stmt)
	repeated.Decorations().Before, repeated.Decorations().After = dst.NewLine, dst.NewLine
	repeated.Decorations().Start, repeated.Decorations().End = nil, nil
	dcall := e.Dst(call).(*dst.CallExpr)
	dcall.Fun = &dst.SelectorExpr{X: client, Sel: dst.NewIdent("Do")}
	dcall.Args = []dst.Expr{dst.NewIdent(p.Req)}
	dstmt := e.Dst(stmt).(*dst.AssignStmt)
	if stmt.Tok == token.DEFINE && !slices.ContainsFunc(stmt.Lhs[:1], func(l ast.Expr) bool {
		id, ok := l.(*ast.Ident)
		return ok && id.Name != "_" && info.Defs[id] != nil
	}) {
		dstmt.Tok = token.ASSIGN // the error is declared with the request now
	}
	if !insertStmts(e, stmt, append([]dst.Stmt{build, repeated}, header...), false) {
		return fmt.Errorf("propagate: the request's statement is not in a block")
	}
	return nil
}

// withContext reports whether x already starts a .WithContext call in
// this rewrite: another finishing call of the same chain gave it one.
func withContext(e *rewrite.Editor, x ast.Expr) bool {
	file, err := e.FileAt(x.Pos())
	if err != nil {
		return false
	}
	d := e.Dst(x)
	found := false
	dst.Inspect(file, func(n dst.Node) bool {
		if sel, ok := n.(*dst.SelectorExpr); ok && sel.Sel.Name == "WithContext" && dst.Node(sel.X) == d {
			found = true
		}
		return !found
	})
	return found
}

// stmtStart returns the position of the statement holding call, found
// among the package's statements.
func stmtStart(e *rewrite.Editor, call *ast.CallExpr) token.Pos {
	pos := token.NoPos
	for _, f := range e.Package().Files {
		if call.Pos() < f.FileStart || call.Pos() > f.FileEnd {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil || n.Pos() > call.Pos() || n.End() < call.End() {
				return false
			}
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == call {
				pos = as.Pos()
				return false
			}
			return true
		})
	}
	return pos
}

func identOf(x ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(x).(*ast.Ident)
	return id
}
