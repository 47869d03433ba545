package errhandling

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// computeResponders finds, to a fixed point, the package's functions that
// write responses through a parameter, and exports Responder facts.
func (a *analyzer) computeResponders(decls []inspector.Cursor) {
	type unit struct {
		cur inspector.Cursor
		fn  *types.Func
	}
	var units []unit
	for _, cur := range decls {
		decl := cur.Node().(*ast.FuncDecl)
		if fn, ok := a.pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
			units = append(units, unit{cur, fn})
		}
	}
	for changed := true; changed; {
		changed = false
		for _, u := range units {
			f := a.scanResponder(u.cur)
			old := a.local[u.fn]
			if f == nil || old != nil && old.String() == f.String() {
				continue
			}
			a.local[u.fn] = f
			changed = true
		}
	}
	for _, u := range units {
		if f := a.local[u.fn]; f != nil {
			a.pass.ExportObjectFact(u.fn, f)
			a.helpers[u.fn] = true
			a.result.Helpers = append(a.result.Helpers, Helper{Func: u.fn, Fact: f})
		}
	}
}

// scanResponder computes the Responder fact of the function declared at
// cur, or nil.
func (a *analyzer) scanResponder(cur inspector.Cursor) *Responder {
	decl := cur.Node().(*ast.FuncDecl)
	fc := a.ctxFor(cur)
	f := &Responder{Writer: -1, StatusParam: -1}
	for cc := range cur.Preorder((*ast.CallExpr)(nil)) {
		if innermostFunc(cc) != decl {
			continue
		}
		w, ok := a.classifyWrite(fc, cc.Node().(*ast.CallExpr))
		if !ok {
			continue
		}
		writer := -1
		if w.writer != nil {
			i, ok := fc.paramOf(w.writer)
			if !ok {
				continue // writes to something else than its parameter
			}
			writer = i
			if f.Writer < 0 {
				f.Writer = i
			}
		}
		if writer >= 0 && writer == f.Writer && topLevel(cc, decl.Body) {
			switch {
			case w.status != nil && isErrorStatus(a.pass.TypesInfo, w.status):
				n, _ := constStatus(a.pass.TypesInfo, w.status)
				if f.Status == 0 {
					f.Status = n
				}
			case w.status != nil:
				if i, ok := fc.paramOf(w.status); ok && f.StatusParam < 0 {
					f.StatusParam = i
				}
			case w.fixed >= 400 && f.Status == 0:
				f.Status = w.fixed
			}
		}
		for _, b := range w.body {
			t := fc.exprTaint(b, cc, 0)
			for i := range 64 {
				if t.params&(1<<i) != 0 && !slices.Contains(f.Sends, i) {
					f.Sends = append(f.Sends, i)
				}
			}
		}
	}
	if f.StatusParam >= 0 {
		f.Status = 0
	}
	slices.Sort(f.Sends)
	if f.Writer >= 0 && (f.Status >= 400 || f.StatusParam >= 0) || len(f.Sends) > 0 {
		return f
	}
	return nil
}

// paramOf returns the index of the parameter e names.
func (fc *fnCtx) paramOf(e ast.Expr) (int, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, _ := fc.info.Uses[id].(*types.Var)
	i, ok := fc.params[v]
	return i, ok
}

// topLevel reports whether the statement holding the node at cur is a
// statement of body itself, so that it runs whenever the function does.
func topLevel(cur inspector.Cursor, body *ast.BlockStmt) bool {
	for p := range cur.Enclosing() {
		if _, ok := p.Node().(ast.Stmt); ok {
			return p.Parent().Node() == body
		}
	}
	return false
}

// enclosingStmt returns the innermost statement holding the node at cur.
func enclosingStmt(cur inspector.Cursor) ast.Stmt {
	for p := range cur.Enclosing() {
		if s, ok := p.Node().(ast.Stmt); ok {
			return s
		}
	}
	return nil
}

// checkIgnored reports error results dropped in the handler at cur.
func (a *analyzer) checkIgnored(fc *fnCtx, cur inspector.Cursor, hp httpx.HandlerParams) {
	info := a.pass.TypesInfo
	fnode := cur.Node()
	for sc := range cur.Preorder((*ast.ExprStmt)(nil), (*ast.AssignStmt)(nil)) {
		if innermostFunc(sc) != fnode {
			continue
		}
		var call *ast.CallExpr
		idx := -1
		switch s := sc.Node().(type) {
		case *ast.ExprStmt:
			c, ok := ast.Unparen(s.X).(*ast.CallExpr)
			if !ok {
				continue
			}
			if i := a.errorIndex(info.TypeOf(c)); i >= 0 && !a.customary(fc, c, false) {
				call, idx = c, i
			}
		case *ast.AssignStmt:
			if s.Tok != token.ASSIGN && s.Tok != token.DEFINE {
				continue
			}
			if len(s.Rhs) == 1 && len(s.Lhs) > 1 {
				c, ok := ast.Unparen(s.Rhs[0]).(*ast.CallExpr)
				tuple, _ := info.TypeOf(s.Rhs[0]).(*types.Tuple)
				if !ok || tuple == nil {
					continue
				}
				for i, l := range s.Lhs {
					if isBlank(l) && i < tuple.Len() && a.isError(tuple.At(i).Type()) && !a.customary(fc, c, true) {
						call, idx = c, i
						break
					}
				}
			} else if len(s.Lhs) == len(s.Rhs) {
				for i, l := range s.Lhs {
					c, ok := ast.Unparen(s.Rhs[i]).(*ast.CallExpr)
					if ok && isBlank(l) && a.isError(info.TypeOf(c)) && !a.customary(fc, c, true) {
						call, idx = c, 0
						break
					}
				}
			}
		}
		if call == nil {
			continue
		}
		origin := calleeName(call.Fun)
		a.report(&Finding{
			Rule: RuleIgnoredError, Func: fnode, Handler: hp,
			Stmt: sc.Node().(ast.Stmt), Call: call, ErrResult: idx, Origin: origin,
		}, call, fmt.Sprintf("error from %s is discarded in handler %s; a failure would go unnoticed and the client would get a success response",
			origin, HandlerName(cur)))
	}
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

// errorIndex returns the index of the error among a call's results (t is
// the call's type: a tuple or a single type), or -1.
func (a *analyzer) errorIndex(t types.Type) int {
	if tuple, ok := t.(*types.Tuple); ok {
		for i := range tuple.Len() {
			if a.isError(tuple.At(i).Type()) {
				return i
			}
		}
		return -1
	}
	if a.isError(t) {
		return 0
	}
	return -1
}

// customary reports whether call's error is customarily ignored: writes to
// the response or to memory, Close and Rollback, printing; with blank set,
// also strconv parsing and json.Marshal, whose blank is a choice.
func (a *analyzer) customary(fc *fnCtx, call *ast.CallExpr, blank bool) bool {
	info := a.pass.TypesInfo
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return false
	}
	name := fn.Name()
	path := ""
	if fn.Pkg() != nil {
		path = fn.Pkg().Path()
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil {
		if name == "Close" || name == "Rollback" {
			return true
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			xt := info.TypeOf(sel.X)
			switch {
			case a.toResponse(fc, sel.X),
				httpx.IsNamed(xt, "bytes", "Buffer"),
				httpx.IsNamed(xt, "strings", "Builder"),
				httpx.IsNamed(xt, httpx.NetHTTP, "ResponseController"),
				isHash(xt),
				httpx.IsEchoContext(xt) && echoWriteNames[name]:
				return true
			}
		}
		if name == "Encode" && (path == "encoding/json" || path == "encoding/xml" || path == "encoding/gob") {
			return true
		}
		if (name == "Execute" || name == "ExecuteTemplate") && (path == "html/template" || path == "text/template") &&
			len(call.Args) > 0 && a.isResponseWriter(call.Args[0]) {
			return true
		}
	}
	switch {
	case path == "fmt" && (strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint")):
		return true
	case path == "io" && (name == "Copy" || name == "CopyN" || name == "CopyBuffer" || name == "WriteString"):
		return len(call.Args) > 0 && a.toResponse(fc, call.Args[0])
	case blank && path == "strconv":
		return true
	case blank && path == "encoding/json" && (name == "Marshal" || name == "MarshalIndent"):
		return true
	}
	if f := a.responder(fn); f != nil && f.Writer >= 0 {
		return true // the project's own response writer
	}
	return false
}

// isHash reports whether t is a hash (has Sum and BlockSize): its Write
// never fails.
func isHash(t types.Type) bool {
	if t == nil {
		return false
	}
	for _, m := range []string{"Sum", "BlockSize"} {
		if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, m); obj == nil {
			return false
		}
	}
	return true
}

// checkMissingReturn reports error responses written in a branch that
// falls through to more of the handler at cur.
func (a *analyzer) checkMissingReturn(fc *fnCtx, cur inspector.Cursor, hp httpx.HandlerParams) {
	info := a.pass.TypesInfo
	fnode := cur.Node()
	seen := make(map[ast.Node]bool)
	for sc := range cur.Preorder((*ast.ExprStmt)(nil)) {
		if innermostFunc(sc) != fnode {
			continue
		}
		call, ok := ast.Unparen(sc.Node().(*ast.ExprStmt).X).(*ast.CallExpr)
		if !ok {
			continue
		}
		w, ok := a.classifyWrite(fc, call)
		if !ok || w.writer == nil || !w.writesError(info) {
			continue
		}
		parent := sc.Parent()
		var list []ast.Stmt
		switch p := parent.Node().(type) {
		case *ast.BlockStmt:
			if _, ok := parent.Parent().Node().(*ast.IfStmt); !ok {
				continue
			}
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		default:
			continue
		}
		if seen[parent.Node()] {
			continue
		}
		seen[parent.Node()] = true
		last := list[len(list)-1]
		if isTerminating(info, last) || isFallthrough(last) || !a.goesOn(parent, w.abort) {
			continue
		}
		var msg string
		if w.abort {
			msg = fmt.Sprintf("%s aborts the middleware chain but not this handler, which goes on; later writes corrupt the response and the work continues despite the error", w.name)
		} else {
			msg = fmt.Sprintf("%s writes an error response but the handler goes on; later writes corrupt the response and the work continues despite the error", w.name)
		}
		a.report(&Finding{
			Rule: RuleMissingReturn, Func: fnode, Handler: hp,
			Stmt: last, Call: call, Status: w.status, Origin: w.name,
		}, call, msg)
	}
}

func isFallthrough(s ast.Stmt) bool {
	b, ok := s.(*ast.BranchStmt)
	return ok && b.Tok == token.FALLTHROUGH
}

// goesOn reports whether, after the statement or block at cur completes
// normally, the function runs more code that matters: a statement other
// than a return of plain values, or another iteration of a loop.
//
// After a gin Abort*, c.Next() does nothing and does not count.
func (a *analyzer) goesOn(cur inspector.Cursor, abort bool) bool {
	meaningful := func(rest []ast.Stmt) bool { return a.meaningful(rest, abort) }
	for {
		switch cur.Node().(type) {
		case *ast.CaseClause, *ast.CommClause:
			cur = cur.Parent().Parent() // the switch or select statement
			continue
		}
		parent := cur.Parent()
		switch p := parent.Node().(type) {
		case *ast.BlockStmt:
			if rest, ok := after(p.List, cur.Node()); ok {
				return meaningful(rest)
			}
			cur = parent
		case *ast.CaseClause:
			if rest, ok := after(p.Body, cur.Node()); ok {
				return meaningful(rest)
			}
			cur = parent
		case *ast.CommClause:
			if rest, ok := after(p.Body, cur.Node()); ok {
				return meaningful(rest)
			}
			cur = parent
		case *ast.IfStmt, *ast.LabeledStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			cur = parent
		case *ast.ForStmt, *ast.RangeStmt:
			return true // the next iteration
		default:
			return false // the function's end
		}
	}
}

// after returns the non-empty statements after n in list; ok is false
// when there are none.
func after(list []ast.Stmt, n ast.Node) ([]ast.Stmt, bool) {
	i := slices.IndexFunc(list, func(s ast.Stmt) bool { return s == n })
	if i < 0 {
		return nil, false
	}
	var rest []ast.Stmt
	for _, s := range list[i+1:] {
		if _, empty := s.(*ast.EmptyStmt); !empty {
			rest = append(rest, s)
		}
	}
	return rest, len(rest) > 0
}

// meaningful reports whether running rest does more than return plain
// values or leave a loop.
func (a *analyzer) meaningful(rest []ast.Stmt, abort bool) bool {
	if abort {
		for len(rest) > 0 && a.isGinNext(rest[0]) {
			rest = rest[1:]
		}
		if len(rest) == 0 {
			return false
		}
	}
	switch s := rest[0].(type) {
	case *ast.ReturnStmt:
		calls := false
		ast.Inspect(s, func(n ast.Node) bool {
			if _, ok := n.(*ast.CallExpr); ok {
				calls = true
			}
			return !calls
		})
		return calls
	case *ast.BranchStmt:
		return false
	}
	return true
}

// isGinNext reports whether s is c.Next() on a gin context.
func (a *analyzer) isGinNext(s ast.Stmt) bool {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Next" && httpx.IsGinContext(a.pass.TypesInfo.TypeOf(sel.X))
}

// isTerminating reports whether s never completes normally: return,
// panic, os.Exit, log.Fatal and friends, branch statements, and compound
// statements all of whose paths do so.
func isTerminating(info *types.Info, s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok != token.FALLTHROUGH
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		switch callee := typeutil.Callee(info, call).(type) {
		case *types.Builtin:
			return callee.Name() == "panic"
		case *types.Func:
			name := callee.Name()
			if callee.Pkg() != nil && (callee.Pkg().Path() == "os" && name == "Exit" || callee.Pkg().Path() == "runtime" && name == "Goexit") {
				return true
			}
			return strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic")
		}
	case *ast.BlockStmt:
		return len(s.List) > 0 && isTerminating(info, s.List[len(s.List)-1])
	case *ast.IfStmt:
		return s.Else != nil && isTerminating(info, s.Body) && isTerminating(info, s.Else)
	case *ast.LabeledStmt:
		return isTerminating(info, s.Stmt)
	case *ast.ForStmt:
		return s.Cond == nil
	case *ast.SwitchStmt:
		return clausesTerminate(info, s.Body, true)
	case *ast.TypeSwitchStmt:
		return clausesTerminate(info, s.Body, true)
	case *ast.SelectStmt:
		return clausesTerminate(info, s.Body, false)
	}
	return false
}

func clausesTerminate(info *types.Info, body *ast.BlockStmt, needDefault bool) bool {
	hasDefault := false
	for _, c := range body.List {
		var stmts []ast.Stmt
		switch c := c.(type) {
		case *ast.CaseClause:
			stmts, hasDefault = c.Body, hasDefault || c.List == nil
		case *ast.CommClause:
			stmts = c.Body
		}
		if len(stmts) == 0 || !isTerminating(info, stmts[len(stmts)-1]) && !isFallthrough(stmts[len(stmts)-1]) {
			return false
		}
	}
	return hasDefault || !needDefault
}

// checkDetail reports error text sent to the client by writes in the
// function at cur.
func (a *analyzer) checkDetail(fc *fnCtx, cur inspector.Cursor, hp httpx.HandlerParams) {
	fnode := cur.Node()
	for cc := range cur.Preorder((*ast.CallExpr)(nil)) {
		if innermostFunc(cc) != fnode {
			continue
		}
		call := cc.Node().(*ast.CallExpr)
		w, ok := a.classifyWrite(fc, call)
		if !ok {
			continue
		}
		for _, b := range w.body {
			var t taint
			if w.json {
				t = fc.jsonTaint(b, cc)
			} else {
				t = fc.exprTaint(b, cc, 0)
			}
			if !t.bad() {
				continue
			}
			leak := fc.leak(b, cc)
			a.report(&Finding{
				Rule: RuleErrorDetail, Func: fnode, Handler: hp,
				Stmt: enclosingStmt(cc), Call: call, Arg: leak,
				ErrValue: fc.errValue(leak, cc), Status: w.status, Origin: t.origin,
			}, leak, fmt.Sprintf("error text from %s is sent to the client; it can reveal SQL, file paths or internal state", t.origin))
			break
		}
	}
}

// jsonTaint is the taint of what encoding e as JSON sends: an error value
// itself encodes as {} (errors.New's type has no exported fields), so
// only error text counts.
func (fc *fnCtx) jsonTaint(e ast.Expr, at inspector.Cursor) taint {
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		var t taint
		for _, elt := range x.Elts {
			t = t.union(fc.jsonTaint(elt, at))
		}
		return t
	case *ast.KeyValueExpr:
		return fc.jsonTaint(x.Value, at)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return fc.jsonTaint(x.X, at)
		}
	}
	if t := fc.info.TypeOf(e); t != nil && types.IsInterface(t) && fc.a.implementsError(t) {
		return taint{}
	}
	return fc.exprTaint(e, at, 0)
}

// leak narrows a tainted body argument to the part carrying the error
// text: the map entry or struct field inside a literal, the operand of a
// conversion or of &.
func (fc *fnCtx) leak(e ast.Expr, at inspector.Cursor) ast.Expr {
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		for _, elt := range x.Elts {
			if fc.exprTaint(elt, at, 0).bad() {
				return fc.leak(elt, at)
			}
		}
	case *ast.KeyValueExpr:
		if fc.exprTaint(x.Value, at, 0).bad() {
			return fc.leak(x.Value, at)
		}
		return fc.leak(x.Key, at)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return fc.leak(x.X, at)
		}
	case *ast.CallExpr:
		if tv, ok := fc.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return fc.leak(x.Args[0], at)
		}
	}
	return e
}

// errValue finds the error value whose text e carries: err in
// err.Error() or fmt.Sprintf("…%v", err); nil when none appears in e.
func (fc *fnCtx) errValue(e ast.Expr, at inspector.Cursor) ast.Expr {
	var found ast.Expr
	ast.Inspect(e, func(n ast.Node) bool {
		x, ok := n.(ast.Expr)
		if found != nil || !ok {
			return false
		}
		if _, lit := x.(*ast.FuncLit); lit {
			return false
		}
		if fc.a.implementsError(fc.info.TypeOf(x)) && fc.exprTaint(x, at, 0).bad() {
			found = x
			return false
		}
		return true
	})
	return found
}

// ResponseTarget returns the expression a fix writes an error response
// to in the handler hp: its ResponseWriter, or its gin or echo context.
// ok is false when the parameter is unnamed.
func ResponseTarget(hp httpx.HandlerParams) (name string, ok bool) {
	v := hp.Writer
	if v == nil {
		v = hp.Context
	}
	if v == nil || v.Name() == "" || v.Name() == "_" {
		return "", false
	}
	return v.Name(), true
}
