package httpmodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

var httpMethods = map[string]string{
	"Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE",
	"Head": "HEAD", "Options": "OPTIONS", "Connect": "CONNECT", "Trace": "TRACE",
	"GET": "GET", "POST": "POST", "PUT": "PUT", "PATCH": "PATCH", "DELETE": "DELETE",
	"HEAD": "HEAD", "OPTIONS": "OPTIONS", "CONNECT": "CONNECT", "TRACE": "TRACE",
}

// frameworkCall evaluates calls of the routers' own APIs. ok is false when fn
// belongs to no supported framework.
func (in *interp) frameworkCall(fn *types.Func, recv value, call *ast.CallExpr, env map[types.Object]value) (value, bool) {
	pkg := fn.Pkg()
	if pkg == nil {
		return nil, false
	}
	fw, ok := httpx.FrameworkOf(pkg.Path())
	if !ok {
		return nil, false
	}
	if sig := fn.Type().(*types.Signature); sig.Recv() == nil {
		return in.packageFunc(fw, fn, call, env)
	}
	if gr, ok := recv.(*gorillaRoute); ok {
		return in.gorillaRouteCall(gr, fn.Name(), call, env), true
	}
	n, _ := recv.(*node)
	if n == nil {
		// A router we cannot follow (from a map, an unknown call): its routes
		// are still listed, relative to it.
		if _, ok := routerType(recvType(fn)); !ok {
			in.evalArgs(call, env)
			return nil, true
		}
		n = in.newNode(fw, originLocal, call.Pos())
	}
	switch n.fw {
	case httpx.FrameworkNetHTTP:
		return in.serveMuxCall(n, fn.Name(), call, env), true
	case httpx.FrameworkChi:
		return in.chiCall(n, fn.Name(), call, env), true
	case httpx.FrameworkGorilla:
		return in.gorillaCall(n, fn.Name(), call, env), true
	case httpx.FrameworkGin:
		return in.ginCall(n, fn.Name(), call, env), true
	case httpx.FrameworkEcho:
		return in.echoCall(n, fn.Name(), call, env), true
	}
	return nil, true
}

func recvType(fn *types.Func) types.Type {
	return fn.Type().(*types.Signature).Recv().Type()
}

// packageFunc: functions (not methods) of the framework packages.
func (in *interp) packageFunc(fw httpx.Framework, fn *types.Func, call *ast.CallExpr, env map[types.Object]value) (value, bool) {
	name := fn.Name()
	if fw == httpx.FrameworkNetHTTP {
		switch name {
		case "NewServeMux":
			return in.newNode(fw, originLocal, call.Pos()), true
		case "Handle", "HandleFunc":
			return in.serveMuxCall(in.defaultServeMux(call.Pos()), name, call, env), true
		case "ListenAndServe", "Serve":
			if len(call.Args) == 2 {
				in.serveArg(call.Args[1], call.Pos(), env)
			}
			return nil, true
		case "ListenAndServeTLS", "ServeTLS":
			if len(call.Args) == 4 {
				in.serveArg(call.Args[3], call.Pos(), env)
			}
			return nil, true
		case "StripPrefix":
			if len(call.Args) != 2 {
				return nil, true
			}
			v := in.eval(call.Args[1], env)
			prefix, ok := in.a.constString(call.Args[0])
			if hv, isH := v.(handlerVal); isH {
				if ok {
					hv.strip = prefix + hv.strip
				}
				return hv, true
			}
			if n, isN := v.(*node); isN {
				return handlerVal{router: n, strip: prefix}, true
			}
			return nil, true
		}
	}
	if isConstructor(fn) {
		return in.userCall(fn, call, env), true
	}
	return nil, false
}

func (in *interp) serveArg(arg ast.Expr, pos token.Pos, env map[types.Object]value) {
	if id, ok := ast.Unparen(arg).(*ast.Ident); ok && id.Name == "nil" && in.info.Uses[id] == types.Universe.Lookup("nil") {
		in.serve(in.defaultServeMux(pos))
		return
	}
	v := in.eval(arg, env)
	in.serve(v)
	in.servedExpr(arg, v)
}

// pattern reads a constant path argument; bad is true when it is computed
// at run time, and the registration is recorded as unresolved.
func (in *interp) pattern(e ast.Expr, what string) (string, bool) {
	s, ok := in.constPath(e)
	if !ok {
		in.unresolved(e.Pos(), what+" is not a constant")
		return "", false
	}
	return s, true
}

func (in *interp) unresolved(pos token.Pos, reason string) {
	in.m.Unresolved = append(in.m.Unresolved, Unresolved{Pos: pos, Reason: reason})
}

// register records a route on n, or an unresolved registration when the
// handler cannot be followed. A router value mounts instead.
func (in *interp) register(n *node, methods []string, path string, hexpr ast.Expr, mws []Middleware, pos token.Pos, env map[types.Object]value) *routeRec {
	v := in.eval(hexpr, env)
	switch v := v.(type) {
	case *node:
		in.mount(n, path, handlerVal{router: v}, pos)
		return nil
	case handlerVal:
		if v.router != nil {
			in.mount(n, path, v, pos)
			return nil
		}
		rec := &routeRec{fw: n.fw, methods: methods, path: path, handler: v.h, pos: pos, seq: in.next()}
		rec.mws = append(append(rec.mws, mws...), v.mws...)
		n.routes = append(n.routes, rec)
		return rec
	}
	in.unresolved(hexpr.Pos(), "handler is not statically known")
	return nil
}

// mount attaches a router under n at path. With http.StripPrefix the mounted
// router sees paths without the prefix; without it, it sees full paths.
func (in *interp) mount(n *node, path string, hv handlerVal, pos token.Pos) {
	sub := rootOf(hv.router)
	if sub == n || isAncestor(sub, n) {
		return
	}
	sub.parent = n
	switch {
	case n.fw == httpx.FrameworkNetHTTP && hv.strip == "":
		sub.prefix = ""
	case n.fw == httpx.FrameworkNetHTTP:
		sub.prefix = hv.strip
	default:
		sub.prefix = strings.TrimSuffix(strings.TrimSuffix(path, "/*"), "/")
	}
	sub.wrappers = append(append([]Middleware(nil), hv.mws...), sub.wrappers...)
	if sub.origin == originLocal && n.origin != originLocal {
		markOrigin(in, sub, n.origin)
	}
}

func isAncestor(a, n *node) bool {
	for ; n != nil; n = n.parent {
		if n == a {
			return true
		}
	}
	return false
}

func markOrigin(in *interp, n *node, o origin) {
	n.origin = o
	for _, c := range in.nodes {
		if c.parent == n {
			markOrigin(in, c, o)
		}
	}
}

// middlewareArgs evaluates middleware arguments (Use, With, Group, per-route).
func (in *interp) middlewareArgs(args []ast.Expr, env map[types.Object]value) []Middleware {
	var out []Middleware
	for _, arg := range args {
		switch v := in.eval(arg, env).(type) {
		case mwVal:
			out = append(out, v.mw)
		case handlerVal:
			// gin middleware is handler-shaped.
			m := Middleware{Name: v.h.Name, Pos: arg.Pos(), Kind: v.asMiddleware}
			if v.h.Func != nil {
				m.Kind, _ = in.a.middlewareKind(v.h.Func)
			}
			out = append(out, m)
		default:
			out = append(out, Middleware{Name: types.ExprString(arg), Pos: arg.Pos()})
		}
	}
	return out
}

func (in *interp) use(n *node, mws []Middleware) {
	for _, m := range mws {
		n.mws = append(n.mws, seqMW{m, in.next()})
	}
}

func (in *interp) serveMuxCall(n *node, name string, call *ast.CallExpr, env map[types.Object]value) value {
	switch name {
	case "Handle", "HandleFunc":
		if len(call.Args) != 2 {
			return nil
		}
		pat, ok := in.pattern(call.Args[0], "path")
		if !ok {
			return nil
		}
		method, path := splitPattern(pat)
		var methods []string
		if method != "" {
			methods = []string{method}
		}
		in.register(n, methods, path, call.Args[1], nil, call.Pos(), env)
	case "ServeHTTP":
	}
	return nil
}

// splitPattern splits a Go 1.22 ServeMux pattern "[METHOD ][HOST]/PATH".
func splitPattern(pat string) (method, path string) {
	pat = strings.TrimSpace(pat)
	if i := strings.IndexAny(pat, " \t"); i >= 0 {
		method, pat = pat[:i], strings.TrimSpace(pat[i+1:])
	}
	if i := strings.IndexByte(pat, '/'); i > 0 {
		pat = pat[i:] // drop the host
	}
	return method, pat
}

func (in *interp) chiCall(n *node, name string, call *ast.CallExpr, env map[types.Object]value) value {
	args := call.Args
	switch name {
	case "Use":
		in.use(n, in.middlewareArgs(args, env))
		return nil
	case "With":
		c := in.child(n, "", call.Pos())
		in.use(c, in.middlewareArgs(args, env))
		return c
	case "Group":
		c := in.child(n, "", call.Pos())
		if len(args) == 1 {
			in.callback(args[0], c, env)
		}
		return c
	case "Route":
		if len(args) != 2 {
			return nil
		}
		c := in.child(n, "", call.Pos())
		if p, ok := in.constPath(args[0]); ok {
			c.prefix = p
		} else {
			c.prefixBad = true
			in.unresolved(args[0].Pos(), "route prefix is not a constant")
		}
		in.callback(args[1], c, env)
		return c
	case "Mount":
		if len(args) != 2 {
			return nil
		}
		p, ok := in.pattern(args[0], "mount path")
		if !ok {
			return nil
		}
		in.register(n, nil, strings.TrimSuffix(p, "/")+"/*", args[1], nil, call.Pos(), env)
		return nil
	case "Handle", "HandleFunc":
		if len(args) != 2 {
			return nil
		}
		if p, ok := in.pattern(args[0], "path"); ok {
			method, path := splitPattern(p)
			var methods []string
			if method != "" {
				methods = []string{method}
			}
			in.register(n, methods, path, args[1], nil, call.Pos(), env)
		}
		return nil
	case "Method", "MethodFunc":
		if len(args) != 3 {
			return nil
		}
		m, ok1 := in.a.constString(args[0])
		p, ok2 := in.pattern(args[1], "path")
		if !ok1 {
			in.unresolved(args[0].Pos(), "method is not a constant")
		}
		if ok1 && ok2 {
			in.register(n, []string{strings.ToUpper(m)}, p, args[2], nil, call.Pos(), env)
		}
		return nil
	}
	if m, ok := httpMethods[name]; ok && len(args) == 2 {
		if p, ok := in.pattern(args[0], "path"); ok {
			in.register(n, []string{m}, p, args[1], nil, call.Pos(), env)
		}
		return nil
	}
	in.evalArgs(call, env)
	return nil
}

// callback runs a func(r Router) given to Route or Group with its parameter
// bound to the child router; a named function is applied through its summary.
func (in *interp) callback(arg ast.Expr, c *node, env map[types.Object]value) {
	if lit, ok := ast.Unparen(arg).(*ast.FuncLit); ok {
		in.done[lit] = true
		sub := map[types.Object]value{}
		for k, v := range env {
			sub[k] = v
		}
		if params := lit.Type.Params.List; len(params) == 1 && len(params[0].Names) == 1 {
			if obj := in.info.Defs[params[0].Names[0]]; obj != nil {
				sub[obj] = c
			}
		}
		in.body(lit.Body, sub, nil)
		return
	}
	var fn *types.Func
	switch e := ast.Unparen(arg).(type) {
	case *ast.Ident:
		fn, _ = in.info.Uses[e].(*types.Func)
	case *ast.SelectorExpr:
		if s, ok := in.info.Selections[e]; ok {
			fn, _ = s.Obj().(*types.Func)
		} else {
			fn, _ = in.info.Uses[e.Sel].(*types.Func)
		}
	}
	if fn == nil {
		in.unresolved(arg.Pos(), "route function is not statically known")
		return
	}
	if sum := in.summaryOf(fn); sum != nil && sum.Param == 0 {
		in.instantiate(sum, c, arg.Pos())
		in.inst[FuncName(fn)] = true
	}
}

func (in *interp) gorillaCall(n *node, name string, call *ast.CallExpr, env map[types.Object]value) value {
	args := call.Args
	switch name {
	case "Use":
		in.use(n, in.middlewareArgs(args, env))
		return nil
	case "HandleFunc", "Handle":
		if len(args) != 2 {
			return nil
		}
		gr := &gorillaRoute{n: n}
		if p, ok := in.pattern(args[0], "path"); ok {
			gr.path = p
			gr.rec = in.register(n, nil, p, args[1], nil, call.Pos(), env)
		} else {
			gr.bad = true
		}
		return gr
	case "StrictSlash", "SkipClean", "UseEncodedPath", "NotFoundHandler", "MethodNotAllowedHandler":
		in.evalArgs(call, env)
		return n
	case "NewRoute":
		return &gorillaRoute{n: n}
	}
	return in.gorillaRouteCall(&gorillaRoute{n: n}, name, call, env)
}

// gorillaRouteCall evaluates the *mux.Route builder methods.
func (in *interp) gorillaRouteCall(gr *gorillaRoute, name string, call *ast.CallExpr, env map[types.Object]value) value {
	args := call.Args
	switch name {
	case "Path", "PathPrefix":
		if len(args) == 1 {
			if p, ok := in.pattern(args[0], "path"); ok {
				gr.path = p
			} else {
				gr.bad = true
			}
		}
		return gr
	case "Methods":
		for _, a := range args {
			m, ok := in.a.constString(a)
			if !ok {
				in.unresolved(a.Pos(), "method is not a constant")
				return gr
			}
			gr.methods = append(gr.methods, strings.ToUpper(m))
		}
		if gr.rec != nil {
			gr.rec.methods = gr.methods
		}
		return gr
	case "Handler", "HandlerFunc":
		if len(args) != 1 || gr.bad {
			return gr
		}
		gr.rec = in.register(gr.n, gr.methods, gr.path, args[0], nil, call.Pos(), env)
		return gr
	case "Subrouter":
		c := in.child(gr.n, gr.path, call.Pos())
		c.prefixBad = gr.bad
		return c
	}
	in.evalArgs(call, env)
	return gr
}

func (in *interp) ginCall(n *node, name string, call *ast.CallExpr, env map[types.Object]value) value {
	args := call.Args
	switch name {
	case "Use":
		in.use(n, in.middlewareArgs(args, env))
		return n
	case "Group":
		if len(args) == 0 {
			return nil
		}
		c := in.child(n, "", call.Pos())
		if p, ok := in.constPath(args[0]); ok {
			c.prefix = p
		} else {
			c.prefixBad = true
			in.unresolved(args[0].Pos(), "group prefix is not a constant")
		}
		in.use(c, in.middlewareArgs(args[1:], env))
		return c
	case "Any":
		in.ginRoute(n, nil, args, call.Pos(), env)
		return n
	case "Handle":
		if len(args) >= 3 {
			if m, ok := in.a.constString(args[0]); ok {
				in.ginRoute(n, []string{strings.ToUpper(m)}, args[1:], call.Pos(), env)
			} else {
				in.unresolved(args[0].Pos(), "method is not a constant")
			}
		}
		return n
	case "Match":
		if len(args) >= 3 {
			if ms, ok := in.constStrings(args[0]); ok {
				in.ginRoute(n, ms, args[1:], call.Pos(), env)
			} else {
				in.unresolved(args[0].Pos(), "methods are not constant")
			}
		}
		return n
	case "Run", "RunTLS", "RunUnix", "RunListener", "RunFd":
		in.serve(n)
		return nil
	}
	if m, ok := httpMethods[name]; ok {
		in.ginRoute(n, []string{m}, args, call.Pos(), env)
		return n
	}
	in.evalArgs(call, env)
	return nil
}

// ginRoute: path, then handlers; the last is the endpoint, the others are
// per-route middleware.
func (in *interp) ginRoute(n *node, methods []string, args []ast.Expr, pos token.Pos, env map[types.Object]value) {
	if len(args) < 2 {
		return
	}
	p, ok := in.pattern(args[0], "path")
	if !ok {
		return
	}
	mws := in.middlewareArgs(args[1:len(args)-1], env)
	in.register(n, methods, p, args[len(args)-1], mws, pos, env)
}

func (in *interp) echoCall(n *node, name string, call *ast.CallExpr, env map[types.Object]value) value {
	args := call.Args
	switch name {
	case "Use", "Pre":
		in.use(n, in.middlewareArgs(args, env))
		return nil
	case "Group":
		if len(args) == 0 {
			return nil
		}
		c := in.child(n, "", call.Pos())
		if p, ok := in.constPath(args[0]); ok {
			c.prefix = p
		} else {
			c.prefixBad = true
			in.unresolved(args[0].Pos(), "group prefix is not a constant")
		}
		in.use(c, in.middlewareArgs(args[1:], env))
		return c
	case "Any":
		in.echoRoute(n, nil, args, call.Pos(), env)
		return nil
	case "Add":
		if len(args) >= 3 {
			if m, ok := in.a.constString(args[0]); ok {
				in.echoRoute(n, []string{strings.ToUpper(m)}, args[1:], call.Pos(), env)
			} else {
				in.unresolved(args[0].Pos(), "method is not a constant")
			}
		}
		return nil
	case "Match":
		if len(args) >= 3 {
			if ms, ok := in.constStrings(args[0]); ok {
				in.echoRoute(n, ms, args[1:], call.Pos(), env)
			} else {
				in.unresolved(args[0].Pos(), "methods are not constant")
			}
		}
		return nil
	case "Start", "StartTLS", "StartAutoTLS", "StartServer", "StartH2CServer":
		in.evalArgs(call, env)
		in.serve(n)
		return nil
	}
	if m, ok := httpMethods[name]; ok {
		in.echoRoute(n, []string{m}, args, call.Pos(), env)
		return nil
	}
	in.evalArgs(call, env)
	return nil
}

// echoRoute: path, handler, then per-route middleware.
func (in *interp) echoRoute(n *node, methods []string, args []ast.Expr, pos token.Pos, env map[types.Object]value) {
	if len(args) < 2 {
		return
	}
	p, ok := in.pattern(args[0], "path")
	if !ok {
		return
	}
	mws := in.middlewareArgs(args[2:], env)
	in.register(n, methods, p, args[1], mws, pos, env)
}

// constStrings reads []string{"GET", "POST"}.
func (in *interp) constStrings(e ast.Expr) ([]string, bool) {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	var out []string
	for _, el := range lit.Elts {
		s, ok := in.a.constString(el)
		if !ok {
			return nil, false
		}
		out = append(out, strings.ToUpper(s))
	}
	return out, true
}

// constPath reads a constant string, or path.Join of constants, which
// routers' users write to build paths from a constant base.
func (in *interp) constPath(e ast.Expr) (string, bool) {
	if s, ok := in.a.constString(e); ok {
		return s, true
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	fn := typeutil.StaticCallee(in.info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "path" || fn.Name() != "Join" {
		return "", false
	}
	parts := make([]string, len(call.Args))
	for i, arg := range call.Args {
		s, ok := in.a.constString(arg)
		if !ok {
			return "", false
		}
		parts[i] = s
	}
	return path.Join(parts...), true
}
