package httpmodel

import (
	_ "embed"
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/internal/httpx"
)

//go:embed doc.go
var docSource string

// Analyzer computes the Model of a package and exports the facts other
// packages' models need.
var Analyzer = &analysis.Analyzer{
	Name:             "httpmodel",
	Doc:              analysisDoc(docSource),
	Run:              run,
	Requires:         []*analysis.Analyzer{config.Analyzer},
	ResultType:       reflect.TypeFor[*Model](),
	FactTypes:        []analysis.Fact{new(MiddlewareFact), new(RejectsFact), new(AuthCheckFact), new(RateCheckFact), new(CurrentUserFact), new(RouterFuncFact)},
	RunDespiteErrors: true,
}

// analyzer holds the state of one run.
type analyzer struct {
	pass  *analysis.Pass
	cfg   *config.Config
	decls map[*types.Func]*ast.FuncDecl

	// per-function classification of this package
	mwKind      map[*types.Func]Kind
	rejects     map[*types.Func]Kind // KindAuth: answers 401/403; KindRateLimit: 429
	authCheck   map[*types.Func]bool
	rateCheck   map[*types.Func]bool
	currentUser map[*types.Func]bool
	configured  map[string]bool // auth.middleware names
	names       map[*types.Func]string
	// consulted collects, while classify scans a body, the functions of
	// this package whose class the scan read.
	consulted map[*types.Func]bool

	interp *interp
}

func run(pass *analysis.Pass) (any, error) {
	cfg, _ := pass.ResultOf[config.Analyzer].(*config.Config)
	if cfg == nil {
		cfg = config.Defaults()
	}
	m := &Model{Summaries: map[*types.Func]*RouterFuncFact{}}
	if _, isFramework := httpx.FrameworkOf(pass.Pkg.Path()); isFramework {
		return m, nil // the routers themselves are described by known.go
	}
	if !httpx.ImportsHTTP(pass.Pkg) && !importsAnyFact(pass) {
		return m, nil
	}
	a := &analyzer{
		pass:        pass,
		cfg:         cfg,
		decls:       map[*types.Func]*ast.FuncDecl{},
		mwKind:      map[*types.Func]Kind{},
		rejects:     map[*types.Func]Kind{},
		authCheck:   map[*types.Func]bool{},
		rateCheck:   map[*types.Func]bool{},
		currentUser: map[*types.Func]bool{},
		configured:  map[string]bool{},
		names:       map[*types.Func]string{},
	}
	for _, name := range cfg.Auth.Middleware {
		a.configured[name] = true
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					a.decls[fn] = fd
				}
			}
		}
	}
	a.classify()
	m.middlewareList = a.visibleMiddleware
	a.interp = newInterp(a, m)
	a.interp.run()
	return m, nil
}

// importsAnyFact: a package that imports no HTTP package may still call
// route functions of one that does (a main package wiring api.Routes).
// Looking one level down is enough for that and costs nothing, unlike
// listing every fact in view.
func importsAnyFact(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if httpx.ImportsHTTP(imp) {
			return true
		}
	}
	return false
}

// classify computes, for every function declared in the package, whether it
// returns the current user, performs an auth check, or is middleware, and
// exports the facts. Helpers call helpers, so it iterates to a fixed point:
// a function is scanned again only when a function of the package it calls
// changed class (the classes only grow, so the fixed point is the same in
// any order).
func (a *analyzer) classify() {
	scans := make(map[*types.Func]behaviour, len(a.decls))
	callers := map[*types.Func]map[*types.Func]bool{} // callee → functions whose scan consulted it
	queue := make([]*types.Func, 0, len(a.decls))
	queued := map[*types.Func]bool{}
	for fn := range a.decls {
		queue = append(queue, fn)
		queued[fn] = true
	}
	for len(queue) > 0 {
		fn := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		queued[fn] = false
		a.consulted = map[*types.Func]bool{}
		b := a.scan(a.decls[fn])
		for callee := range a.consulted {
			if callers[callee] == nil {
				callers[callee] = map[*types.Func]bool{}
			}
			callers[callee][fn] = true
		}
		scans[fn] = b
		if !a.learn(fn, b) {
			continue
		}
		for caller := range callers[fn] {
			if !queued[caller] {
				queued[caller] = true
				queue = append(queue, caller)
			}
		}
	}
	a.consulted = nil
	for fn := range a.decls {
		sig := fn.Type().(*types.Signature)
		sh := shapeOf(sig)
		if sh == shapeNone {
			continue
		}
		b := scans[fn]
		if sh == shapeGinHandler || sh == shapeGinFactory {
			b.callsNext = true // gin runs the next handler unless aborted
		}
		k := b.kind()
		if sh == shapeFactory || sh == shapeGinFactory {
			k |= a.returnedMiddleware(a.decls[fn])
		}
		if a.configured[FuncName(fn)] {
			k |= KindAuth
		}
		if sh == shapeGinHandler && k == 0 {
			continue // an ordinary gin handler
		}
		a.mwKind[fn] = k
	}
	for fn, k := range a.mwKind {
		a.pass.ExportObjectFact(fn, &MiddlewareFact{Kind: k})
	}
	for fn := range a.authCheck {
		a.pass.ExportObjectFact(fn, new(AuthCheckFact))
	}
	for fn := range a.rateCheck {
		a.pass.ExportObjectFact(fn, new(RateCheckFact))
	}
	for fn, k := range a.rejects {
		a.pass.ExportObjectFact(fn, &RejectsFact{Kind: k})
	}
	for fn := range a.currentUser {
		a.pass.ExportObjectFact(fn, new(CurrentUserFact))
	}
}

// learn records what fn's body b says about fn's class and reports
// whether that changed it.
func (a *analyzer) learn(fn *types.Func, b behaviour) bool {
	changed := false
	sig := fn.Type().(*types.Signature)
	if !a.currentUser[fn] && sig.Results().Len() > 0 && (b.ctxValue || b.getsUser) && !isHandlerValueType(sig.Results().At(0).Type()) && !onlyError(sig) {
		a.currentUser[fn] = true
		changed = true
	}
	if takesRequest(sig) {
		var k Kind
		if b.rejectsAuth {
			k |= KindAuth
		}
		if b.rejectsRate {
			k |= KindRateLimit
		}
		if k&^a.rejects[fn] != 0 {
			a.rejects[fn] |= k
			changed = true
		}
	}
	if !a.authCheck[fn] && b.authCheck() && takesRequest(sig) {
		a.authCheck[fn] = true
		changed = true
	}
	if !a.rateCheck[fn] && b.limitsRate {
		a.rateCheck[fn] = true
		changed = true
	}
	return changed
}

// returnedMiddleware: the concerns of the library middleware a factory
// returns, return middleware.RateLimiter(store), which is known by name or
// by fact rather than by its body.
func (a *analyzer) returnedMiddleware(fd *ast.FuncDecl) Kind {
	var k Kind
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				return true
			}
			call, ok := ast.Unparen(n.Results[0]).(*ast.CallExpr)
			if !ok {
				return true
			}
			if fn := typeutil.StaticCallee(a.pass.TypesInfo, call); fn != nil && fn.Pkg() != a.pass.Pkg {
				if kk, known := a.middlewareKind(fn); known {
					k |= kk
				}
			}
		}
		return true
	})
	return k
}

// visibleMiddleware lists the package's middleware and that of the analysed
// packages it imports, those answering at least one concern.
func (a *analyzer) visibleMiddleware() []MiddlewareFunc {
	var out []MiddlewareFunc
	for fn, k := range a.mwKind {
		if k != 0 {
			out = append(out, MiddlewareFunc{Func: fn, Kind: k})
		}
	}
	for _, of := range a.pass.AllObjectFacts() {
		f, ok := of.Fact.(*MiddlewareFact)
		fn, isFunc := of.Object.(*types.Func)
		if ok && isFunc && f.Kind != 0 && fn.Pkg() != a.pass.Pkg {
			out = append(out, MiddlewareFunc{Func: fn, Kind: f.Kind})
		}
	}
	sortMiddleware(out)
	return out
}

// onlyError: the function returns just an error, so it cannot hand back a
// user or a credential.
func onlyError(sig *types.Signature) bool {
	return sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Universe.Lookup("error").Type())
}

// takesRequest: the function can see the request (and so reject it).
func takesRequest(sig *types.Signature) bool {
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		if httpx.IsRequest(t) || httpx.IsResponseWriter(t) || httpx.IsGinContext(t) || httpx.IsEchoContext(t) {
			return true
		}
	}
	return false
}

func (a *analyzer) isCurrentUserFunc(fn *types.Func) bool {
	if a.currentUser[fn] || a.cfg.Auth.UserFromContext != "" && a.cfg.Auth.UserFromContext == a.funcName(fn) {
		return true
	}
	return fn.Pkg() != a.pass.Pkg && a.pass.ImportObjectFact(fn, new(CurrentUserFact))
}

// funcName is FuncName, memoised: the interpreter and the class lookups
// name the same few functions at every call.
func (a *analyzer) funcName(fn *types.Func) string {
	name, ok := a.names[fn]
	if !ok {
		name = FuncName(fn)
		a.names[fn] = name
	}
	return name
}

// rejectsOf: which rejections a called function answers (401/403, 429).
func (a *analyzer) rejectsOf(fn *types.Func) Kind {
	if k, ok := a.rejects[fn]; ok {
		return k
	}
	var f RejectsFact
	if fn.Pkg() != a.pass.Pkg && a.pass.ImportObjectFact(fn, &f) {
		return f.Kind
	}
	return 0
}

// isRateCheckFunc: fn asks a rate limiter for a token, itself or through
// the functions it calls (a visitor's RequestAllowed, a handler's own
// limiter check).
func (a *analyzer) isRateCheckFunc(fn *types.Func) bool {
	if a.rateCheck[fn] {
		return true
	}
	return fn.Pkg() != a.pass.Pkg && a.pass.ImportObjectFact(fn, new(RateCheckFact))
}

func (a *analyzer) isAuthCheckFunc(fn *types.Func) bool {
	if a.authCheck[fn] {
		return true
	}
	return fn.Pkg() != a.pass.Pkg && a.pass.ImportObjectFact(fn, new(AuthCheckFact))
}

// middlewareKind classifies a function used as middleware: configuration
// first, then the known-library table, then facts or local inference.
func (a *analyzer) middlewareKind(fn *types.Func) (Kind, bool) {
	name := FuncName(fn)
	var k Kind
	known := false
	if a.configured[name] {
		k, known = KindAuth, true
	}
	if kk, ok := knownMiddleware[name]; ok {
		k, known = k|kk, true
	}
	if kk, ok := a.mwKind[fn]; ok {
		k, known = k|kk, true
	} else if fn.Pkg() != a.pass.Pkg {
		var f MiddlewareFact
		if a.pass.ImportObjectFact(fn, &f) {
			k, known = k|f.Kind, true
		}
	}
	return k, known
}
