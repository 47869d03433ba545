package ctxprop

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/astx"
	"github.com/prodready/prodready/patterns"
)

// FixSites returns one Site per finding that context/propagate fixes.
func (r *Result) FixSites() []patterns.Site { return r.sites }

var _ patterns.Sites = (*Result)(nil)

// fixes returns context/propagate for a hit when the call can be given
// the context in reach without changing what else it does.
func (c *checker) fixes(h *hit) []patterns.Fix {
	if h.decl == nil {
		return nil
	}
	ctx, ok := c.contextAt(h)
	if !ok {
		return nil
	}
	p := patterns.PropagateParams{Call: h.call.Pos(), CallEnd: h.call.End(), Ctx: patterns.Snippet{Src: ctx}}
	switch h.kind {
	case Method:
		opts, ok := c.sameSignature(h)
		if !ok {
			return nil
		}
		p.Kind, p.Method, p.Options = patterns.PropagateMethod, h.repl, opts
	case NewRequest:
		p.Kind, p.Method = patterns.PropagateMethod, h.repl
	case Background:
		p.Kind, p.Arg, p.ArgEnd = patterns.PropagateArg, h.arg.Pos(), h.arg.End()
	case Gorm:
		p.Kind, p.Arg, p.ArgEnd = patterns.PropagateGorm, h.root.Pos(), h.root.End()
	case HTTPShortcut:
		if !c.requestShape(h, &p) {
			return nil
		}
		p.Kind = patterns.PropagateRequest
	default:
		// Callee: the function called takes no context. Giving it one
		// changes its signature and every caller, across packages.
		return nil
	}
	return []patterns.Fix{p.Fix()}
}

// contextAt returns the expression of the context in reach at the hit's
// call: a variable the function derives from it and that is in scope
// there (ctx := r.Context(), ctx, cancel := context.WithTimeout(r.Context(),
// …)), else the reach's own expression, provided its parameter is not
// shadowed at the call.
func (c *checker) contextAt(h *hit) (string, bool) {
	info := c.pass.TypesInfo
	pos := h.call.Pos()
	scope := c.pass.Pkg.Scope().Innermost(pos)
	if scope == nil || h.reach.v == nil {
		return "", false
	}
	if _, obj := scope.LookupParent(h.reach.v.Name(), pos); obj != h.reach.v {
		return "", false
	}
	derived := map[types.Object]bool{h.reach.v: true}
	var best *types.Var
	var derives func(e ast.Expr) bool
	derives = func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if id, ok := e.(*ast.Ident); ok {
			return derived[info.Uses[id]]
		}
		if types.ExprString(e) == h.reach.ctx {
			return rootObj(info, e) == h.reach.v
		}
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return false
		}
		fn, _ := typeutil.Callee(info, call).(*types.Func)
		return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" && strings.HasPrefix(fn.Name(), "With") && derives(call.Args[0])
	}
	ast.Inspect(h.decl.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Rhs) != 1 || as.Pos() >= pos {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok || !derives(as.Rhs[0]) {
			return true
		}
		v, ok := info.Defs[id].(*types.Var)
		if !ok || !isContext(v.Type()) {
			return true
		}
		derived[v] = true
		if _, obj := scope.LookupParent(v.Name(), pos); obj == v && c.settled(h.decl.Body, v, as, pos) {
			best = v
		}
		return true
	})
	if best != nil {
		return best.Name(), true
	}
	return h.reach.ctx, true
}

// settled reports whether v keeps the context as assigned by def until
// pos: it is assigned nowhere else, and the cancel function def returns
// with it is not called before pos other than deferred.
func (c *checker) settled(body *ast.BlockStmt, v *types.Var, def *ast.AssignStmt, pos token.Pos) bool {
	info := c.pass.TypesInfo
	var cancel types.Object
	if len(def.Lhs) == 2 {
		if id, ok := def.Lhs[1].(*ast.Ident); ok {
			cancel = info.Defs[id]
		}
	}
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			return false
		case *ast.AssignStmt:
			if n == def {
				return true
			}
			for _, l := range n.Lhs {
				if id, isID := l.(*ast.Ident); isID && info.ObjectOf(id) == v {
					ok = false
				}
			}
		case *ast.CallExpr:
			if id, isID := ast.Unparen(n.Fun).(*ast.Ident); isID && cancel != nil && info.Uses[id] == cancel && n.Pos() < pos {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// rootObj returns the object of the identifier an expression's selector
// and call chain starts from: r in r.Context().
func rootObj(info *types.Info, e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return info.Uses[x]
		case *ast.SelectorExpr:
			e = x.X
		case *ast.CallExpr:
			e = x.Fun
		default:
			return nil
		}
	}
}

// sameSignature checks that the context variant takes the context, then
// the arguments the call passes (or, for BeginTx, nil options), and
// returns what the call returns; opts reports the options parameter.
func (c *checker) sameSignature(h *hit) (opts, ok bool) {
	sel, isSel := ast.Unparen(h.call.Fun).(*ast.SelectorExpr)
	if !isSel || h.called == nil {
		return false, false
	}
	recv := c.pass.TypesInfo.TypeOf(sel.X)
	if recv == nil {
		return false, false
	}
	obj, _, _ := types.LookupFieldOrMethod(recv, true, h.called.Pkg(), h.repl)
	variant, isFunc := obj.(*types.Func)
	if !isFunc {
		return false, false
	}
	orig, vs := h.called.Type().(*types.Signature), variant.Type().(*types.Signature)
	if !types.Identical(orig.Results(), vs.Results()) || vs.Params().Len() == 0 || !isContext(vs.Params().At(0).Type()) {
		return false, false
	}
	rest := vs.Params().Len() - 1
	switch {
	case rest == orig.Params().Len() && vs.Variadic() == orig.Variadic():
		for i := range rest {
			if !types.Identical(orig.Params().At(i).Type(), vs.Params().At(i+1).Type()) {
				return false, false
			}
		}
		return false, true
	case orig.Params().Len() == 0 && rest == 1 && specialVariants[h.called.Name()] == h.repl:
		_, isPtr := vs.Params().At(1).Type().Underlying().(*types.Pointer)
		return true, isPtr
	}
	return false, false
}

// requestShape checks an HTTP shortcut call for the rewrite into a
// request and Do: `resp, err := http.Get(url)` (or =) as a statement of
// a block, followed by `if err != nil { … }` that leaves the block and
// does not use resp, with err declared in the statement's scope; Post's
// content type an expression that may be evaluated later.
func (c *checker) requestShape(h *hit, p *patterns.PropagateParams) bool {
	info := c.pass.TypesInfo
	file := astx.FileOf(c.pass.Files, h.call.Pos())
	if file == nil {
		return false
	}
	st, list, _ := astx.StmtOf(file, h.call)
	stmt, _ := st.(*ast.AssignStmt)
	if stmt == nil || list == nil || len(stmt.Lhs) != 2 || len(stmt.Rhs) != 1 || ast.Unparen(stmt.Rhs[0]) != h.call {
		return false
	}
	respID, respOK := stmt.Lhs[0].(*ast.Ident)
	errID, errOK := stmt.Lhs[1].(*ast.Ident)
	if !respOK || !errOK || errID.Name == "_" {
		return false
	}
	errObj := info.ObjectOf(errID)
	if errObj == nil {
		return false
	}
	if info.Defs[errID] == nil && errObj.Parent() != c.pass.Pkg.Scope().Innermost(stmt.Pos()) {
		return false // err = …: req, err := would declare another err
	}
	var check *ast.IfStmt
	for i, s := range list {
		if s == stmt && i+1 < len(list) {
			check, _ = list[i+1].(*ast.IfStmt)
		}
	}
	if check == nil || check.Init != nil || !errCheck(info, check.Cond, errObj) || !leaves(check.Body) || uses(info, check, info.ObjectOf(respID)) {
		return false
	}
	name := h.meth
	switch name {
	case "Get":
		p.HTTPMethod = "MethodGet"
	case "Head":
		p.HTTPMethod = "MethodHead"
	case "Post", "PostForm":
		p.HTTPMethod = "MethodPost"
	default:
		return false
	}
	if name == "Post" && (len(h.call.Args) != 3 || !plainExpr(h.call.Args[1])) {
		return false
	}
	p.Check, p.Req = check.Pos(), astx.FreeName(c.pass.Pkg, h.decl, "req", stmt.Pos())
	return true
}

// errCheck reports `err != nil` on obj.
func errCheck(info *types.Info, cond ast.Expr, obj types.Object) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ {
		return false
	}
	id, ok := ast.Unparen(b.X).(*ast.Ident)
	nilID, isNil := ast.Unparen(b.Y).(*ast.Ident)
	return ok && isNil && nilID.Name == "nil" && info.Uses[id] == obj
}

// leaves reports a block whose last statement leaves it: a return, a
// branch, or a panic.
func leaves(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch s := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			id, isID := ast.Unparen(call.Fun).(*ast.Ident)
			return isID && id.Name == "panic"
		}
	}
	return false
}

// uses reports whether n refers to obj (nil: never).
func uses(info *types.Info, n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && obj != nil && info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// plainExpr reports an expression that evaluates to the same value later:
// a literal, a variable or a field path.
func plainExpr(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.BasicLit, *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return plainExpr(x.X)
	}
	return false
}
