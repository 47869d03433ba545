package httpmodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/types/objectpath"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// interp evaluates function bodies abstractly, tracking router values and
// the routes, middleware and sub-routers registered on them.
type interp struct {
	a    *analyzer
	m    *Model
	info *types.Info
	seq  int

	globals    map[types.Object]value // package vars and struct fields holding routers
	defaultMux *node
	funcs      map[*types.Func]*funcState
	done       map[*ast.FuncLit]bool
	nodes      []*node // every node created in this package
	inst       map[string]bool
	pkgs       map[string]*types.Package // imported packages found by path, for resolveFunc
	// routerExprs maps expressions that evaluated to a router to it, and
	// served lists the handler expressions handed to a server, so that
	// fixes know where a router can be wrapped.
	routerExprs map[ast.Expr]*node
	served      []servedExpr
}

type servedExpr struct {
	n    *node
	expr ast.Expr
}

// funcState is the analysis of one declared function.
type funcState struct {
	busy     bool
	params   []*node // router parameters, by index (nil where not a router)
	returned *node
	summary  *RouterFuncFact
}

// value is what an expression evaluates to: *node (a router), *gorillaRoute,
// handlerVal, mwVal, or nil (unknown).
type value any

// node is a router: a root router, a group, a sub-router or a mount.
type node struct {
	fw        httpx.Framework
	parent    *node
	prefix    string
	prefixBad bool // prefix is not a constant
	wrappers  []Middleware
	mws       []seqMW
	routes    []*routeRec
	origin    origin
	param     int
	pos       token.Pos
	extPos    token.Pos // creation in another package, for routers built by a route function
}

// routerPos is where a router was created, in whatever package.
func routerPos(n *node) token.Pos {
	if n.extPos.IsValid() {
		return n.extPos
	}
	return n.pos
}

type origin int

const (
	originLocal origin = iota
	originParam
	originGlobal
)

type seqMW struct {
	Middleware
	seq int
}

type routeRec struct {
	fw      httpx.Framework
	methods []string // empty: ANY
	path    string
	handler Handler
	pos     token.Pos
	mws     []Middleware
	seq     int
	via     token.Pos
}

// gorillaRoute is a *mux.Route under construction.
type gorillaRoute struct {
	n       *node
	path    string
	bad     bool
	methods []string
	rec     *routeRec // set once a handler is attached
}

// handlerVal is a handler behind zero or more wrapping middleware. When
// router is set, the value is a router (to be mounted or served) behind mws.
type handlerVal struct {
	h      Handler
	mws    []Middleware
	router *node
	strip  string // http.StripPrefix prefix seen on the way
	// asMiddleware classifies a handler-shaped literal in case it is used
	// as gin or echo middleware.
	asMiddleware Kind
}

type mwVal struct{ mw Middleware }

func newInterp(a *analyzer, m *Model) *interp {
	return &interp{
		a: a, m: m, info: a.pass.TypesInfo,
		globals: map[types.Object]value{},
		funcs:   map[*types.Func]*funcState{},
		done:    map[*ast.FuncLit]bool{},
		inst:    map[string]bool{},

		routerExprs: map[ast.Expr]*node{},
	}
}

func (in *interp) newNode(fw httpx.Framework, o origin, pos token.Pos) *node {
	n := &node{fw: fw, origin: o, pos: pos, param: -1}
	in.nodes = append(in.nodes, n)
	return n
}

func (in *interp) child(parent *node, prefix string, pos token.Pos) *node {
	n := in.newNode(parent.fw, parent.origin, pos)
	n.parent, n.prefix = parent, prefix
	return n
}

func (in *interp) next() int { in.seq++; return in.seq }

// run analyses package-level variables, then every function, then collects
// the routes of routers rooted here.
func (in *interp) run() {
	for _, f := range in.a.pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				in.valueSpec(spec.(*ast.ValueSpec), nil)
			}
		}
	}
	fns := make([]*types.Func, 0, len(in.a.decls))
	for fn := range in.a.decls {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		in.function(fn)
	}
	for _, fn := range fns {
		if st := in.funcs[fn]; st != nil && st.summary != nil {
			in.m.Summaries[fn] = st.summary
			in.a.pass.ExportObjectFact(fn, st.summary)
		}
	}
	owned := map[*node]bool{}
	for _, st := range in.funcs {
		for _, p := range st.params {
			if p != nil {
				owned[p] = true
			}
		}
		if st.returned != nil {
			owned[st.returned] = true
		}
	}
	for _, n := range in.nodes {
		if n.parent == nil && !owned[n] {
			routes := in.collect(n, true)
			if len(routes) == 0 {
				continue
			}
			in.m.Routes = append(in.m.Routes, routes...)
			r := &Router{Framework: n.fw, Pos: routerPos(n), Routes: routes, Served: in.servedAt(n)}
			if n.extPos.IsValid() {
				r.Via = n.pos
			}
			in.m.Routers = append(in.m.Routers, r)
		}
	}
	for name := range in.inst {
		in.m.Instantiated = append(in.m.Instantiated, name)
	}
	sort.Strings(in.m.Instantiated)
}

// function analyses one declared function once, and returns its state.
func (in *interp) function(fn *types.Func) *funcState {
	if st, ok := in.funcs[fn]; ok {
		return st
	}
	fd := in.a.decls[fn]
	st := &funcState{busy: true}
	in.funcs[fn] = st
	if fd == nil {
		return st
	}
	env := map[types.Object]value{}
	sig := fn.Type().(*types.Signature)
	st.params = make([]*node, sig.Params().Len())
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if fw, ok := routerType(p.Type()); ok {
			n := in.newNode(fw, originParam, p.Pos())
			n.param = i
			st.params[i] = n
			env[p] = n
		}
	}
	in.body(fd.Body, env, st)
	st.busy = false
	st.summary = in.summarise(st)
	return st
}

// body walks the statements of a function body in source order.
func (in *interp) body(body *ast.BlockStmt, env map[types.Object]value, st *funcState) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return !in.done[n]
		case *ast.AssignStmt:
			in.assign(n, env)
			return true
		case *ast.ValueSpec:
			in.valueSpec(n, env)
			return true
		case *ast.ExprStmt:
			in.eval(n.X, env)
			return true
		case *ast.GoStmt:
			in.eval(n.Call, env)
			return true
		case *ast.DeferStmt:
			in.eval(n.Call, env)
			return true
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				v := in.eval(r, env)
				if st == nil {
					continue
				}
				if rn, mws := asRouter(v); rn != nil && rn.origin == originLocal {
					rn = rootOf(rn)
					rn.wrappers = append(append([]Middleware(nil), mws...), rn.wrappers...)
					st.returned = rn
				}
			}
			return true
		}
		return true
	})
}

func rootOf(n *node) *node {
	for n.parent != nil {
		n = n.parent
	}
	return n
}

func (in *interp) valueSpec(spec *ast.ValueSpec, env map[types.Object]value) {
	for i, name := range spec.Names {
		if i >= len(spec.Values) {
			break
		}
		v := in.eval(spec.Values[i], env)
		obj := in.info.Defs[name]
		if obj == nil || v == nil {
			continue
		}
		if env == nil {
			in.globals[obj] = v
		} else {
			env[obj] = v
		}
	}
}

func (in *interp) assign(as *ast.AssignStmt, env map[types.Object]value) {
	if len(as.Lhs) != len(as.Rhs) {
		for _, r := range as.Rhs {
			in.eval(r, env)
		}
		return
	}
	for i, lhs := range as.Lhs {
		v := in.eval(as.Rhs[i], env)
		if v == nil {
			continue
		}
		switch l := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			obj := in.info.ObjectOf(l)
			if obj == nil {
				continue
			}
			if obj.Parent() == in.a.pass.Pkg.Scope() {
				in.globals[obj] = v
			} else {
				env[obj] = v
			}
		case *ast.SelectorExpr:
			if sel, ok := in.info.Selections[l]; ok && sel.Kind() == types.FieldVal {
				obj := sel.Obj()
				if obj.Name() == "Handler" && httpx.IsNamed(sel.Recv(), httpx.NetHTTP, "Server") {
					in.serve(v)
					in.servedExpr(as.Rhs[i], v)
					continue
				}
				if n, _ := asRouter(v); n != nil && n.origin == originLocal {
					n.origin = originGlobal
				}
				in.globals[obj] = v
			}
		}
	}
}

// asRouter returns the router a value stands for, and the middleware
// wrapping it.
func asRouter(v value) (*node, []Middleware) {
	switch v := v.(type) {
	case *node:
		return v, nil
	case handlerVal:
		return v.router, v.mws
	}
	return nil, nil
}

// serve marks a router as served: the wrappers around it run first.
func (in *interp) serve(v value) {
	n, mws := asRouter(v)
	if n == nil {
		return
	}
	r := rootOf(n)
	r.wrappers = append(append([]Middleware(nil), mws...), r.wrappers...)
}

// servedExpr records that expression e, whose value is v, is handed to a
// server.
func (in *interp) servedExpr(e ast.Expr, v value) {
	if n, _ := asRouter(v); n != nil {
		in.served = append(in.served, servedExpr{n, e})
	}
}

// servedAt lists where root router n is handed to a server, with the
// outermost sub-expression that evaluates to n (or a node under it).
func (in *interp) servedAt(n *node) []Served {
	var out []Served
	for _, s := range in.served {
		if rootOf(s.n) != n {
			continue
		}
		var inner ast.Expr
		ast.Inspect(s.expr, func(x ast.Node) bool {
			if inner != nil {
				return false
			}
			if _, ok := x.(*ast.FuncLit); ok {
				return false
			}
			if e, ok := x.(ast.Expr); ok {
				if rn := in.routerExprs[ast.Unparen(e)]; rn != nil && rootOf(rn) == n {
					inner = e
					return false
				}
			}
			return true
		})
		if inner == nil {
			continue
		}
		out = append(out, Served{Pos: s.expr.Pos(), End: s.expr.End(), RouterPos: inner.Pos(), RouterEnd: inner.End()})
	}
	return out
}

// eval evaluates an expression, performing the registrations it makes.
func (in *interp) eval(e ast.Expr, env map[types.Object]value) value {
	v := in.eval1(e, env)
	if n, ok := v.(*node); ok {
		in.routerExprs[ast.Unparen(e)] = n
	}
	return v
}

func (in *interp) eval1(e ast.Expr, env map[types.Object]value) value {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj := in.info.Uses[e]
		if obj == nil {
			return nil
		}
		if v, ok := env[obj]; ok {
			return v
		}
		if v, ok := in.globals[obj]; ok {
			return v
		}
		return in.funcValue(obj, e)
	case *ast.SelectorExpr:
		if sel, ok := in.info.Selections[e]; ok {
			switch sel.Kind() {
			case types.FieldVal:
				in.eval(e.X, env)
				if v, ok := in.globals[sel.Obj()]; ok {
					return v
				}
				if fw, ok := routerType(sel.Obj().Type()); ok {
					n := in.newNode(fw, originGlobal, sel.Obj().Pos())
					in.globals[sel.Obj()] = n
					return n
				}
				return nil
			case types.MethodVal:
				return in.funcValue(sel.Obj(), e)
			}
			return nil
		}
		obj := in.info.Uses[e.Sel]
		if v, ok := in.globals[obj]; ok {
			return v
		}
		if v, ok := obj.(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() == httpx.NetHTTP && v.Name() == "DefaultServeMux" {
			return in.defaultServeMux(e.Pos())
		}
		return in.funcValue(obj, e)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return in.eval(e.X, env)
		}
		return nil
	case *ast.CompositeLit:
		return in.compositeLit(e, env)
	case *ast.FuncLit:
		return in.funcLit(e)
	case *ast.CallExpr:
		return in.call(e, env)
	}
	return nil
}

func (in *interp) defaultServeMux(pos token.Pos) *node {
	if in.defaultMux == nil {
		in.defaultMux = in.newNode(httpx.FrameworkNetHTTP, originGlobal, pos)
	}
	return in.defaultMux
}

// funcValue evaluates a reference to a function or method (not a call).
func (in *interp) funcValue(obj types.Object, at ast.Expr) value {
	fn, ok := obj.(*types.Func)
	if !ok {
		if obj != nil && isHandlerImpl(obj.Type()) {
			return in.serveHTTPOf(obj.Type())
		}
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if httpx.KindOf(sig) != httpx.NotHandler {
		// gin middleware is handler-shaped: middlewareArgs tells them apart
		// by position.
		return handlerVal{h: in.handlerOfFunc(fn)}
	}
	if shapeOf(sig) == shapeWrapper || isMiddlewareFuncType(sig) {
		k, _ := in.a.middlewareKind(fn)
		return mwVal{Middleware{Name: FuncName(fn), Pos: at.Pos(), Kind: k}}
	}
	return nil
}

func (in *interp) handlerOfFunc(fn *types.Func) Handler {
	return Handler{Name: FuncName(fn), Func: fn, Pos: fn.Pos(), AuthCheck: in.a.isAuthCheckFunc(fn), RateCheck: in.a.isRateCheckFunc(fn)}
}

func (in *interp) funcLit(lit *ast.FuncLit) value {
	sig, _ := in.info.TypeOf(lit).(*types.Signature)
	if sig == nil {
		return nil
	}
	if kind := httpx.KindOf(sig); kind != httpx.NotHandler {
		b := in.a.scan(lit)
		hv := handlerVal{h: Handler{Name: in.a.literalName(lit.Pos()), Pos: lit.Pos(), AuthCheck: b.authCheck(), RateCheck: b.limitsRate}}
		if kind == httpx.GinHandler {
			b.callsNext = true // as middleware, gin goes on unless aborted
		}
		hv.asMiddleware = b.kind()
		return hv
	}
	if isMiddlewareFuncType(sig) {
		b := in.a.scan(lit)
		return mwVal{Middleware{Name: in.a.literalName(lit.Pos()), Pos: lit.Pos(), Kind: b.kind()}}
	}
	return nil
}

func (in *interp) compositeLit(lit *ast.CompositeLit, env map[types.Object]value) value {
	t := in.info.TypeOf(lit)
	if t == nil {
		return nil
	}
	switch {
	case httpx.IsNamed(t, httpx.NetHTTP, "ServeMux"):
		return in.newNode(httpx.FrameworkNetHTTP, originLocal, lit.Pos())
	case httpx.IsNamed(t, httpx.NetHTTP, "Server"):
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				v := in.eval(kv.Value, env)
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Handler" {
					in.serve(v)
					in.servedExpr(kv.Value, v)
				}
			}
		}
		return nil
	case isHandlerImpl(t):
		return in.serveHTTPOf(t)
	}
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			in.eval(kv.Value, env)
		}
	}
	return nil
}

// isHandlerImpl: a concrete named type (or pointer to one) with a ServeHTTP
// method that makes it an http.Handler.
func isHandlerImpl(t types.Type) bool {
	if _, ok := t.Underlying().(*types.Interface); ok {
		return false
	}
	if _, ok := t.Underlying().(*types.Signature); ok {
		return false
	}
	return serveHTTPMethod(t) != nil
}

func serveHTTPMethod(t types.Type) *types.Func {
	for _, typ := range []types.Type{t, types.NewPointer(t)} {
		if p, ok := t.(*types.Pointer); ok && typ != t {
			typ = p
		}
		obj, _, _ := types.LookupFieldOrMethod(typ, true, nil, "ServeHTTP")
		if fn, ok := obj.(*types.Func); ok && httpx.KindOf(fn.Type().(*types.Signature)) == httpx.NetHTTPHandler {
			return fn
		}
	}
	return nil
}

func (in *interp) serveHTTPOf(t types.Type) value {
	fn := serveHTTPMethod(t)
	if fn == nil {
		return nil
	}
	if fw, ok := routerType(t); ok {
		// A router used as a handler is a mount, not an endpoint.
		n := in.newNode(fw, originLocal, token.NoPos)
		return n
	}
	return handlerVal{h: in.handlerOfFunc(fn)}
}

// routerType reports whether t is a router of a supported framework.
func routerType(t types.Type) (httpx.Framework, bool) {
	switch {
	case httpx.IsNamed(t, httpx.NetHTTP, "ServeMux"):
		return httpx.FrameworkNetHTTP, true
	case httpx.IsNamed(t, httpx.Chi, "Mux"), httpx.IsNamed(t, httpx.Chi, "Router"):
		return httpx.FrameworkChi, true
	case httpx.IsNamed(t, httpx.Gorilla, "Router"):
		return httpx.FrameworkGorilla, true
	case httpx.IsNamed(t, httpx.Gin, "Engine"), httpx.IsNamed(t, httpx.Gin, "RouterGroup"),
		httpx.IsNamed(t, httpx.Gin, "IRouter"), httpx.IsNamed(t, httpx.Gin, "IRoutes"):
		return httpx.FrameworkGin, true
	case httpx.IsNamed(t, httpx.Echo, "Echo"), httpx.IsNamed(t, httpx.Echo, "Group"):
		return httpx.FrameworkEcho, true
	}
	return "", false
}

// call evaluates a call: constructors, registrations, wrappers, factories,
// and calls of route functions summarised by RouterFuncFact.
func (in *interp) call(call *ast.CallExpr, env map[types.Object]value) value {
	info := in.info
	// Conversions: http.HandlerFunc(f), gin.HandlerFunc(f), echo.HandlerFunc(f).
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return in.eval(call.Args[0], env)
		}
		return nil
	}
	// A call of a call: mw.Auth(key)(h), or a factory's middleware applied.
	if inner, ok := ast.Unparen(call.Fun).(*ast.CallExpr); ok {
		v := in.eval(inner, env)
		if mw, ok := v.(mwVal); ok {
			return in.apply(mw, call, env)
		}
		in.evalArgs(call, env)
		return nil
	}
	var fn *types.Func
	var recv value
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			fn, _ = s.Obj().(*types.Func)
			recv = in.eval(sel.X, env)
		} else {
			fn, _ = info.Uses[sel.Sel].(*types.Func)
		}
	} else if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		switch obj := info.Uses[id].(type) {
		case *types.Func:
			fn = obj
		case *types.Var:
			// A variable holding middleware: mw(h).
			if mw, ok := env[obj].(mwVal); ok {
				return in.apply(mw, call, env)
			}
		}
	}
	if fn == nil {
		in.evalArgs(call, env)
		return nil
	}
	if v, ok := in.frameworkCall(fn, recv, call, env); ok {
		return v
	}
	return in.userCall(fn, call, env)
}

func (in *interp) evalArgs(call *ast.CallExpr, env map[types.Object]value) {
	for _, arg := range call.Args {
		if _, ok := ast.Unparen(arg).(*ast.FuncLit); ok {
			continue
		}
		in.eval(arg, env)
	}
}

// apply evaluates a call of a middleware value, mw(h) or pm(h, "perm"):
// the handler is the first argument of handler type, or of a type
// implementing http.Handler (a *http.ServeMux, a router).
func (in *interp) apply(mw mwVal, call *ast.CallExpr, env map[types.Object]value) value {
	for _, arg := range call.Args {
		if t := in.info.TypeOf(arg); t != nil && (isHandlerValueType(t) || isHandlerImpl(t)) {
			return wrap(mw.mw, in.eval(arg, env))
		}
	}
	in.evalArgs(call, env)
	return nil
}

// wrap puts middleware in front of a handler or router value.
func wrap(mw Middleware, v value) value {
	switch v := v.(type) {
	case handlerVal:
		v.mws = append([]Middleware{mw}, v.mws...)
		return v
	case *node:
		return handlerVal{router: v, mws: []Middleware{mw}}
	}
	return nil
}

// userCall evaluates a call of a function that is not a framework API:
// route functions, middleware wrappers and handler factories.
func (in *interp) userCall(fn *types.Func, call *ast.CallExpr, env map[types.Object]value) value {
	name := in.a.funcName(fn)
	sig := fn.Type().(*types.Signature)
	if sum := in.summaryOf(fn); sum != nil {
		if sum.Param < 0 {
			n := in.newNode(frameworkOfSummary(sum, fn), originLocal, call.Pos())
			if !in.local(sum.RouterPos) {
				n.extPos = sum.RouterPos
			}
			in.instantiate(sum, n, call.Pos())
			in.inst[name] = true
			in.evalArgs(call, env)
			return n
		}
		if sum.Param < len(call.Args) {
			if n, _ := asRouter(in.eval(call.Args[sum.Param], env)); n != nil {
				in.instantiate(sum, n, call.Pos())
				in.inst[name] = true
			}
		}
		in.evalArgs(call, env)
		return nil
	}
	switch shapeOf(sig) {
	case shapeWrapper:
		k, _ := in.a.middlewareKind(fn)
		idx, ok := handlerArg[name]
		if !ok {
			idx = firstHandlerParam(sig)
		}
		mw := Middleware{Name: name, Pos: call.Pos(), Kind: k}
		if idx >= 0 && idx < len(call.Args) {
			return wrap(mw, in.eval(call.Args[idx], env))
		}
		return nil
	case shapeFactory, shapeGinFactory:
		in.evalArgs(call, env)
		k, _ := in.a.middlewareKind(fn)
		if shapeOf(sig) == shapeGinFactory {
			if _, known := in.a.middlewareKind(fn); !known || k == 0 {
				// gin.HandlerFunc factories are handlers unless they act as middleware.
				return handlerVal{h: in.handlerOfFunc(fn)}
			}
		}
		return mwVal{Middleware{Name: name, Pos: call.Pos(), Kind: k}}
	}
	if sig.Results().Len() >= 1 {
		res := sig.Results().At(0).Type()
		if fw, ok := routerType(res); ok && sig.Recv() == nil && isConstructor(fn) {
			n := in.newNode(fw, originLocal, call.Pos())
			if name == "github.com/gin-gonic/gin.Default" {
				n.mws = append(n.mws,
					seqMW{Middleware{Name: "github.com/gin-gonic/gin.Logger", Pos: call.Pos(), Kind: KindLogging}, 0},
					seqMW{Middleware{Name: "github.com/gin-gonic/gin.Recovery", Pos: call.Pos()}, 0})
			}
			return n
		}
		if _, ok := routerType(res); !ok && isHandlerValueType(res) && sig.Results().Len() == 1 {
			in.evalArgs(call, env)
			return handlerVal{h: in.handlerOfFunc(fn)}
		}
		if isHandlerImpl(res) && sig.Results().Len() == 1 {
			in.evalArgs(call, env)
			return in.serveHTTPOf(res)
		}
	}
	in.evalArgs(call, env)
	return nil
}

// isConstructor: router constructors of the frameworks.
func isConstructor(fn *types.Func) bool {
	switch FuncName(fn) {
	case "net/http.NewServeMux", "github.com/gorilla/mux.NewRouter",
		"github.com/gin-gonic/gin.New", "github.com/gin-gonic/gin.Default":
		return true
	}
	if p := fn.Pkg(); p != nil {
		if httpx.SamePackage(p.Path(), httpx.Chi) && (fn.Name() == "NewRouter" || fn.Name() == "NewMux") {
			return true
		}
		if httpx.SamePackage(p.Path(), httpx.Echo) && fn.Name() == "New" {
			return true
		}
	}
	return false
}

func firstHandlerParam(sig *types.Signature) int {
	for i := 0; i < sig.Params().Len(); i++ {
		if isHandlerValueType(sig.Params().At(i).Type()) {
			return i
		}
	}
	return -1
}

func frameworkOfSummary(sum *RouterFuncFact, fn *types.Func) httpx.Framework {
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() > 0 {
		if fw, ok := routerType(sig.Results().At(0).Type()); ok {
			return fw
		}
	}
	for _, r := range sum.Routes {
		return r.Framework
	}
	return httpx.FrameworkNetHTTP
}

// summaryOf returns the route summary of fn: analysed here when fn is
// declared in this package, from its fact otherwise.
func (in *interp) summaryOf(fn *types.Func) *RouterFuncFact {
	if fn.Pkg() == in.a.pass.Pkg {
		if _, ok := in.a.decls[fn]; !ok {
			return nil
		}
		st := in.function(fn)
		if st.busy {
			return nil // recursion
		}
		return st.summary
	}
	var f RouterFuncFact
	if in.a.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// summarise turns a function's parameter or returned router into its fact.
func (in *interp) summarise(st *funcState) *RouterFuncFact {
	if st.returned != nil {
		if routes := in.collect(st.returned, false); len(routes) > 0 {
			return &RouterFuncFact{Param: -1, Routes: toSummary(routes), RouterPos: routerPos(st.returned)}
		}
	}
	for i, p := range st.params {
		if p == nil {
			continue
		}
		if routes := in.collect(p, false); len(routes) > 0 {
			return &RouterFuncFact{Param: i, Routes: toSummary(routes)}
		}
	}
	return nil
}

func toSummary(routes []*Route) []SummaryRoute {
	out := make([]SummaryRoute, len(routes))
	for i, r := range routes {
		h := HandlerRef{Name: r.Handler.Name, Pos: r.Handler.Pos, AuthCheck: r.Handler.AuthCheck, RateCheck: r.Handler.RateCheck}
		if fn := r.Handler.Func; fn != nil && fn.Pkg() != nil {
			if p, err := objectpath.For(fn); err == nil {
				h.Pkg, h.Obj = fn.Pkg().Path(), p
			}
		}
		out[i] = SummaryRoute{Framework: r.Framework, Method: r.Method, Path: r.Path, Handler: h, Pos: r.Pos, Middleware: r.Middleware}
	}
	return out
}

// instantiate applies a summary to a router of the caller.
func (in *interp) instantiate(sum *RouterFuncFact, n *node, pos token.Pos) {
	for _, r := range sum.Routes {
		h := Handler{Name: r.Handler.Name, Pos: r.Handler.Pos, AuthCheck: r.Handler.AuthCheck, RateCheck: r.Handler.RateCheck, Func: in.resolveFunc(r.Handler.Pkg, r.Handler.Obj)}
		rec := &routeRec{fw: r.Framework, path: r.Path, handler: h, pos: r.Pos, mws: r.Middleware, seq: in.next()}
		if !in.local(r.Pos) {
			rec.via = pos
		}
		if r.Method != "ANY" {
			rec.methods = []string{r.Method}
		}
		n.routes = append(n.routes, rec)
	}
}

// resolveFunc recovers the *types.Func of a handler named in a fact, so that
// later analyzers can follow it; nil when it is not a declared function.
func (in *interp) resolveFunc(pkgPath string, path objectpath.Path) *types.Func {
	if pkgPath == "" {
		return nil
	}
	pkg, ok := in.pkgs[pkgPath]
	if !ok { // a summary of thousands of routes names a few packages
		pkg = findPackage(in.a.pass.Pkg, pkgPath, map[*types.Package]bool{})
		if in.pkgs == nil {
			in.pkgs = map[string]*types.Package{}
		}
		in.pkgs[pkgPath] = pkg
	}
	if pkg == nil {
		return nil
	}
	obj, err := objectpath.Object(pkg, path)
	if err != nil {
		return nil
	}
	fn, _ := obj.(*types.Func)
	return fn
}

func findPackage(from *types.Package, path string, seen map[*types.Package]bool) *types.Package {
	if from.Path() == path {
		return from
	}
	seen[from] = true
	for _, imp := range from.Imports() {
		if !seen[imp] {
			if p := findPackage(imp, path, seen); p != nil {
				return p
			}
		}
	}
	return nil
}

// collect flattens the routes registered on n and its descendants. With
// absolute, paths and chains include n's ancestors.
func (in *interp) collect(n *node, absolute bool) []*Route {
	var out []*Route
	var prefix string
	var chain []seqMW
	if absolute {
		prefix, chain = in.ancestry(n.parent)
	}
	in.walk(n, prefix, chain, &out)
	return out
}

func (in *interp) ancestry(n *node) (string, []seqMW) {
	if n == nil {
		return "", nil
	}
	prefix, chain := in.ancestry(n.parent)
	for _, w := range n.wrappers {
		chain = append(chain, seqMW{w, -1})
	}
	return joinPath(prefix, n.prefix), append(chain, n.mws...)
}

func (in *interp) walk(n *node, prefix string, chain []seqMW, out *[]*Route) {
	prefix = joinPath(prefix, n.prefix)
	chain = append(chain[:len(chain):len(chain)], nil...)
	for _, w := range n.wrappers {
		chain = append(chain, seqMW{w, -1})
	}
	chain = append(chain, n.mws...)
	for _, rec := range n.routes {
		if n.prefixBad {
			continue
		}
		var mws []Middleware
		for _, m := range chain {
			if n.fw == httpx.FrameworkGin && m.seq > rec.seq {
				continue // gin applies Use only to routes registered after it
			}
			mws = append(mws, m.Middleware)
		}
		mws = append(mws, rec.mws...)
		methods := rec.methods
		if len(methods) == 0 {
			methods = []string{"ANY"}
		}
		path := joinPath(prefix, rec.path)
		if !strings.HasPrefix(path, "/") && rec.fw != httpx.FrameworkNetHTTP {
			path = "/" + path // routers root relative paths at "/"
		}
		for _, meth := range methods {
			*out = append(*out, &Route{
				Framework:  rec.fw,
				Method:     meth,
				Path:       path,
				Handler:    rec.handler,
				Pos:        rec.pos,
				Middleware: mws,
				Via:        rec.via,
			})
		}
	}
	for _, c := range in.nodes {
		if c.parent == n {
			in.walk(c, prefix, chain, out)
		}
	}
}

// joinPath joins a prefix and a path the way routers do.
func joinPath(prefix, path string) string {
	if prefix == "" {
		return path
	}
	if path == "" {
		return prefix
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return strings.TrimSuffix(prefix, "/") + path
}

// local reports whether pos lies in a file of this package.
func (in *interp) local(pos token.Pos) bool {
	for _, f := range in.a.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return true
		}
	}
	return false
}
