package errhandling

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/astx"
	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

// FixSites returns one site per finding that has fixes: errors/check-and-respond
// for ignored-error, errors/add-return for missing-return and
// errors/generic-message for error-detail.
func (r *Result) FixSites() []patterns.Site {
	r.planned.Run()
	var out []patterns.Site
	for _, f := range r.Findings {
		if len(f.Fixes) > 0 {
			out = append(out, patterns.Site{Rule: f.Rule, Pos: f.at.Pos(), End: f.at.End(), Fixes: f.Fixes})
		}
	}
	return out
}

var _ patterns.Sites = (*Result)(nil)

// funcInfo is a function of the package with what the fixes need to write
// code in it or to copy code from it.
type funcInfo struct {
	node ast.Node
	body *ast.BlockStmt
	hp   httpx.HandlerParams // Kind is httpx.NotHandler for other functions
	fc   *fnCtx
	// recv is the receiver of the method the function is or is declared
	// in (a handler literal returned by a factory method).
	recv *types.Var
	// req is the *http.Request, gin or echo context parameter the request's
	// context comes from, if any.
	req *types.Var
}

func (a *analyzer) newFuncInfo(cur inspector.Cursor, body *ast.BlockStmt, hp httpx.HandlerParams, fc *fnCtx) *funcInfo {
	fi := &funcInfo{node: cur.Node(), body: body, hp: hp, fc: fc}
	if decl, ok := outermostFunc(cur).Node().(*ast.FuncDecl); ok && decl.Recv != nil && len(decl.Recv.List) == 1 && len(decl.Recv.List[0].Names) == 1 {
		fi.recv, _ = a.pass.TypesInfo.Defs[decl.Recv.List[0].Names[0]].(*types.Var)
	}
	var ftype *ast.FuncType
	switch n := cur.Node().(type) {
	case *ast.FuncDecl:
		ftype = n.Type
	case *ast.FuncLit:
		ftype = n.Type
	}
	for _, field := range ftype.Params.List {
		for _, name := range field.Names {
			v, _ := a.pass.TypesInfo.Defs[name].(*types.Var)
			if v != nil && fi.req == nil && named(v) && (httpx.IsRequest(v.Type()) || httpx.IsGinContext(v.Type()) || httpx.IsEchoContext(v.Type())) {
				fi.req = v
			}
		}
	}
	return fi
}

func named(v *types.Var) bool { return v != nil && v.Name() != "" && v.Name() != "_" }

// fixer computes the fixes of a package's findings from the conventions of
// its code: how its handlers answer errors, its logger, its error writers.
type fixer struct {
	a       *analyzer
	info    *types.Info
	funcs   map[ast.Node]*funcInfo
	src     map[string][]byte
	samples []*sample
	loggers []*logUse
	writers map[*types.Func]*errWriter
	ginKeys map[string]int
}

func newFixer(a *analyzer) *fixer {
	fx := &fixer{
		a: a, info: a.pass.TypesInfo,
		funcs:   make(map[ast.Node]*funcInfo, len(a.funcs)),
		src:     make(map[string][]byte),
		writers: make(map[*types.Func]*errWriter),
		ginKeys: make(map[string]int),
	}
	for _, fi := range a.funcs {
		fx.funcs[fi.node] = fi
	}
	fx.learn()
	return fx
}

// fixAll fills the Fixes of every finding.
func (fx *fixer) fixAll() {
	for _, f := range fx.a.result.Findings {
		fi := fx.funcs[f.Func]
		if fi == nil {
			continue
		}
		var fix patterns.Fix
		ok := false
		switch f.Rule {
		case RuleIgnoredError:
			var p patterns.CheckAndRespondParams
			if p, ok = fx.checkAndRespond(fi, f); ok {
				fix = p.Fix()
			}
		case RuleMissingReturn:
			var p patterns.AddReturnParams
			if p, ok = fx.addReturn(fi, f); ok {
				fix = p.Fix()
			}
		case RuleErrorDetail:
			var p patterns.GenericMessageParams
			if p, ok = fx.genericMessage(fi, f); ok {
				fix = p.Fix()
			}
		}
		if ok {
			f.Fixes = []patterns.Fix{fix}
		}
	}
}

// ---- errors/check-and-respond ----

func (fx *fixer) checkAndRespond(fi *funcInfo, f *Finding) (patterns.CheckAndRespondParams, bool) {
	p := patterns.CheckAndRespondParams{Stmt: f.Stmt.Pos(), ErrIndex: f.ErrResult, Results: 1}
	if fi.hp.Kind == httpx.NotHandler {
		return p, false
	}
	if t, ok := fx.info.TypeOf(f.Call).(*types.Tuple); ok {
		p.Results = t.Len()
	}
	path, list, ok := fx.inList(f.Stmt)
	if !ok || fx.respondedBefore(fi, path) {
		return p, false
	}
	scope := fx.a.pass.Pkg.Scope().Innermost(f.Stmt.Pos())
	if scope == nil {
		return p, false
	}
	pos := f.Stmt.Pos() // where the answer's names must resolve
	switch s := f.Stmt.(type) {
	case *ast.ExprStmt:
		p.Init, p.Err = true, "err"
	case *ast.AssignStmt:
		if len(s.Rhs) != 1 {
			return p, false
		}
		used := slices.ContainsFunc(s.Lhs, func(l ast.Expr) bool { return !isBlank(l) })
		if !used {
			p.Init, p.Err = true, "err"
			break
		}
		name, reuse, ok := fx.errName(fi, f, s, scope, list)
		if !ok {
			return p, false
		}
		p.Err, pos = name, s.End()
		switch {
		case s.Tok == token.DEFINE:
			p.Define = true
		case reuse:
		default:
			// v, _ = f() becomes v, err := f(): every other target must be
			// a variable of this block, or := would declare a new one.
			for _, l := range s.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok || !isBlank(id) && (fx.info.Uses[id] == nil || fx.info.Uses[id].Parent() != scope) {
					return p, false
				}
			}
			p.Define = true
		}
	default:
		return p, false
	}
	resp, ok := fx.response(fi, f.Call, p.Err, pos)
	if !ok {
		return p, false
	}
	p.Respond = resp
	return p, true
}

// inList returns the path from the file to s, and the statement list s is
// an element of; ok is false when s is not in a block (an if or switch
// header, a for post statement, a label's statement).
func (fx *fixer) inList(s ast.Stmt) ([]ast.Node, []ast.Stmt, bool) {
	file := astx.FileOf(fx.a.pass.Files, s.Pos())
	if file == nil {
		return nil, nil, false
	}
	path, _ := astutil.PathEnclosingInterval(file, s.Pos(), s.End())
	i := slices.Index(path, ast.Node(s))
	if i < 0 || i+1 >= len(path) {
		return nil, nil, false
	}
	path = path[i:]
	list, _ := stmtList(path[1])
	return path, list, slices.Contains(list, s)
}

// stmtList returns the statements of a block or clause.
func stmtList(n ast.Node) ([]ast.Stmt, bool) {
	switch b := n.(type) {
	case *ast.BlockStmt:
		return b.List, true
	case *ast.CaseClause:
		return b.Body, true
	case *ast.CommClause:
		return b.Body, true
	}
	return nil, false
}

// respondedBefore reports whether, on the way to the statement at path[0],
// the handler has already written its response or handed the request to the
// next handler: a statement of an enclosing block before it does so.
func (fx *fixer) respondedBefore(fi *funcInfo, path []ast.Node) bool {
	for i := 1; i < len(path); i++ {
		switch path[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
		list, _ := stmtList(path[i])
		for _, s := range list {
			if s == path[i-1] {
				break
			}
			if fx.responds(fi, s) {
				return true
			}
		}
	}
	return false
}

// responds reports whether s writes (part of) the response, calls the next
// handler (next.ServeHTTP(w, r), gin's c.Next()) or returns.
func (fx *fixer) responds(fi *funcInfo, s ast.Stmt) bool {
	var x ast.Expr
	switch s := s.(type) {
	case *ast.ExprStmt:
		x = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			x = s.Rhs[0]
		}
	}
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	if w, ok := fx.a.classifyWrite(fi.fc, call); ok && w.writer != nil {
		return true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	xt := fx.info.TypeOf(sel.X)
	return sel.Sel.Name == "Next" && httpx.IsGinContext(xt) ||
		sel.Sel.Name == "ServeHTTP" && len(call.Args) == 2 && fx.a.isResponseWriter(call.Args[0])
}

// errName chooses the error variable replacing the blank of v, _ := f():
// err or a free variant. reuse reports an err of the statement's block
// whose value is not needed any more, assigned rather than declared.
func (fx *fixer) errName(fi *funcInfo, f *Finding, s *ast.AssignStmt, scope *types.Scope, list []ast.Stmt) (name string, reuse, ok bool) {
	cands := []string{"err"}
	if m := lastName(f.Origin); m != "" {
		cands = append(cands, lowerFirst(m)+"Err")
	}
	cands = append(cands, "err2", "err3")
	for _, n := range cands {
		if !token.IsIdentifier(n) {
			continue
		}
		obj := scope.Lookup(n)
		if obj == nil {
			if !fx.shadowsLater(fi, scope, n, s.End()) {
				return n, false, true
			}
			continue
		}
		v, isVar := obj.(*types.Var)
		if isVar && obj.Pos() < s.Pos() && fx.a.isError(v.Type()) && fx.local(fi, v) && fx.dead(fi, v, s, list) {
			return n, true, true
		}
	}
	return "", false, false
}

// shadowsLater reports whether declaring name in scope at pos would change
// what a later identifier of the function refers to.
func (fx *fixer) shadowsLater(fi *funcInfo, scope *types.Scope, name string, pos token.Pos) bool {
	found := false
	ast.Inspect(fi.body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if found || !ok || id.Name != name || id.Pos() < pos || !scope.Contains(id.Pos()) {
			return !found
		}
		if obj := fx.info.Uses[id]; obj != nil && !within(obj.Parent(), scope) {
			found = true
		}
		return true
	})
	return found
}

// within reports whether s is inner or equal to outer.
func within(s, outer *types.Scope) bool {
	for ; s != nil; s = s.Parent() {
		if s == outer {
			return true
		}
	}
	return false
}

// local reports whether v is declared in fi's body: not a parameter or
// result, not captured from an enclosing function (a handler assigning a
// captured variable races with itself).
func (fx *fixer) local(fi *funcInfo, v *types.Var) bool {
	return fi.body.Lbrace < v.Pos() && v.Pos() < fi.body.Rbrace
}

// dead reports whether the value v holds after s is never read: the next
// mention of v after s is a plain assignment to it, in s's own list.
func (fx *fixer) dead(fi *funcInfo, v *types.Var, s *ast.AssignStmt, list []ast.Stmt) bool {
	captured := false
	ast.Inspect(fi.body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && mentions(fx.info, lit, v) {
			captured = true // a deferred or later call may read it
		}
		return !captured
	})
	if captured {
		return false
	}
	var next *ast.Ident
	ast.Inspect(fi.body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if next != nil || !ok || id.Pos() <= s.End() {
			return next == nil
		}
		if fx.info.Uses[id] == v || fx.info.Defs[id] == v {
			next = id
		}
		return true
	})
	if next == nil {
		return true
	}
	i := slices.Index(list, ast.Stmt(s))
	for _, later := range list[i+1:] {
		if later.Pos() > next.Pos() || later.End() < next.Pos() {
			continue
		}
		as, ok := later.(*ast.AssignStmt)
		if !ok || !slices.Contains(as.Lhs, ast.Expr(next)) {
			return false
		}
		for _, r := range as.Rhs {
			if mentions(fx.info, r, v) {
				return false
			}
		}
		return true
	}
	return false
}

func mentions(info *types.Info, n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// response returns how the handler fi answers the error of call, held in
// errName, and leaves: the way the package answers that function's error
// elsewhere; 400 for the request's own input; the package's internal-error
// helper; else the project's logger with the framework's 500.
func (fx *fixer) response(fi *funcInfo, call *ast.CallExpr, errName string, pos token.Pos) (patterns.Snippet, bool) {
	callee, _ := typeutil.Callee(fx.info, call).(*types.Func)
	if callee != nil {
		callee = callee.Origin()
	}
	finish := func(p piece) (patterns.Snippet, bool) {
		if !fx.resolves(p, pos, errName) {
			return patterns.Snippet{}, false
		}
		if fi.hp.Kind != httpx.EchoHandler {
			p.src = strings.TrimPrefix(p.src+"\nreturn", "\n")
		}
		return p.snippet(), true
	}
	if fi.hp.Kind == httpx.GinHandler && callee != nil && callee.Signature().Recv() != nil &&
		(strings.HasPrefix(callee.Name(), "Bind") || callee.Name() == "MustBindWith") {
		return finish(piece{}) // gin has answered 400 already
	}
	if callee != nil {
		if p, ok := fx.fromSamples(fi, errName, pos, func(s *sample) bool { return s.callee == callee }); ok {
			return finish(p)
		}
	}
	if callee != nil && (fx.a.isSafe(callee) || isInputDecoder(callee) && fx.readsRequest(fi, call)) {
		if p, ok := fx.answer(fi, 400, errName, pos); ok {
			return finish(p)
		}
		return patterns.Snippet{}, false
	}
	if p, ok := fx.fromSamples(fi, errName, pos, func(s *sample) bool { return s.helper }); ok {
		return finish(p)
	}
	msg := logMessage(calleeName(call.Fun))
	var p piece
	if fi.hp.Kind != httpx.EchoHandler {
		log, ok := fx.logStmt(fi, msg, errName, pos)
		if !ok {
			return patterns.Snippet{}, false
		}
		p = log
	}
	ans, ok := fx.answer(fi, 500, errName, pos)
	if !ok {
		return patterns.Snippet{}, false
	}
	if p.src != "" {
		p.src += "\n"
	}
	return finish(p.join(ans))
}

// readsRequest reports whether call decodes the request: it mentions the
// handler's request or context parameter, directly or through a variable
// assigned from an expression that does (body, _ := io.ReadAll(r.Body);
// json.Unmarshal(body, &t)). Decoding anything else — a stored document, a
// configuration — fails for reasons that are not the client's.
func (fx *fixer) readsRequest(fi *funcInfo, call *ast.CallExpr) bool {
	params := []*types.Var{fi.hp.Request, fi.hp.Context}
	direct := func(n ast.Node) bool {
		return slices.ContainsFunc(params, func(v *types.Var) bool { return v != nil && mentions(fx.info, n, v) })
	}
	if direct(call) {
		return true
	}
	found := false
	ast.Inspect(call, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if found || !ok {
			return !found
		}
		if v, ok := fx.info.Uses[id].(*types.Var); ok {
			for _, d := range fi.fc.defs[v] {
				found = found || direct(d.value)
			}
		}
		return !found
	})
	return found
}

// answer is the framework's answer with status and nothing else: the
// package's error writer or http.Error with the status text; gin's
// AbortWithStatusJSON in the package's error shape or AbortWithStatus; for
// echo the error itself (500) or echo.NewHTTPError(400).
func (fx *fixer) answer(fi *funcInfo, status int, errName string, pos token.Pos) (piece, bool) {
	code := statusConst(status)
	text := newPiece("http.StatusText("+code+")").imp("http", httpx.NetHTTP)
	switch fi.hp.Kind {
	case httpx.NetHTTPHandler:
		if !named(fi.hp.Writer) {
			return piece{}, false
		}
		w := newPiece(fi.hp.Writer.Name()).bind(fi.hp.Writer)
		if p, ok := fx.writerCall(fi, w, code, text, pos); ok {
			return p, true
		}
		return newPiece("http.Error(").imp("http", httpx.NetHTTP).join(w, newPiece(", "), text, newPiece(", "+code+")")), true
	case httpx.GinHandler:
		if !named(fi.hp.Context) {
			return piece{}, false
		}
		c := newPiece(fi.hp.Context.Name()).bind(fi.hp.Context)
		if key := topKey(fx.ginKeys); key != "" {
			return c.join(newPiece(".AbortWithStatusJSON("+code+", gin.H{"+strconv.Quote(key)+": "), text, newPiece("})")).imp("gin", httpx.Gin), true
		}
		return c.join(newPiece(".AbortWithStatus(" + code + ")")), true
	case httpx.EchoHandler:
		if status >= 500 {
			return newPiece("return " + errName), true
		}
		return newPiece("return echo.NewHTTPError("+code+").SetInternal("+errName+")").imp("http", httpx.NetHTTP).imp("echo", httpx.Echo), true
	}
	return piece{}, false
}

func statusConst(status int) string {
	if status == 400 {
		return "http.StatusBadRequest"
	}
	return "http.StatusInternalServerError"
}

// ---- errors/add-return ----

func (fx *fixer) addReturn(fi *funcInfo, f *Finding) (patterns.AddReturnParams, bool) {
	p := patterns.AddReturnParams{After: f.Stmt.Pos()}
	if _, _, ok := fx.inList(f.Stmt); !ok {
		return p, false
	}
	switch fi.hp.Kind {
	case httpx.NetHTTPHandler, httpx.GinHandler:
		p.Return = patterns.Snippet{Src: "return"}
	case httpx.EchoHandler:
		if es, ok := f.Stmt.(*ast.ExprStmt); ok && ast.Unparen(es.X) == f.Call && fx.a.isError(fx.info.TypeOf(f.Call)) {
			p.ReturnCall = true
			return p, true
		}
		if !fx.resolves(newPiece("nil").bind(types.Universe.Lookup("nil")), f.Stmt.End()) {
			return p, false
		}
		p.Return = patterns.Snippet{Src: "return nil"}
	default:
		return p, false
	}
	return p, true
}

// ---- errors/generic-message ----

func (fx *fixer) genericMessage(fi *funcInfo, f *Finding) (patterns.GenericMessageParams, bool) {
	p := patterns.GenericMessageParams{Stmt: f.Stmt.Pos(), Arg: f.Arg.Pos(), ArgEnd: f.Arg.End()}
	_, list, ok := fx.inList(f.Stmt)
	if !ok || !fx.textOrError(f.Arg) || !fx.takesString(f) {
		return p, false
	}
	logged := f.ErrValue
	if logged == nil {
		if t := fx.info.TypeOf(f.Arg); t == nil || !types.Identical(t.Underlying(), types.Typ[types.String]) {
			return p, false
		}
		logged = f.Arg
	}
	if !pure(fx.info, logged) {
		return p, false
	}
	val, ok := fx.render(logged, nil)
	if !ok || !fx.resolves(val, f.Stmt.Pos()) {
		return p, false
	}
	if !fx.loggedBefore(fi, logged, f.Stmt, list) {
		log, ok := fx.logStmt(fi, logMessage(f.Origin), val.src, f.Stmt.Pos())
		if !ok {
			return p, false
		}
		log.binds = merge(log.binds, val.binds)
		log.imports = merge(log.imports, val.imports)
		p.Log = log.snippet()
	}
	msg := newPiece(strconv.Quote("request failed"))
	if status := fx.statusOf(f, list); status != nil {
		code, ok := fx.render(status, nil)
		if ok && fx.resolves(code, f.Arg.Pos()) {
			msg = newPiece("http.StatusText(").imp("http", httpx.NetHTTP).join(code, newPiece(")"))
		}
	}
	if !fx.resolves(msg, f.Arg.Pos()) {
		return p, false
	}
	p.Message = msg.snippet()
	return p, true
}

// loggedBefore reports whether a statement before s in its block logs the
// variable e names: then only the text sent changes.
func (fx *fixer) loggedBefore(fi *funcInfo, e ast.Expr, s ast.Stmt, list []ast.Stmt) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v := fx.info.Uses[id]
	for _, prev := range list[:slices.Index(list, s)] {
		logs := false
		ast.Inspect(prev, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && fx.logCall(fi, call) != nil {
				logs = true
			}
			return !logs
		})
		if logs && mentions(fx.info, prev, v) {
			return true
		}
	}
	return false
}

// textOrError reports whether e is a string or an error: what replaces it
// sends a text in the same place, where a struct or map would change the
// response's shape.
func (fx *fixer) textOrError(e ast.Expr) bool {
	t := fx.info.TypeOf(e)
	if t == nil {
		return false
	}
	if b, ok := t.Underlying().(*types.Basic); ok {
		return b.Info()&types.IsString != 0
	}
	return types.IsInterface(t) && fx.a.implementsError(t)
}

// takesString reports whether a string can stand where f's error text is:
// the argument's parameter, the element or field of its literal.
func (fx *fixer) takesString(f *Finding) bool {
	file := astx.FileOf(fx.a.pass.Files, f.Arg.Pos())
	if file == nil {
		return false
	}
	path, _ := astutil.PathEnclosingInterval(file, f.Arg.Pos(), f.Arg.End())
	i := slices.IndexFunc(path, func(n ast.Node) bool { return n == f.Arg })
	if i < 0 || i+1 >= len(path) {
		return false
	}
	var slot types.Type
	switch parent := path[i+1].(type) {
	case *ast.CallExpr:
		if tv, ok := fx.info.Types[parent.Fun]; ok && tv.IsType() {
			slot = tv.Type // []byte(err.Error()), string(…)
			break
		}
		ft := fx.info.TypeOf(parent.Fun)
		if ft == nil {
			return false
		}
		sig, ok := ft.Underlying().(*types.Signature)
		j := slices.Index(parent.Args, f.Arg)
		if !ok || j < 0 {
			return false
		}
		n := sig.Params().Len()
		switch {
		case sig.Variadic() && j >= n-1 && !parent.Ellipsis.IsValid():
			if last, ok := sig.Params().At(n - 1).Type().(*types.Slice); ok {
				slot = last.Elem()
			}
		case j < n:
			slot = sig.Params().At(j).Type()
		}
	case *ast.KeyValueExpr:
		if parent.Value != f.Arg || i+2 >= len(path) {
			return false
		}
		slot = fx.elemType(path[i+2], parent.Key)
	case *ast.CompositeLit:
		slot = fx.elemType(parent, nil)
	}
	if slot == nil {
		return false
	}
	if b, ok := slot.Underlying().(*types.Slice); ok && types.Identical(b.Elem(), types.Typ[types.Byte]) {
		return true // a conversion to []byte
	}
	return types.AssignableTo(types.Typ[types.String], slot)
}

// elemType is the type of an element of the composite literal lit: its
// map's or slice's element type, or the type of the struct field key.
func (fx *fixer) elemType(lit ast.Node, key ast.Expr) types.Type {
	cl, ok := lit.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	t := fx.info.TypeOf(cl)
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		return u.Elem()
	case *types.Slice:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	case *types.Struct:
		if id, ok := key.(*ast.Ident); ok {
			if v, ok := fx.info.Uses[id].(*types.Var); ok {
				return v.Type()
			}
		}
	}
	return nil
}

// statusOf is the status the write sends: its own status argument, or the
// WriteHeader (gin: c.Status) just before it. Only expressions that can be
// repeated are returned: constants, variables and fields.
func (fx *fixer) statusOf(f *Finding, list []ast.Stmt) ast.Expr {
	status := f.Status
	if status == nil {
		i := slices.Index(list, f.Stmt)
		for j := i - 1; j >= 0 && status == nil; j-- {
			es, ok := list[j].(*ast.ExprStmt)
			if !ok {
				break
			}
			call, ok := ast.Unparen(es.X).(*ast.CallExpr)
			if !ok {
				break
			}
			if fi := fx.funcs[f.Func]; fi != nil {
				if w, ok := fx.a.classifyWrite(fi.fc, call); ok && w.status != nil && w.writer != nil {
					status = w.status
				}
			}
		}
	}
	if status == nil || !pure(fx.info, status) {
		return nil
	}
	if t := fx.info.TypeOf(status); t == nil || !types.AssignableTo(t, types.Typ[types.Int]) {
		return nil
	}
	return status
}

// pure reports whether e can be evaluated once more without effect:
// constants, variables and field selections of them.
func pure(info *types.Info, e ast.Expr) bool {
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return true
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		_, ok := info.Uses[x].(*types.Var)
		return ok
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil {
			return sel.Kind() == types.FieldVal && pure(info, x.X)
		}
		_, ok := info.Uses[x.Sel].(*types.Var) // a package-level variable
		return ok
	}
	return false
}

// ---- what the fixes learn from the package ----

// sample is an error check of one of the package's handlers: if err != nil
// { …; return }, with the function whose error it answers.
type sample struct {
	fi     *funcInfo
	callee *types.Func // nil when unknown
	errVar *types.Var
	// body are the statements answering, without the final bare return;
	// for echo, ending with the return.
	body []ast.Stmt
	// helper marks one call of a function answering 5xx that is given the
	// error and does not send it (echo: returned).
	helper bool
}

func (fx *fixer) learn() {
	for _, fi := range fx.a.funcs {
		if fi.hp.Kind != httpx.NotHandler {
			fx.learnChecks(fi)
		}
		fx.learnCalls(fi)
	}
	slices.SortStableFunc(fx.loggers, func(x, y *logUse) int { return cmp.Compare(y.weight, x.weight) })
}

// learnChecks collects the error checks of a handler.
func (fx *fixer) learnChecks(fi *funcInfo) {
	ast.Inspect(fi.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		list, _ := stmtList(n)
		for i, s := range list {
			ifs, ok := s.(*ast.IfStmt)
			if !ok || ifs.Else != nil {
				continue
			}
			var prev ast.Stmt
			if i > 0 {
				prev = list[i-1]
			}
			if smp := fx.sampleOf(fi, ifs, prev); smp != nil {
				fx.samples = append(fx.samples, smp)
			}
		}
		return true
	})
}

func (fx *fixer) sampleOf(fi *funcInfo, ifs *ast.IfStmt, prev ast.Stmt) *sample {
	cond, ok := ifs.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ || !isNil(fx.info, cond.Y) {
		return nil
	}
	id, ok := cond.X.(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := fx.info.Uses[id].(*types.Var)
	body := ifs.Body.List
	if v == nil || !fx.a.isError(v.Type()) || len(body) == 0 || len(body) > 3 {
		return nil
	}
	ret, ok := body[len(body)-1].(*ast.ReturnStmt)
	if !ok {
		return nil
	}
	echo := fi.hp.Kind == httpx.EchoHandler
	if echo != (len(ret.Results) == 1) || !echo && len(ret.Results) > 0 {
		return nil
	}
	if !echo {
		body = body[:len(body)-1]
		if !slices.ContainsFunc(body, func(s ast.Stmt) bool { return fx.responds(fi, s) }) {
			return nil
		}
	}
	for _, f := range fx.a.result.Findings {
		if f.Rule == RuleErrorDetail && ifs.Body.Pos() <= f.Arg.Pos() && f.Arg.End() <= ifs.Body.End() {
			return nil // it sends the error's text
		}
	}
	smp := &sample{fi: fi, errVar: v, body: body}
	for _, as := range []ast.Stmt{ifs.Init, prev} {
		if c := fx.assigningCall(as, v); c != nil {
			smp.callee = c
			break
		}
	}
	var x ast.Expr
	switch s := body[0].(type) {
	case *ast.ExprStmt:
		x = s.X
	case *ast.ReturnStmt:
		x = s.Results[0]
	}
	if call, ok := ast.Unparen(x).(*ast.CallExpr); ok && len(body) == 1 {
		smp.helper = fx.internalHelper(call, v)
	}
	return smp
}

// assigningCall returns the function whose call s assigns v from.
func (fx *fixer) assigningCall(s ast.Stmt, v *types.Var) *types.Func {
	as, ok := s.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 {
		return nil
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok || !slices.ContainsFunc(as.Lhs, func(l ast.Expr) bool {
		id, ok := l.(*ast.Ident)
		return ok && fx.info.ObjectOf(id) == v
	}) {
		return nil
	}
	fn, _ := typeutil.Callee(fx.info, call).(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// internalHelper reports whether call is a project helper answering 5xx
// that is given v and does not send it.
func (fx *fixer) internalHelper(call *ast.CallExpr, v *types.Var) bool {
	fn, _ := typeutil.Callee(fx.info, call).(*types.Func)
	if fn == nil {
		return false
	}
	f := fx.a.responder(fn)
	if f == nil || f.Writer < 0 {
		return false
	}
	status := f.Status
	if f.StatusParam >= 0 && f.StatusParam < len(call.Args) {
		status, _ = constStatus(fx.info, call.Args[f.StatusParam])
	}
	if status < 500 {
		return false
	}
	given := false
	for i, arg := range call.Args {
		if id, ok := ast.Unparen(arg).(*ast.Ident); ok && fx.info.Uses[id] == v {
			if slices.Contains(f.Sends, i) {
				return false
			}
			given = true
		}
	}
	return given
}

func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == types.Universe.Lookup("nil")
}

// fromSamples renders, for fi, the most common answer among the samples
// that match, fi's own first; errName replaces the sample's error variable.
func (fx *fixer) fromSamples(fi *funcInfo, errName string, pos token.Pos, match func(*sample) bool) (piece, bool) {
	type group struct {
		key   string
		own   bool
		count int
		all   []*sample
	}
	groups := map[string]*group{}
	var order []*group
	for _, s := range fx.samples {
		if s.fi.hp.Kind != fi.hp.Kind || !match(s) {
			continue
		}
		key, ok := fx.renderStmts(s.body, fx.neutral(s, "err"))
		if !ok {
			continue
		}
		g := groups[key.src]
		if g == nil {
			g = &group{key: key.src}
			groups[key.src] = g
			order = append(order, g)
		}
		g.count++
		g.own = g.own || s.fi == fi
		g.all = append(g.all, s)
	}
	slices.SortStableFunc(order, func(x, y *group) int {
		if x.own != y.own {
			if x.own {
				return -1
			}
			return 1
		}
		return cmp.Compare(y.count, x.count)
	})
	for _, g := range order {
		for _, s := range g.all {
			rename, ok := fx.rename(s, fi, errName)
			if !ok {
				continue
			}
			if p, ok := fx.renderStmts(s.body, rename); ok && fx.resolves(p, pos, errName) {
				return p, true
			}
		}
	}
	return piece{}, false
}

// target is what an object of copied code becomes: a name, and the object
// it must denote where the code lands (nil for a variable the fix declares).
type target struct {
	name string
	obj  types.Object
}

// rename maps the handler parameters, receiver and error variable of a
// sample to those of fi.
func (fx *fixer) rename(s *sample, fi *funcInfo, errName string) (map[types.Object]target, bool) {
	m := map[types.Object]target{s.errVar: {name: errName}}
	pair := func(from, to *types.Var) {
		if from != nil && named(to) {
			m[from] = target{to.Name(), to}
		}
	}
	pair(s.fi.hp.Writer, fi.hp.Writer)
	pair(s.fi.hp.Request, fi.hp.Request)
	pair(s.fi.hp.Context, fi.hp.Context)
	if s.fi.recv != nil && fi.recv != nil && types.Identical(s.fi.recv.Type(), fi.recv.Type()) {
		pair(s.fi.recv, fi.recv)
	}
	return m, true
}

// neutral renames a sample's parameters to fixed names, so that the same
// answer in two handlers renders the same.
func (fx *fixer) neutral(s *sample, errName string) map[types.Object]target {
	m := map[types.Object]target{s.errVar: {name: errName}}
	for v, n := range map[*types.Var]string{s.fi.hp.Writer: "w", s.fi.hp.Request: "r", s.fi.hp.Context: "c", s.fi.recv: "recv"} {
		if v != nil {
			m[v] = target{name: n}
		}
	}
	return m
}

func (fx *fixer) renderStmts(stmts []ast.Stmt, rename map[types.Object]target) (piece, bool) {
	var out piece
	for i, s := range stmts {
		p, ok := fx.render(s, rename)
		if !ok {
			return piece{}, false
		}
		if i > 0 {
			out.src += "\n"
		}
		out = out.join(p)
	}
	return out, true
}

// errWriter is a helper of the project writing an error status and a
// message: httputil.WriteError(w, status, msg).
type errWriter struct {
	fn     *types.Func
	fun    ast.Expr  // the helper as one call names it
	in     *funcInfo // the function of that call
	fact   *Responder
	msg    int // the message parameter
	calls  int
	method bool
}

// learnCalls learns from the calls of one function: the project's loggers,
// its error writers and the key of gin error bodies.
func (fx *fixer) learnCalls(fi *funcInfo) {
	ast.Inspect(fi.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if lu := fx.logCall(fi, call); lu != nil {
			fx.addLogger(lu)
		}
		if fi.hp.Kind == httpx.NotHandler {
			return true
		}
		if w, ok := fx.a.classifyWrite(fi.fc, call); ok && w.writer != nil && w.writesError(fx.info) {
			if fi.hp.Kind == httpx.GinHandler && w.json && len(w.body) == 1 {
				if key := singleKey(w.body[0]); key != "" {
					fx.ginKeys[key]++
				}
			}
			if fi.hp.Kind == httpx.NetHTTPHandler && w.fact != nil {
				fx.addWriter(fi, call, w.fact)
			}
		}
		return true
	})
}

// singleKey returns the key of a literal with one string-keyed entry:
// gin.H{"error": …}.
func singleKey(e ast.Expr) string {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok || len(lit.Elts) != 1 {
		return ""
	}
	kv, ok := lit.Elts[0].(*ast.KeyValueExpr)
	if !ok {
		return ""
	}
	return stringLit(kv.Key)
}

func topKey(m map[string]int) string {
	best := ""
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if best == "" || m[k] > m[best] {
			best = k
		}
	}
	return best
}

// addWriter records a call of a helper shaped func(w http.ResponseWriter,
// status int, msg string), in any order.
func (fx *fixer) addWriter(fi *funcInfo, call *ast.CallExpr, f *Responder) {
	fn, _ := typeutil.Callee(fx.info, call).(*types.Func)
	if fn == nil || f.StatusParam < 0 || f.Writer < 0 {
		return
	}
	sig := fn.Signature()
	if sig.Params().Len() != 3 || sig.Variadic() {
		return
	}
	msg := 3 - f.Writer - f.StatusParam
	if msg < 0 || msg > 2 || msg == f.Writer || msg == f.StatusParam || !slices.Contains(f.Sends, msg) ||
		!types.Identical(sig.Params().At(msg).Type(), types.Typ[types.String]) ||
		!types.Identical(sig.Params().At(f.StatusParam).Type(), types.Typ[types.Int]) {
		return
	}
	if w := fx.writers[fn]; w != nil {
		w.calls++
		return
	}
	fx.writers[fn] = &errWriter{fn: fn, fun: call.Fun, in: fi, fact: f, msg: msg, calls: 1, method: sig.Recv() != nil}
}

// writerCall renders the package's most used error writer called with w,
// code and text, when fi can call it.
func (fx *fixer) writerCall(fi *funcInfo, w piece, code string, text piece, pos token.Pos) (piece, bool) {
	ws := slices.Collect(maps.Values(fx.writers))
	slices.SortFunc(ws, func(x, y *errWriter) int {
		if c := cmp.Compare(y.calls, x.calls); c != 0 {
			return c
		}
		return cmp.Compare(x.fn.Pos(), y.fn.Pos())
	})
	for _, wr := range ws {
		rename := map[types.Object]target{}
		if wr.in.recv != nil && fi.recv != nil && types.Identical(wr.in.recv.Type(), fi.recv.Type()) {
			rename[wr.in.recv] = target{fi.recv.Name(), fi.recv}
		}
		fun, ok := fx.render(wr.fun, rename)
		if !ok {
			continue
		}
		args := make([]piece, 3)
		args[wr.fact.Writer], args[wr.fact.StatusParam], args[wr.msg] = w, newPiece(code).imp("http", httpx.NetHTTP), text
		p := fun.join(newPiece("("), args[0], newPiece(", "), args[1], newPiece(", "), args[2], newPiece(")"))
		if fx.resolves(p, pos) {
			return p, true
		}
	}
	return piece{}, false
}

// ---- rendering ----

// piece is Go source a fix inserts, with the package qualifiers it uses
// (qualifier → import path) and the objects its other identifiers must
// denote where it lands.
type piece struct {
	src     string
	imports map[string]string
	binds   map[string]types.Object
}

func newPiece(src string) piece { return piece{src: src} }

func (p piece) imp(qual, path string) piece {
	p.imports = merge(p.imports, map[string]string{qual: path})
	return p
}

func (p piece) bind(obj types.Object) piece {
	p.binds = merge(p.binds, map[string]types.Object{obj.Name(): obj})
	return p
}

// join appends qs to p.
func (p piece) join(qs ...piece) piece {
	for _, q := range qs {
		p.src += q.src
		p.imports = merge(p.imports, q.imports)
		p.binds = merge(p.binds, q.binds)
	}
	return p
}

func (p piece) snippet() patterns.Snippet {
	return patterns.Snippet{Src: p.src, Imports: maps.Clone(p.imports)}
}

func merge[K comparable, V any](a, b map[K]V) map[K]V {
	if len(b) == 0 {
		return a
	}
	out := make(map[K]V, len(a)+len(b))
	maps.Copy(out, a)
	maps.Copy(out, b)
	return out
}

// render returns the source of n as written, with the objects of rename
// renamed. Every other identifier is bound to the object it denotes, to be
// checked where the copy lands; fields and methods need no check.
func (fx *fixer) render(n ast.Node, rename map[types.Object]target) (piece, bool) {
	tf := fx.a.pass.Fset.File(n.Pos())
	if tf == nil {
		return piece{}, false
	}
	src, ok := fx.src[tf.Name()]
	if !ok {
		var err error
		src, err = fx.a.pass.ReadFile(tf.Name())
		if err != nil || len(src) != tf.Size() {
			return piece{}, false
		}
		fx.src[tf.Name()] = src
	}
	type repl struct {
		start, end int
		text       string
	}
	var repls []repl
	p := piece{imports: map[string]string{}, binds: map[string]types.Object{}}
	ok = true
	bind := func(name string, obj types.Object) {
		if prev, dup := p.binds[name]; dup && prev != obj {
			ok = false
		}
		p.binds[name] = obj
	}
	ast.Inspect(n, func(n ast.Node) bool {
		if !ok {
			return false
		}
		if sel, isSel := n.(*ast.SelectorExpr); isSel {
			if id, isID := sel.X.(*ast.Ident); isID {
				if pn, isPkg := fx.info.Uses[id].(*types.PkgName); isPkg {
					p.imports[id.Name] = pn.Imported().Path()
					return false
				}
			}
			return true
		}
		id, isID := n.(*ast.Ident)
		if !isID {
			return true
		}
		obj := fx.info.Uses[id]
		if def := fx.info.Defs[id]; def != nil {
			ok = false // the copy would declare it a second time
			return false
		}
		if obj == nil {
			return true
		}
		if t, renamed := rename[obj]; renamed {
			if t.name != id.Name {
				repls = append(repls, repl{tf.Offset(id.Pos()), tf.Offset(id.End()), t.name})
			}
			if t.obj != nil {
				bind(t.name, t.obj)
			}
			return true
		}
		switch o := obj.(type) {
		case *types.Var:
			if o.IsField() {
				return true
			}
		case *types.Func:
			if o.Signature().Recv() != nil {
				return true
			}
		case *types.Label:
			ok = false
			return false
		}
		bind(id.Name, obj)
		return true
	})
	if !ok {
		return piece{}, false
	}
	slices.SortFunc(repls, func(x, y repl) int { return cmp.Compare(x.start, y.start) })
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	var b strings.Builder
	last := start
	for _, r := range repls {
		b.Write(src[last:r.start])
		b.WriteString(r.text)
		last = r.end
	}
	b.Write(src[last:end])
	p.src = b.String()
	return p, true
}
