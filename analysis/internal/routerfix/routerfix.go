// Package routerfix finds, for the routers of the route model, where a
// router-wide middleware can be added (a Use call after the router's
// creation, or a wrapper around the handler given to the server) and what
// of the project's own can go there: its middleware of a kind, its logger.
// The Finder serves the no-rate-limit and no-request-log fixes.
package routerfix

import (
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/prodready/prodready/analysis/httpmodel"
	"github.com/prodready/prodready/analysis/internal/astx"
	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

// Finder answers questions about one package's routers.
type Finder struct {
	pass  *analysis.Pass
	model *httpmodel.Model
}

// New returns a Finder for the package of pass.
func New(pass *analysis.Pass, model *httpmodel.Model) *Finder {
	return &Finder{pass: pass, model: model}
}

// Site is a router site with where its middleware expressions are
// evaluated and the file it edits.
type Site struct {
	patterns.RouterSite
	At   token.Pos
	File string
	// RequestID: the Use calls the site goes after install the framework's
	// request-id middleware.
	RequestID bool
}

// Sites returns where router-wide middleware answering k can be added to
// r, preferred first: a Use after the router's creation, then a wrapper
// around the handler served (net/http, chi and gorilla/mux routers only).
func (f *Finder) Sites(r *httpmodel.Router, k httpmodel.Kind) []Site {
	if fn := f.routeFuncAt(r.LocalPos()); fn != nil {
		// Built by a route function of this package: add the middleware
		// where it creates the router, before the caller starts serving.
		for _, ret := range f.Returned(k) {
			if ret.Router.Pos == f.model.Summaries[fn].RouterPos {
				return ret.Sites
			}
		}
	}
	var out []Site
	if s, ok := f.useSite(r, k); ok {
		out = append(out, s)
	}
	switch r.Framework {
	case httpx.FrameworkNetHTTP, httpx.FrameworkChi, httpx.FrameworkGorilla:
		if s, ok := f.wrapSite(r, k); ok {
			out = append(out, s)
		}
	}
	return out
}

// routeFuncAt returns the function of this package called at pos when it
// builds and returns a router (srv := initServer(cfg)).
func (f *Finder) routeFuncAt(pos token.Pos) *types.Func {
	file := astx.FileOf(f.pass.Files, pos)
	if file == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	for _, n := range path {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Pos() != pos {
			continue
		}
		var id *ast.Ident
		switch fun := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			id = fun
		case *ast.SelectorExpr:
			id = fun.Sel
		}
		if id == nil {
			continue
		}
		if fn, ok := f.pass.TypesInfo.Uses[id].(*types.Func); ok {
			if sum := f.model.Summaries[fn]; sum != nil && sum.Param == -1 && astx.FileOf(f.pass.Files, sum.RouterPos) != nil {
				return fn
			}
		}
	}
	return nil
}

// Plan is where a package's fixes for middleware of one kind go.
type Plan struct {
	// Sites holds the preferred site of each router lacking the
	// middleware that has one.
	Sites map[*httpmodel.Router]Site
	// Returned lists the routers lacking it that exported route functions
	// return, for the package serving them to fix here.
	Returned []Returned
	// File is the one file the package's scaffolds go to.
	File string
}

// Plan chooses the sites of middleware answering k for routers, which
// lack it, and for the routers exported route functions return.
func (f *Finder) Plan(routers []*httpmodel.Router, k httpmodel.Kind) Plan {
	p := Plan{Sites: map[*httpmodel.Router]Site{}}
	var all []Site
	for _, r := range routers {
		if sites := f.Sites(r, k); len(sites) > 0 {
			p.Sites[r] = sites[0]
			all = append(all, sites[0])
		}
	}
	for _, ret := range f.Returned(k) {
		if ret.Func.Exported() && !has(ret.Router, k) {
			p.Returned = append(p.Returned, ret)
			all = append(all, ret.Sites[0])
		}
	}
	p.File = f.ScaffoldFile(all)
	return p
}

// has: some route of r has middleware answering k.
func has(r *httpmodel.Router, k httpmodel.Kind) bool {
	for _, rt := range r.Routes {
		for _, m := range rt.Middleware {
			if m.Kind&k != 0 {
				return true
			}
		}
	}
	return false
}

// Returned is a router that a route function of the package builds and
// returns for a caller, in another package, to serve; and where middleware
// can be added to it here.
type Returned struct {
	Func   *types.Func
	Router *httpmodel.Router
	Sites  []Site
}

// Returned lists the routers route functions of the package build and
// return, with where middleware answering k goes: a Use after the router's
// creation, or a wrapper around the returned expression when the function
// returns an http.Handler.
func (f *Finder) Returned(k httpmodel.Kind) []Returned {
	fns := make([]*types.Func, 0, len(f.model.Summaries))
	for fn, sum := range f.model.Summaries {
		if sum.Param == -1 && len(sum.Routes) > 0 && astx.FileOf(f.pass.Files, sum.RouterPos) != nil {
			fns = append(fns, fn)
		}
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	var out []Returned
	for _, fn := range fns {
		sum := f.model.Summaries[fn]
		r := &httpmodel.Router{Framework: sum.Routes[0].Framework, Pos: sum.RouterPos}
		for _, sr := range sum.Routes {
			r.Routes = append(r.Routes, &httpmodel.Route{Framework: sr.Framework, Method: sr.Method, Path: sr.Path, Pos: sr.Pos, Middleware: sr.Middleware})
		}
		var sites []Site
		if s, ok := f.useSite(r, k); ok {
			sites = append(sites, s)
		}
		switch r.Framework {
		case httpx.FrameworkNetHTTP, httpx.FrameworkChi, httpx.FrameworkGorilla:
			if s, ok := f.returnSite(fn, r, k); ok {
				sites = append(sites, s)
			}
		}
		if len(sites) > 0 {
			out = append(out, Returned{Func: fn, Router: r, Sites: sites})
		}
	}
	return out
}

// returnSite: the one expression fn returns its router with, when fn
// returns an http.Handler (so that a wrapped router still fits).
func (f *Finder) returnSite(fn *types.Func, r *httpmodel.Router, k httpmodel.Kind) (Site, bool) {
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() != 1 || !httpx.IsHTTPHandlerType(sig.Results().At(0).Type()) || !types.IsInterface(sig.Results().At(0).Type()) {
		return Site{}, false
	}
	file := astx.FileOf(f.pass.Files, fn.Pos())
	var decl *ast.FuncDecl
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Pos() == fn.Pos() {
			decl = fd
		}
	}
	if decl == nil || decl.Body == nil {
		return Site{}, false
	}
	var results []ast.Expr
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 1 {
				results = append(results, n.Results[0])
			}
		}
		return true
	})
	if len(results) != 1 {
		return Site{}, false
	}
	info := f.pass.TypesInfo
	cur := results[0]
	if k == httpmodel.KindRateLimit {
		cur = insideWrappers(cur, r, func(x ast.Expr) bool {
			t := info.TypeOf(x)
			return t != nil && (hasUse(t) || httpx.IsNamed(t, httpx.NetHTTP, "ServeMux"))
		})
	}
	return f.wrapAt(cur)
}

// insideWrappers descends from cur through the calls wrapping the router
// with middleware of its chain that does not authenticate, until isRouter.
func insideWrappers(cur ast.Expr, r *httpmodel.Router, isRouter func(ast.Expr) bool) ast.Expr {
	wrappers := map[token.Pos]httpmodel.Kind{}
	for _, rt := range r.Routes {
		for _, m := range rt.Middleware {
			wrappers[m.Pos] |= m.Kind
		}
	}
	for !isRouter(cur) {
		call, ok := ast.Unparen(cur).(*ast.CallExpr)
		if !ok {
			break
		}
		kind, isWrapper := wrappers[call.Pos()]
		if !isWrapper || kind&httpmodel.KindAuth != 0 {
			break
		}
		var next ast.Expr
		for _, a := range call.Args {
			if isRouter(a) || containsRouter(a, isRouter) {
				next = a
			}
		}
		if next == nil {
			break
		}
		cur = next
	}
	return cur
}

func containsRouter(x ast.Expr, isRouter func(ast.Expr) bool) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok && !found && isRouter(e) {
			found = true
		}
		return !found
	})
	return found
}

func (f *Finder) filename(pos token.Pos) string {
	return f.pass.Fset.File(pos).Name()
}

// constructors create routers that routes can only be added to after their
// middleware (chi panics on a later Use; gin's Use reaches only later
// routes).
var constructors = map[string]bool{
	"github.com/go-chi/chi/v5.NewRouter": true, "github.com/go-chi/chi/v5.NewMux": true,
	"github.com/go-chi/chi.NewRouter": true, "github.com/go-chi/chi.NewMux": true,
	"github.com/gin-gonic/gin.New": true, "github.com/gin-gonic/gin.Default": true,
}

// requestIDFuncs are the frameworks' request-id middleware, which a request
// logger goes after.
var requestIDFuncs = map[string]bool{
	"github.com/go-chi/chi/v5/middleware.RequestID":              true,
	"github.com/go-chi/chi/middleware.RequestID":                 true,
	"github.com/labstack/echo/v4/middleware.RequestID":           true,
	"github.com/labstack/echo/v4/middleware.RequestIDWithConfig": true,
	"github.com/gin-contrib/requestid.New":                       true,
}

// useSite: the statement assigning the router where it is created in this
// package, r := chi.NewRouter(), and the Use statements following it.
func (f *Finder) useSite(r *httpmodel.Router, k httpmodel.Kind) (Site, bool) {
	if r.Framework == httpx.FrameworkNetHTTP {
		return Site{}, false
	}
	pos := r.LocalPos()
	file := astx.FileOf(f.pass.Files, pos)
	if file == nil {
		return Site{}, false
	}
	info := f.pass.TypesInfo
	stmt, block, recv, ok := patterns.RouterStatement(file, pos)
	if !ok {
		return Site{}, false
	}
	var rhs ast.Expr
	switch s := stmt.(type) {
	case *ast.AssignStmt:
		rhs = s.Rhs[0]
	case *ast.DeclStmt:
		rhs = s.Decl.(*ast.GenDecl).Specs[0].(*ast.ValueSpec).Values[0]
	}
	if t := info.TypeOf(rhs); t == nil || !hasUse(t) {
		return Site{}, false
	}
	if r.Framework == httpx.FrameworkChi || r.Framework == httpx.FrameworkGin {
		call, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok || !constructors[calleeName(info, call.Fun)] {
			return Site{}, false
		}
	}
	authAt := map[token.Pos]bool{}
	for _, rt := range r.Routes {
		for _, m := range rt.Middleware {
			if m.Kind&httpmodel.KindAuth != 0 {
				authAt[m.Pos] = true
			}
		}
	}
	idx := -1
	for i, s := range block.List {
		if s == stmt {
			idx = i
		}
	}
	after := stmt
	requestID := false
	for _, s := range block.List[idx+1:] {
		args, ok := useArgs(info, s, recv)
		if !ok {
			if k == httpmodel.KindRateLimit && configures(info, s, recv) {
				continue // g.RemoveExtraSlash = true, g.SetTrustedProxies(...)
			}
			break
		}
		if k == httpmodel.KindLogging {
			ids := len(args) > 0
			for _, a := range args {
				ids = ids && requestIDFuncs[middlewareName(info, a)]
			}
			if !ids {
				break
			}
			requestID = true
		} else {
			auth := false
			for _, a := range args {
				auth = auth || authAt[a.Pos()]
			}
			if auth {
				break
			}
		}
		after = s
	}
	return Site{
		RouterSite: patterns.RouterSite{Style: patterns.RouterUse, Assign: pos, After: after.Pos()},
		At:         after.End(),
		File:       f.filename(pos),
		RequestID:  requestID,
	}, true
}

// hasUse: routers whose Use adds middleware to every route.
func hasUse(t types.Type) bool {
	for _, c := range []struct{ pkg, name string }{
		{httpx.Chi, "Mux"}, {httpx.Chi, "Router"}, {httpx.Gorilla, "Router"},
		{httpx.Gin, "Engine"}, {httpx.Echo, "Echo"},
	} {
		if httpx.IsNamed(t, c.pkg, c.name) {
			return true
		}
	}
	return false
}

// configures reports whether s only configures the router recv before its
// routes: it assigns a field of recv or calls a method of it that is not
// Use and adds no routes, or it does not mention recv at all.
func configures(info *types.Info, s ast.Stmt, recv ast.Expr) bool {
	obj := rootObject(info, recv)
	mentions := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && obj != nil && info.Uses[id] == obj {
				found = true
			}
			return !found
		})
		return found
	}
	switch s := s.(type) {
	case *ast.AssignStmt:
		for _, l := range s.Lhs {
			if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); !ok || !sameExpr(info, sel.X, recv) {
				if mentions(l) {
					return false
				}
			}
		}
		for _, r := range s.Rhs {
			if mentions(r) {
				return false
			}
		}
		return true
	case *ast.ExprStmt:
		call, ok := s.X.(*ast.CallExpr)
		if !ok {
			return !mentions(s)
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !sameExpr(info, sel.X, recv) {
			return !mentions(s)
		}
		return configMethods[sel.Sel.Name]
	case *ast.DeclStmt, *ast.EmptyStmt:
		return !mentions(s)
	}
	return false
}

// configMethods configure a router without adding routes or middleware.
var configMethods = map[string]bool{
	"SetTrustedProxies": true, "SetHTMLTemplate": true, "LoadHTMLGlob": true, "LoadHTMLFiles": true,
	"SetFuncMap": true, "Delims": true, "StrictSlash": true, "SkipClean": true, "UseEncodedPath": true,
}

// rootObject is the variable an identifier chain starts with.
func rootObject(info *types.Info, x ast.Expr) types.Object {
	for {
		switch e := ast.Unparen(x).(type) {
		case *ast.Ident:
			return info.ObjectOf(e)
		case *ast.SelectorExpr:
			x = e.X
		default:
			return nil
		}
	}
}

// useArgs returns the arguments of s when it is recv.Use(...).
func useArgs(info *types.Info, s ast.Stmt, recv ast.Expr) ([]ast.Expr, bool) {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return nil, false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Use" || !sameExpr(info, sel.X, recv) {
		return nil, false
	}
	return call.Args, true
}

// sameExpr: a and b are the same identifier chain denoting the same
// objects.
func sameExpr(info *types.Info, a, b ast.Expr) bool {
	switch a := ast.Unparen(a).(type) {
	case *ast.Ident:
		b, ok := ast.Unparen(b).(*ast.Ident)
		return ok && info.ObjectOf(a) != nil && info.ObjectOf(a) == info.ObjectOf(b)
	case *ast.SelectorExpr:
		b, ok := ast.Unparen(b).(*ast.SelectorExpr)
		return ok && a.Sel.Name == b.Sel.Name && info.ObjectOf(a.Sel) == info.ObjectOf(b.Sel) && sameExpr(info, a.X, b.X)
	}
	return false
}

// calleeName names the function an expression refers to (f, pkg.F, x.M).
func calleeName(info *types.Info, fun ast.Expr) string {
	var id *ast.Ident
	switch x := ast.Unparen(fun).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return ""
	}
	if fn, ok := info.Uses[id].(*types.Func); ok {
		return httpmodel.FuncName(fn)
	}
	return ""
}

// middlewareName names the middleware an argument of Use is: a function
// (middleware.RequestID) or a factory's call (middleware.RequestID()).
func middlewareName(info *types.Info, arg ast.Expr) string {
	if call, ok := ast.Unparen(arg).(*ast.CallExpr); ok {
		return calleeName(info, call.Fun)
	}
	return calleeName(info, arg)
}

// wrapSite: the one handler expression this package gives the server. A
// request logger wraps all of it; a rate limiter goes inside the wrappers
// that do not authenticate (loggers keep logging the requests it refuses,
// and guessing credentials is limited).
func (f *Finder) wrapSite(r *httpmodel.Router, k httpmodel.Kind) (Site, bool) {
	if len(r.Served) != 1 {
		return Site{}, false
	}
	s := r.Served[0]
	file := astx.FileOf(f.pass.Files, s.Pos)
	if file == nil {
		return Site{}, false
	}
	cur := exprAt(file, s.Pos, s.End)
	if cur == nil {
		return Site{}, false
	}
	if k == httpmodel.KindRateLimit {
		cur = insideWrappers(cur, r, func(x ast.Expr) bool { return x.Pos() == s.RouterPos && x.End() == s.RouterEnd })
	}
	if id, ok := ast.Unparen(cur).(*ast.Ident); ok && id.Name == "nil" {
		return Site{}, false
	}
	return f.wrapAt(cur)
}

// wrapAt is the site wrapping cur, a value that must be an http.Handler.
func (f *Finder) wrapAt(cur ast.Expr) (Site, bool) {
	if !f.isHTTPHandler(f.pass.TypesInfo.TypeOf(cur)) {
		return Site{}, false
	}
	return Site{
		RouterSite: patterns.RouterSite{Style: patterns.RouterWrap, Expr: cur.Pos(), ExprEnd: cur.End()},
		At:         cur.Pos(),
		File:       f.filename(cur.Pos()),
	}, true
}

// exprAt returns the outermost expression of file spanning exactly
// [pos, end).
func exprAt(file *ast.File, pos, end token.Pos) ast.Expr {
	path, _ := astutil.PathEnclosingInterval(file, pos, end)
	var found ast.Expr
	for _, n := range path {
		if x, ok := n.(ast.Expr); ok && x.Pos() == pos && x.End() == end {
			found = x
		}
	}
	return found
}

// isHTTPHandler: values of t can be passed as an http.Handler.
func (f *Finder) isHTTPHandler(t types.Type) bool {
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	fn, ok := obj.(*types.Func)
	return ok && httpx.KindOf(fn.Type().(*types.Signature)) == httpx.NetHTTPHandler
}

// ---- what the project has ----

// scopeVar is a value visible at a position: a variable, or a field of one.
type scopeVar struct {
	expr string
	name string // the variable's or field's name
	typ  types.Type
}

// visible lists the variables visible at pos (declared before it, innermost
// scope first, then the package's), then the fields of those that are
// structs or pointers to structs, in the same order.
func (f *Finder) visible(pos token.Pos) []scopeVar {
	pkgScope := f.pass.Pkg.Scope()
	var vars []scopeVar
	for s := pkgScope.Innermost(pos); s != nil && s != types.Universe; s = s.Parent() {
		names := s.Names()
		sort.Strings(names)
		for _, n := range names {
			v, ok := s.Lookup(n).(*types.Var)
			if !ok || n == "_" || s != pkgScope && v.Pos() >= pos {
				continue
			}
			vars = append(vars, scopeVar{expr: n, name: n, typ: v.Type()})
		}
	}
	out := append([]scopeVar(nil), vars...)
	for _, v := range vars {
		t := v.typ
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := 0; i < st.NumFields(); i++ {
			fld := st.Field(i)
			if fld.Embedded() || fld.Pkg() != f.pass.Pkg && !fld.Exported() {
				continue
			}
			out = append(out, scopeVar{expr: v.expr + "." + fld.Name(), name: fld.Name(), typ: fld.Type()})
		}
	}
	return out
}

// Logger returns the project's logger visible at pos, if any: a variable,
// parameter or field (of the receiver, say) of a type a scaffold can log
// with. A variable named logger or log wins over others of its scope.
func (f *Finder) Logger(pos token.Pos) *patterns.LoggerRef {
	var best *patterns.LoggerRef
	bestName := false
	for _, v := range f.visible(pos) {
		kind := loggerKind(v.typ)
		if kind == "" {
			continue
		}
		named := v.name == "logger" || v.name == "log"
		if best == nil || named && !bestName {
			best = &patterns.LoggerRef{Kind: kind, Expr: patterns.Template{Text: v.expr}}
			bestName = named
		}
		if bestName {
			break
		}
	}
	return best
}

func loggerKind(t types.Type) patterns.LoggerKind {
	ptr := false
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = p.Elem(), true
	}
	switch {
	case ptr && httpx.IsNamed(t, "log/slog", "Logger"):
		return patterns.LoggerSlog
	case ptr && httpx.IsNamed(t, "go.uber.org/zap", "Logger"):
		return patterns.LoggerZap
	case ptr && httpx.IsNamed(t, "go.uber.org/zap", "SugaredLogger"):
		return patterns.LoggerZapSugared
	case httpx.IsNamed(t, "github.com/rs/zerolog", "Logger"):
		if ptr {
			return patterns.LoggerZerologPtr
		}
		return patterns.LoggerZerolog
	}
	return ""
}

// Reuse returns the project's middleware answering exactly k (so that
// reusing it adds no other concern, authentication least of all) as a
// middleware value for fw written at pos: a wrapper or handler (mw.Limit),
// or a factory called with arguments visible there (mw.LogRequests(logger)).
// Middleware of this package comes first.
func (f *Finder) Reuse(fw httpx.Framework, k httpmodel.Kind, pos token.Pos) (*patterns.Template, bool) {
	cands := f.model.Middleware()
	sort.SliceStable(cands, func(i, j int) bool {
		return cands[i].Func.Pkg() == f.pass.Pkg && cands[j].Func.Pkg() != f.pass.Pkg
	})
	vars := f.visible(pos)
	for _, c := range cands {
		if c.Kind != k {
			continue
		}
		if t, ok := f.reuse(fw, c.Func, pos, vars); ok {
			return t, true
		}
	}
	return nil, false
}

func (f *Finder) reuse(fw httpx.Framework, fn *types.Func, pos token.Pos, vars []scopeVar) (*patterns.Template, bool) {
	sig := fn.Type().(*types.Signature)
	if sig.TypeParams().Len() > 0 || sig.Variadic() {
		return nil, false
	}
	var t patterns.Template
	switch {
	case sig.Recv() != nil:
		recv := sig.Recv().Type()
		x, ok := pick(vars, recv, "", true)
		if !ok {
			return nil, false
		}
		t.Text = x + "." + fn.Name()
	case fn.Pkg() == f.pass.Pkg:
		scope := f.pass.Pkg.Scope().Innermost(pos)
		if scope == nil {
			return nil, false
		}
		if _, obj := scope.LookupParent(fn.Name(), pos); obj != fn {
			return nil, false // shadowed at pos
		}
		t.Text = fn.Name()
	default:
		if !fn.Exported() || !importable(f.pass.Pkg.Path(), fn.Pkg()) {
			return nil, false
		}
		t.Text = "$0." + fn.Name()
		t.Imports = []patterns.Import{{Path: fn.Pkg().Path(), Name: fn.Pkg().Name()}}
	}
	if sig.Recv() != nil && fn.Pkg() != f.pass.Pkg && !fn.Exported() {
		return nil, false
	}
	if isMiddlewareValue(fw, sig) {
		return &t, true
	}
	if sig.Results().Len() != 1 || !isMiddlewareType(fw, sig.Results().At(0).Type()) {
		return nil, false
	}
	args := make([]string, sig.Params().Len())
	for i := range args {
		p := sig.Params().At(i)
		x, ok := pick(vars, p.Type(), p.Name(), false)
		if !ok {
			return nil, false
		}
		args[i] = x
	}
	t.Text += "(" + strings.Join(args, ", ") + ")"
	return &t, true
}

// pick returns the visible value of type t: the first found, innermost
// first, or the one named name among several of one kind (variables, then
// fields). With recv, a method receiver's pointer or value type fits too.
func pick(vars []scopeVar, t types.Type, name string, recv bool) (string, bool) {
	var found []scopeVar
	for _, v := range vars {
		ok := types.Identical(v.typ, t)
		if recv && !ok {
			if p, isPtr := t.(*types.Pointer); isPtr {
				ok = types.Identical(v.typ, p.Elem()) && !strings.Contains(v.expr, ".")
			}
			if p, isPtr := v.typ.(*types.Pointer); isPtr && !ok {
				ok = types.Identical(p.Elem(), t)
			}
		}
		if ok {
			found = append(found, v)
		}
	}
	if len(found) == 0 {
		return "", false
	}
	for _, v := range found {
		if name != "" && v.name == name {
			return v.expr, true
		}
	}
	return found[0].expr, true
}

// isMiddlewareValue: a function that is itself middleware of fw.
func isMiddlewareValue(fw httpx.Framework, sig *types.Signature) bool {
	switch fw {
	case httpx.FrameworkGin:
		return httpx.KindOf(sig) == httpx.GinHandler
	case httpx.FrameworkEcho:
		return sig.Params().Len() == 1 && sig.Results().Len() == 1 &&
			httpx.IsNamed(sig.Params().At(0).Type(), httpx.Echo, "HandlerFunc") && httpx.IsNamed(sig.Results().At(0).Type(), httpx.Echo, "HandlerFunc")
	}
	return sig.Params().Len() == 1 && sig.Results().Len() == 1 &&
		httpx.IsNamed(sig.Params().At(0).Type(), httpx.NetHTTP, "Handler") && httpx.IsNamed(sig.Results().At(0).Type(), httpx.NetHTTP, "Handler")
}

// isMiddlewareType: values of t are middleware of fw.
func isMiddlewareType(fw httpx.Framework, t types.Type) bool {
	if fw == httpx.FrameworkGin {
		return httpx.IsNamed(t, httpx.Gin, "HandlerFunc")
	}
	sig, ok := t.Underlying().(*types.Signature)
	return ok && !sig.Variadic() && isMiddlewareValue(fw, sig)
}

// importable: a package at path may import pkg (not a main package, and
// inside the tree of an internal directory's parent).
func importable(path string, pkg *types.Package) bool {
	if pkg.Name() == "main" {
		return false
	}
	p := pkg.Path()
	i := strings.LastIndex(p, "/internal/")
	switch {
	case i >= 0:
		p = p[:i]
	case strings.HasSuffix(p, "/internal"):
		p = strings.TrimSuffix(p, "/internal")
	case strings.HasPrefix(p, "internal/") || p == "internal":
		return true // GOPATH or std layout: a fixture, not worth guessing
	default:
		return true
	}
	return path == p || strings.HasPrefix(path, p+"/")
}

// ImportPath returns the import path of the package matching base (a
// framework root such as httpx.Gin, major version included) that the
// package imports, directly or not; "" when none.
func (f *Finder) ImportPath(base string) string {
	seen := map[*types.Package]bool{}
	queue := []*types.Package{f.pass.Pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		if path := p.Path(); path == base || strings.HasPrefix(path, base+"/v") && !strings.Contains(path[len(base)+1:], "/") {
			return path
		}
		queue = append(queue, p.Imports()...)
	}
	return ""
}

// Requires reports whether the module of the package requires modPath
// directly in its go.mod.
func (f *Finder) Requires(modPath string) bool {
	if len(f.pass.Files) == 0 {
		return false
	}
	for dir := filepath.Dir(f.filename(f.pass.Files[0].FileStart)); ; dir = filepath.Dir(dir) {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			mf, err := modfile.ParseLax("go.mod", data, nil)
			if err != nil {
				return false
			}
			for _, r := range mf.Require {
				if r.Mod.Path == modPath && !r.Indirect {
					return true
				}
			}
			return false
		}
		if filepath.Dir(dir) == dir {
			return false
		}
	}
}

// ScaffoldFile returns the file every scaffold of the package goes to, so
// that two routers' fixes never declare the same helpers in two files: in
// a main package the file declaring main, else the first by name among the
// sites' files.
func (f *Finder) ScaffoldFile(sites []Site) string {
	if f.pass.Pkg.Name() == "main" {
		if fn, ok := f.pass.Pkg.Scope().Lookup("main").(*types.Func); ok && astx.FileOf(f.pass.Files, fn.Pos()) != nil {
			return f.filename(fn.Pos())
		}
	}
	file := ""
	for _, s := range sites {
		if file == "" || s.File < file {
			file = s.File
		}
	}
	return file
}

// RouteStyle is how fw applies middleware to one route.
func RouteStyle(fw httpx.Framework) patterns.WrapStyle {
	switch fw {
	case httpx.FrameworkChi:
		return patterns.WrapWith
	case httpx.FrameworkGin:
		return patterns.WrapFirst
	case httpx.FrameworkEcho:
		return patterns.WrapAfter
	}
	return patterns.WrapCall
}

// Registration returns the call registering a route at pos and its method
// name (HandleFunc, Get, POST), as patterns find it.
func (f *Finder) Registration(pos token.Pos) (*ast.CallExpr, string) {
	file := astx.FileOf(f.pass.Files, pos)
	if file == nil {
		return nil, ""
	}
	var found *ast.CallExpr
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok && call.Pos() == pos {
			if _, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				found = call // the innermost
			}
		}
		return true
	})
	if found == nil {
		return nil, ""
	}
	return found, ast.Unparen(found.Fun).(*ast.SelectorExpr).Sel.Name
}

// Portable returns the source of the middleware value applied at from (a
// Use, With or route argument, or the function of a call wrapping a
// handler) when it can be written at to and mean the same: every name in
// it denotes the same object there.
func (f *Finder) Portable(from, to token.Pos, fw httpx.Framework) (string, bool) {
	file := astx.FileOf(f.pass.Files, from)
	if file == nil || astx.FileOf(f.pass.Files, to) == nil {
		return "", false
	}
	info := f.pass.TypesInfo
	path, _ := astutil.PathEnclosingInterval(file, from, from)
	var x ast.Expr
	for _, n := range path { // innermost first: the last match is the outermost
		e, ok := n.(ast.Expr)
		if !ok || e.Pos() != from {
			continue
		}
		if t := info.TypeOf(e); t != nil && isMiddlewareType(fw, t) {
			x = e
		} else if call, ok := e.(*ast.CallExpr); ok {
			if t := info.TypeOf(call.Fun); t != nil && isMiddlewareType(fw, t) {
				x = call.Fun
			}
		}
	}
	if x == nil {
		return "", false
	}
	scope := f.pass.Pkg.Scope().Innermost(to)
	if scope == nil {
		return "", false
	}
	ok := true
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			ok = false
		case *ast.SelectorExpr:
			// The selected name is a field, a method or a package's
			// member: X decides what it is.
			ast.Inspect(n.X, visit)
			return false
		case *ast.KeyValueExpr:
			if _, isID := n.Key.(*ast.Ident); isID {
				ast.Inspect(n.Value, visit) // a field name
				return false
			}
		case *ast.Ident:
			ok = sameAt(info, scope, n, to)
		}
		return ok
	}
	ast.Inspect(x, visit)
	if !ok {
		return "", false
	}
	tf := f.pass.Fset.File(x.Pos())
	src, err := f.pass.ReadFile(tf.Name())
	if err != nil || tf.Size() != len(src) {
		return "", false
	}
	return string(src[tf.Offset(x.Pos()):tf.Offset(x.End())]), true
}

// sameAt: the identifier denotes at pos what it denotes where it is.
func sameAt(info *types.Info, scope *types.Scope, id *ast.Ident, pos token.Pos) bool {
	obj := info.ObjectOf(id)
	if obj == nil {
		return true // a package qualifier's selected name, a label
	}
	_, there := scope.LookupParent(id.Name, pos)
	if pn, ok := obj.(*types.PkgName); ok {
		tp, ok := there.(*types.PkgName)
		return ok && tp.Imported() == pn.Imported()
	}
	return there == obj
}
