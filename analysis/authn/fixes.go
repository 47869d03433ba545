package authn

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/httpmodel"
	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

// Findings is the missingauth analyzer's result: its diagnostics with every
// fix that applies, preferred first.
type Findings struct {
	List []Finding
}

// Finding is one missing-auth diagnostic.
type Finding struct {
	Route *httpmodel.Route
	Site  patterns.Site
	// Packages gives, for each fix of Site.Fixes, the import path of the
	// package it edits (and so must be applied to): the handler's for
	// auth/require-user, the registration's for the others. It differs from
	// the analysed package when the route comes from a route function of
	// another package.
	Packages []string
}

// FixSites implements patterns.Sites.
func (f *Findings) FixSites() []patterns.Site {
	out := make([]patterns.Site, len(f.List))
	for i, fd := range f.List {
		out[i] = fd.Site
	}
	return out
}

// fixesFact carries the fix parameters a package computed for its handlers
// and registrations, so that the package where a route's finding is
// reported (the one mounting a route function) can offer them.
type fixesFact struct {
	Pkg      string
	Handlers []handlerFix
	Regs     []regFix
	// AuthMiddleware: a route of the package has auth in its chain.
	AuthMiddleware bool
}

func (*fixesFact) AFact() {}
func (f *fixesFact) String() string {
	wraps, scaffolds := 0, 0
	for _, r := range f.Regs {
		if r.Wrap != nil {
			wraps++
		}
		if r.Scaffold != nil {
			scaffolds++
		}
	}
	s := fmt.Sprintf("authfixes(require-user %d, wrap-route %d, middleware %d", len(f.Handlers), wraps, scaffolds)
	if f.AuthMiddleware {
		s += ", has auth middleware"
	}
	return s + ")"
}

type handlerFix struct {
	Handler token.Pos
	Params  patterns.RequireUserParams
}

type regFix struct {
	Registration token.Pos
	Wrap         *patterns.WrapRouteParams
	Scaffold     *patterns.MiddlewareParams
}

// fixesAnalyzer learns, in every package, how the package authenticates and
// applies auth middleware, computes the fix parameters of its handlers and
// registrations, and exports them as a fact for the packages that mount its
// routes. It is separate from Analyzer so that Analyzer's tests state only
// its diagnostics.
var fixesAnalyzer = &analysis.Analyzer{
	Name:       "authfixes",
	Doc:        "computes the parameters of the missing-auth fix patterns",
	Run:        runFixes,
	Requires:   []*analysis.Analyzer{httpmodel.Analyzer},
	FactTypes:  []analysis.Fact{new(fixesFact)},
	ResultType: reflect.TypeFor[*fixer](),
}

func runFixes(pass *analysis.Pass) (any, error) {
	model := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	if !httpx.ImportsHTTP(pass.Pkg) && len(model.Routes) == 0 && len(model.Summaries) == 0 {
		return &fixer{pass: pass, fact: fixesFact{Pkg: pass.Pkg.Path()}}, nil
	}
	return newFixer(pass, model), nil
}

// knownRoute is a route whose registration the package can see: one of the
// model's routes or a route of a route function's summary (chain relative
// to the function's router).
type knownRoute struct {
	fw         httpx.Framework
	pos        token.Pos
	handler    token.Pos
	authCheck  bool
	middleware []httpmodel.Middleware
}

func (k knownRoute) chainAuth() bool {
	for _, m := range k.middleware {
		if m.Kind&httpmodel.KindAuth != 0 {
			return true
		}
	}
	return false
}

// fixer learns the package's conventions and computes fix parameters.
type fixer struct {
	pass   *analysis.Pass
	routes []knownRoute
	guards []guardSample
	wraps  []wrapSample
	fact   fixesFact
	srcs   map[string][]byte       // file contents read so far
	facts  []*fixesFact            // visible fix parameters, see visibleFacts
	starts map[token.Pos]*startsAt // see startsAt
}

// startsAt is what starts at one position of the package's files: the
// calls and the call arguments, in preorder (outermost first), and the
// declaration holding them.
type startsAt struct {
	calls []*ast.CallExpr
	args  []ast.Expr
	encl  *ast.FuncDecl
}

// at returns what starts at pos, indexing the package's files on first
// use: a router registers thousands of routes in one function, and
// searching its body once per route took quadratic time.
func (fx *fixer) at(pos token.Pos) *startsAt {
	if fx.starts == nil {
		fx.starts = map[token.Pos]*startsAt{}
		entry := func(p token.Pos, encl *ast.FuncDecl) *startsAt {
			e := fx.starts[p]
			if e == nil {
				e = &startsAt{encl: encl}
				fx.starts[p] = e
			}
			return e
		}
		for _, f := range fx.pass.Files {
			var encl *ast.FuncDecl
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					encl = n
				case *ast.CallExpr:
					e := entry(n.Pos(), encl)
					e.calls = append(e.calls, n)
					for _, a := range n.Args {
						e := entry(a.Pos(), encl)
						e.args = append(e.args, a)
					}
				}
				return true
			})
		}
	}
	return fx.starts[pos]
}

// visibleFacts lists this package's fix parameters and those of the
// packages it imports, gathered once per pass.
func (fx *fixer) visibleFacts() []*fixesFact {
	if fx.facts == nil {
		fx.facts = []*fixesFact{&fx.fact}
		for _, pf := range fx.pass.AllPackageFacts() {
			if f, ok := pf.Fact.(*fixesFact); ok {
				fx.facts = append(fx.facts, f)
			}
		}
	}
	return fx.facts
}

// source reads a file of the package once: a router registering thousands
// of wrapped routes renders a sample from each.
func (fx *fixer) source(name string) ([]byte, error) {
	if src, ok := fx.srcs[name]; ok {
		return src, nil
	}
	src, err := fx.pass.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if fx.srcs == nil {
		fx.srcs = map[string][]byte{}
	}
	fx.srcs[name] = src
	return src, nil
}

func newFixer(pass *analysis.Pass, model *httpmodel.Model) *fixer {
	fx := &fixer{pass: pass, fact: fixesFact{Pkg: pass.Pkg.Path()}}
	for _, r := range model.Routes {
		fx.routes = append(fx.routes, knownRoute{r.Framework, r.Pos, r.Handler.Pos, r.Handler.AuthCheck, r.Middleware})
	}
	for _, fn := range sortedFuncs(model.Summaries) {
		for _, r := range model.Summaries[fn].Routes {
			fx.routes = append(fx.routes, knownRoute{r.Framework, r.Pos, r.Handler.Pos, r.Handler.AuthCheck, r.Middleware})
		}
	}
	for _, r := range fx.routes {
		if r.chainAuth() {
			fx.fact.AuthMiddleware = true
		}
	}
	fx.learnGuards()
	fx.learnWraps()
	fx.computeHandlers()
	fx.computeRegistrations()
	if len(fx.fact.Handlers) > 0 || len(fx.fact.Regs) > 0 || fx.fact.AuthMiddleware {
		pass.ExportPackageFact(&fx.fact)
	}
	return fx
}

func sortedFuncs(m map[*types.Func]*httpmodel.RouterFuncFact) []*types.Func {
	out := make([]*types.Func, 0, len(m))
	for fn := range m {
		out = append(out, fn)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}

func (fx *fixer) local(pos token.Pos) bool {
	for _, f := range fx.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return true
		}
	}
	return false
}

func (fx *fixer) fileOf(pos token.Pos) *ast.File {
	for _, f := range fx.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// fixesFor returns the fixes of a finding, preferred first, with the
// package each edits.
func (fx *fixer) fixesFor(r *httpmodel.Route, model *httpmodel.Model) ([]patterns.Fix, []string) {
	var fixes []patterns.Fix
	var pkgs []string
	facts := fx.visibleFacts()
	if r.Handler.Pos.IsValid() {
	handlers:
		for _, f := range facts {
			for _, h := range f.Handlers {
				if h.Handler == r.Handler.Pos {
					fixes = append(fixes, patterns.RequireUserFix(h.Params))
					pkgs = append(pkgs, f.Pkg)
					break handlers
				}
			}
		}
	}
	anyMiddleware := false
	for _, f := range facts {
		anyMiddleware = anyMiddleware || f.AuthMiddleware
	}
	for _, mr := range model.Routes {
		anyMiddleware = anyMiddleware || mr.ChainAuth()
	}
	for _, f := range facts {
		for _, reg := range f.Regs {
			if reg.Registration != r.Pos {
				continue
			}
			if reg.Wrap != nil {
				fixes = append(fixes, patterns.WrapRouteFix(*reg.Wrap))
				pkgs = append(pkgs, f.Pkg)
			}
			if reg.Scaffold != nil && !anyMiddleware {
				fixes = append(fixes, patterns.MiddlewareFix(*reg.Scaffold))
				pkgs = append(pkgs, f.Pkg)
			}
			return fixes, pkgs
		}
	}
	return fixes, pkgs
}

// ---- auth/require-user: learning the guard ----

// guardSample is a guard learned from a handler that authenticates its own
// request.
type guardSample struct {
	kind     httpx.HandlerKind
	recvType types.Type // the sample's receiver type when the guard uses $recv
	guard    patterns.Template
}

// handlerFunc is a handler's function: declared, a factory's returned
// literal, or a literal; with the receiver of the method it is in.
type handlerFunc struct {
	node   ast.Node // *ast.FuncDecl or *ast.FuncLit
	params httpx.HandlerParams
	recv   *types.Var
}

// handlerAt finds the handler function whose name or literal is at pos.
func (fx *fixer) handlerAt(pos token.Pos) (handlerFunc, bool) {
	f := fx.fileOf(pos)
	if f == nil {
		return handlerFunc{}, false
	}
	info := fx.pass.TypesInfo
	var hf handlerFunc
	found := false
	var encl *ast.FuncDecl
	ast.Inspect(f, func(n ast.Node) bool {
		if found || n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			encl = n
			if n.Name.Pos() == pos {
				found = true
				hf.node = n
				if _, ok := httpx.ParamsOf(info, n); !ok {
					// A handler factory: the route model judges the
					// factory, not the handler it returns, so a guard in
					// that handler would not clear the finding.
					hf.node = nil
				}
				return false
			}
		case *ast.FuncLit:
			if n.Pos() == pos {
				found, hf.node = true, n
				return false
			}
		}
		return true
	})
	if !found || hf.node == nil {
		return handlerFunc{}, false
	}
	params, ok := httpx.ParamsOf(info, hf.node)
	if !ok {
		return handlerFunc{}, false
	}
	hf.params = params
	if encl != nil {
		if fn, ok := info.Defs[encl.Name].(*types.Func); ok {
			hf.recv = fn.Type().(*types.Signature).Recv() // named or not
		}
	}
	return hf, true
}

// learnGuards finds handlers that authenticate their own request: a route
// with no auth middleware whose handler the model says checks the user.
func (fx *fixer) learnGuards() {
	seen := map[token.Pos]bool{}
	for _, r := range fx.routes {
		if !r.authCheck || r.chainAuth() || !fx.local(r.handler) || seen[r.handler] {
			continue
		}
		seen[r.handler] = true
		hf, ok := fx.handlerAt(r.handler)
		if !ok {
			continue
		}
		if g, ok := fx.guardOf(hf); ok {
			fx.guards = append(fx.guards, g)
		}
	}
}

// guardOf extracts the authenticating statement of a handler body: a call
// of a project function given the request itself, whose result is tested
// by an if statement that answers 401/403 and returns.
func (fx *fixer) guardOf(hf handlerFunc) (guardSample, bool) {
	info := fx.pass.TypesInfo
	reqVar := hf.params.Request
	if hf.params.Kind != httpx.NetHTTPHandler {
		reqVar = hf.params.Context
	}
	if reqVar == nil {
		return guardSample{}, false
	}
	list := hf.params.Body.List
	for i, st := range list {
		var assign *ast.AssignStmt
		var ifs *ast.IfStmt
		switch st := st.(type) {
		case *ast.IfStmt:
			ifs = st
			if st.Init != nil {
				a, ok := st.Init.(*ast.AssignStmt)
				if !ok {
					continue
				}
				assign = a
			}
		case *ast.AssignStmt:
			if i+1 >= len(list) {
				continue
			}
			next, ok := list[i+1].(*ast.IfStmt)
			if !ok || next.Init != nil || next.Else != nil {
				continue
			}
			assign, ifs = st, next
		default:
			continue
		}
		if ifs.Else != nil {
			continue
		}
		var call *ast.CallExpr
		if assign != nil {
			if assign.Tok != token.DEFINE || len(assign.Rhs) != 1 {
				continue
			}
			call, _ = ast.Unparen(assign.Rhs[0]).(*ast.CallExpr)
			if call == nil || !mentionsAny(info, ifs.Cond, lhsObjects(info, assign)) {
				continue
			}
		} else {
			ast.Inspect(ifs.Cond, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok && call == nil && fx.isAuthenticatorCall(c, reqVar) {
					call = c
				}
				return call == nil
			})
		}
		if call == nil || !fx.isAuthenticatorCall(call, reqVar) || !fx.rejects(ifs.Body) || !endsWithReturn(ifs.Body) {
			continue
		}
		g, ok := fx.guardTemplate(hf, assign, ifs)
		if !ok {
			continue
		}
		return g, true
	}
	return guardSample{}, false
}

func lhsObjects(info *types.Info, as *ast.AssignStmt) map[types.Object]bool {
	objs := map[types.Object]bool{}
	for _, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); ok {
			if obj := info.ObjectOf(id); obj != nil {
				objs[obj] = true
			}
		}
	}
	return objs
}

func mentionsAny(info *types.Info, n ast.Node, objs map[types.Object]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && objs[info.Uses[id]] {
			found = true
		}
		return !found
	})
	return found
}

// isAuthenticatorCall: a call of a project function (not the router's, not
// net/http's) that is handed the request or the gin/echo context itself,
// not merely its context.Context: such a function can read credentials.
func (fx *fixer) isAuthenticatorCall(call *ast.CallExpr, req *types.Var) bool {
	info := fx.pass.TypesInfo
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	if _, isFw := httpx.FrameworkOf(fn.Pkg().Path()); isFw {
		return false
	}
	for _, a := range call.Args {
		if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == req {
			return true
		}
	}
	return false
}

// rejects: the block answers 401 or 403, directly or through a helper of
// this package.
func (fx *fixer) rejects(body *ast.BlockStmt) bool {
	return fx.rejectsIn(body, 1)
}

func (fx *fixer) rejectsIn(n ast.Node, depth int) bool {
	info := fx.pass.TypesInfo
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case ast.Expr:
			if tv, ok := info.Types[n]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
				if v, ok := constant.Int64Val(tv.Value); ok && (v == http.StatusUnauthorized || v == http.StatusForbidden) {
					if _, isLit := n.(*ast.BasicLit); isLit || isStatusIdent(info, n) {
						found = true
						return false
					}
				}
			}
			if sel, ok := n.(*ast.SelectorExpr); ok && (sel.Sel.Name == "ErrUnauthorized" || sel.Sel.Name == "ErrForbidden") {
				if v, ok := info.Uses[sel.Sel].(*types.Var); ok && v.Pkg() != nil && httpx.SamePackage(v.Pkg().Path(), httpx.Echo) {
					found = true
					return false
				}
			}
			if call, ok := n.(*ast.CallExpr); ok && depth > 0 {
				if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && fn.Pkg() == fx.pass.Pkg {
					if fd := fx.declOf(fn); fd != nil && fx.rejectsIn(fd.Body, depth-1) {
						found = true
						return false
					}
				}
			}
		}
		return true
	})
	return found
}

func isStatusIdent(info *types.Info, e ast.Expr) bool {
	var id *ast.Ident
	switch e := e.(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return false
	}
	c, ok := info.Uses[id].(*types.Const)
	return ok && c.Pkg() != nil
}

func (fx *fixer) declOf(fn *types.Func) *ast.FuncDecl {
	f := fx.fileOf(fn.Pos())
	if f == nil {
		return nil
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Pos() == fn.Pos() && fd.Body != nil {
			return fd
		}
	}
	return nil
}

func endsWithReturn(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	_, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	return ok
}

// guardTemplate renders the sample's assignment and if statement as one
// guard statement: if <lhs> := <call>; <cond> { <body> }, with the results
// the guard does not use blanked.
func (fx *fixer) guardTemplate(hf handlerFunc, assign *ast.AssignStmt, ifs *ast.IfStmt) (guardSample, bool) {
	info := fx.pass.TypesInfo
	r := &renderer{fx: fx, vars: map[types.Object]string{}, own: map[types.Object]bool{}}
	if hf.params.Writer != nil {
		r.vars[hf.params.Writer] = "$w"
	}
	if hf.params.Request != nil {
		r.vars[hf.params.Request] = "$req"
	}
	if hf.params.Context != nil {
		r.vars[hf.params.Context] = "$req"
	}
	if hf.recv != nil {
		r.vars[hf.recv] = "$recv"
	}
	// Names declared in the guard itself stay as they are.
	ast.Inspect(ifs, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := info.Defs[id]; obj != nil {
				r.own[obj] = true
			}
		}
		return true
	})
	var b strings.Builder
	b.WriteString("if ")
	if assign != nil {
		for obj := range lhsObjects(info, assign) {
			r.own[obj] = true
		}
		used := false
		for i, l := range assign.Lhs {
			if i > 0 {
				b.WriteString(", ")
			}
			id, _ := l.(*ast.Ident)
			obj := info.ObjectOf(id)
			if id != nil && obj != nil && (mentionsAny(info, ifs.Cond, map[types.Object]bool{obj: true}) || mentionsAny(info, ifs.Body, map[types.Object]bool{obj: true})) {
				b.WriteString(id.Name)
				used = true
			} else {
				b.WriteString("_")
			}
		}
		if !used {
			return guardSample{}, false
		}
		call, ok := r.render(assign.Rhs[0])
		if !ok {
			return guardSample{}, false
		}
		b.WriteString(" := " + call + "; ")
	}
	cond, ok := r.render(ifs.Cond)
	if !ok {
		return guardSample{}, false
	}
	b.WriteString(cond + " ")
	body, ok := r.render(ifs.Body)
	if !ok {
		body, ok = fx.defaultReject(hf.params.Kind, r)
		if !ok {
			return guardSample{}, false
		}
	}
	b.WriteString(body)
	g := guardSample{kind: hf.params.Kind, guard: patterns.Template{Text: b.String(), Imports: r.imports}}
	if strings.Contains(g.guard.Text, "$recv") {
		g.recvType = hf.recv.Type()
	}
	return g, true
}

// defaultReject is the 401 branch when the sample's own cannot be copied:
// the package's error helper, http.Error, gin's AbortWithStatusJSON or
// echo's NewHTTPError.
func (fx *fixer) defaultReject(kind httpx.HandlerKind, r *renderer) (string, bool) {
	httpQ := r.importRef("net/http", "http")
	switch kind {
	case httpx.NetHTTPHandler:
		if helper := fx.errorHelper(); helper != nil {
			q := r.importRef(helper.Pkg().Path(), helper.Pkg().Name())
			return "{\n" + q + "." + helper.Name() + "($w, " + httpQ + ".StatusUnauthorized, " + httpQ + ".StatusText(" + httpQ + ".StatusUnauthorized))\nreturn\n}", true
		}
		return "{\n" + httpQ + ".Error($w, " + httpQ + ".StatusText(" + httpQ + ".StatusUnauthorized), " + httpQ + ".StatusUnauthorized)\nreturn\n}", true
	case httpx.GinHandler:
		gin := fx.importPathOf(httpx.Gin)
		if gin == "" {
			return "", false
		}
		q := r.importRef(gin, "gin")
		return "{\n$req.AbortWithStatusJSON(" + httpQ + ".StatusUnauthorized, " + q + `.H{"error": ` + httpQ + ".StatusText(" + httpQ + ".StatusUnauthorized)})\nreturn\n}", true
	case httpx.EchoHandler:
		echo := fx.importPathOf(httpx.Echo)
		if echo == "" {
			return "", false
		}
		q := r.importRef(echo, "echo")
		return "{\nreturn " + q + ".NewHTTPError(" + httpQ + ".StatusUnauthorized)\n}", true
	}
	return "", false
}

func (fx *fixer) importPathOf(base string) string {
	for _, imp := range fx.pass.Pkg.Imports() {
		if httpx.SamePackage(imp.Path(), base) {
			return imp.Path()
		}
	}
	return ""
}

// errorHelper finds the function handlers of the package call most to
// answer errors: func(http.ResponseWriter, int, string), given a 4xx/5xx
// status.
func (fx *fixer) errorHelper() *types.Func {
	info := fx.pass.TypesInfo
	count := map[*types.Func]int{}
	for _, f := range fx.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 3 {
				return true
			}
			fn, ok := typeutil.Callee(info, call).(*types.Func)
			if !ok || fn.Pkg() == nil || fn.Pkg().Path() == httpx.NetHTTP {
				return true
			}
			sig := fn.Type().(*types.Signature)
			if sig.Recv() != nil || sig.Params().Len() != 3 || sig.Results().Len() != 0 ||
				!httpx.IsResponseWriter(sig.Params().At(0).Type()) ||
				!types.Identical(sig.Params().At(1).Type(), types.Typ[types.Int]) ||
				!types.Identical(sig.Params().At(2).Type(), types.Typ[types.String]) {
				return true
			}
			if tv, ok := info.Types[call.Args[1]]; ok && tv.Value != nil {
				if v, ok := constant.Int64Val(tv.Value); ok && v >= 400 && v < 600 {
					count[fn]++
				}
			}
			return true
		})
	}
	var best *types.Func
	for fn, n := range count {
		if best == nil || n > count[best] || n == count[best] && fn.Pos() < best.Pos() {
			best = fn
		}
	}
	return best
}

// renderer prints syntax of the package as template text.
type renderer struct {
	fx      *fixer
	vars    map[types.Object]string // objects standing for placeholders
	own     map[types.Object]bool   // objects the template declares
	replace map[ast.Node]string     // whole nodes to replace ($h)
	imports []patterns.Import
	// free collects the local variables the text names as they are (wrap
	// templates only): the text is valid where those names denote the same
	// types. Guards allow none.
	free map[string]types.Object
}

func (r *renderer) importRef(path, name string) string {
	for i, imp := range r.imports {
		if imp.Path == path {
			return "$" + strconv.Itoa(i)
		}
	}
	r.imports = append(r.imports, patterns.Import{Path: path, Name: name})
	return "$" + strconv.Itoa(len(r.imports)-1)
}

type textEdit struct {
	start, end int
	text       string
}

// render returns the source of n with identifiers substituted, or false
// when n names something the template cannot carry.
func (r *renderer) render(n ast.Node) (string, bool) {
	tf := r.fx.pass.Fset.File(n.Pos())
	if tf == nil {
		return "", false
	}
	src, err := r.fx.source(tf.Name())
	if err != nil || tf.Size() != len(src) {
		return "", false
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	if strings.Contains(string(src[start:end]), "$") {
		return "", false
	}
	info := r.fx.pass.TypesInfo
	var edits []textEdit
	ok := true
	var visit func(m ast.Node) bool
	visit = func(m ast.Node) bool {
		if !ok || m == nil {
			return false
		}
		if text, isRepl := r.replace[m]; isRepl {
			edits = append(edits, textEdit{tf.Offset(m.Pos()), tf.Offset(m.End()), text})
			return false
		}
		switch m := m.(type) {
		case *ast.SelectorExpr:
			if id, isID := m.X.(*ast.Ident); isID {
				if pn, isPkg := info.Uses[id].(*types.PkgName); isPkg {
					edits = append(edits, textEdit{tf.Offset(id.Pos()), tf.Offset(id.End()), r.importRef(pn.Imported().Path(), pn.Imported().Name())})
					return false
				}
			}
			ast.Inspect(m.X, visit) // the selected name is a field or method
			return false
		case *ast.KeyValueExpr:
			if id, isID := m.Key.(*ast.Ident); isID {
				if v, isVar := info.Uses[id].(*types.Var); isVar && v.IsField() {
					ast.Inspect(m.Value, visit)
					return false
				}
			}
		case *ast.Ident:
			text, keep, good := r.identText(m)
			if !good {
				ok = false
				return false
			}
			if !keep {
				edits = append(edits, textEdit{tf.Offset(m.Pos()), tf.Offset(m.End()), text})
			}
		}
		return true
	}
	ast.Inspect(n, visit)
	if !ok {
		return "", false
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	at := start
	for _, e := range edits {
		if e.start < at {
			return "", false
		}
		b.Write(src[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.Write(src[at:end])
	return b.String(), true
}

// identText decides how an identifier appears in a template: replaced by
// text, kept, or not representable (good false).
func (r *renderer) identText(id *ast.Ident) (text string, keep, good bool) {
	info := r.fx.pass.TypesInfo
	obj := info.Uses[id]
	if obj == nil {
		obj = info.Defs[id]
	}
	if obj == nil {
		return "", true, true // _, labels
	}
	if s, ok := r.vars[obj]; ok {
		return s, false, true
	}
	if r.own[obj] {
		return "", true, true
	}
	switch obj := obj.(type) {
	case *types.PkgName:
		return r.importRef(obj.Imported().Path(), obj.Imported().Name()), false, true
	case *types.Var:
		if obj.IsField() {
			return "", true, true
		}
	case *types.Func:
		if obj.Type().(*types.Signature).Recv() != nil {
			return "", true, true
		}
	}
	if obj.Parent() == types.Universe {
		return "", true, true
	}
	if obj.Pkg() == r.fx.pass.Pkg && obj.Parent() == r.fx.pass.Pkg.Scope() {
		return "", true, true
	}
	if r.free != nil {
		if v, ok := obj.(*types.Var); ok && obj.Pkg() == r.fx.pass.Pkg {
			if prev, seen := r.free[id.Name]; seen && prev != obj {
				return "", false, false
			}
			r.free[id.Name] = v
			return "", true, true
		}
	}
	return "", false, false
}

// computeHandlers fills auth/require-user for every handler of the package
// that a learned guard fits.
func (fx *fixer) computeHandlers() {
	if len(fx.guards) == 0 {
		return
	}
	info := fx.pass.TypesInfo
	for _, f := range fx.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			var pos token.Pos
			switch n := n.(type) {
			case *ast.FuncDecl:
				pos = n.Name.Pos()
			case *ast.FuncLit:
				if _, ok := httpx.ParamsOf(info, n); !ok {
					return true
				}
				pos = n.Pos()
			default:
				return true
			}
			hf, ok := fx.handlerAt(pos)
			if !ok {
				return true
			}
			for _, g := range fx.guards {
				if g.kind != hf.params.Kind {
					continue
				}
				if g.recvType != nil && (hf.recv == nil || !types.Identical(hf.recv.Type(), g.recvType) || shadowsRecv(hf)) {
					continue
				}
				fx.fact.Handlers = append(fx.fact.Handlers, handlerFix{Handler: pos, Params: patterns.RequireUserParams{Handler: pos, Guard: g.guard}})
				break
			}
			return true
		})
	}
}

// shadowsRecv: a literal handler whose parameters hide the receiver.
func shadowsRecv(hf handlerFunc) bool {
	lit, ok := hf.node.(*ast.FuncLit)
	if !ok || hf.recv == nil {
		return false
	}
	for _, f := range lit.Type.Params.List {
		for _, n := range f.Names {
			if n.Name == hf.recv.Name() {
				return true
			}
		}
	}
	return false
}

// ---- auth/wrap-route: learning the middleware expression ----

// wrapSample is an auth middleware as a route of the package applies it.
type wrapSample struct {
	pos    token.Pos // where it is written
	styles map[patterns.WrapStyle]patterns.Template
	free   map[string]types.Object
	encl   *ast.FuncDecl
}

func (fx *fixer) learnWraps() {
	seen := map[token.Pos]bool{}
	same := map[string]bool{} // samples pickWrap cannot tell apart
	for _, r := range fx.routes {
		for _, m := range r.middleware {
			if m.Kind&httpmodel.KindAuth == 0 || !fx.local(m.Pos) || seen[m.Pos] {
				continue
			}
			seen[m.Pos] = true
			if s, ok := fx.wrapOf(m.Pos); ok && !same[s.key()] {
				// pickWrap takes the first fitting sample; a router wrapping
				// a thousand routes alike has one, not a thousand.
				same[s.key()] = true
				fx.wraps = append(fx.wraps, s)
			}
		}
	}
}

// key identifies what pickWrap reads of a sample: its templates, its free
// variables and its enclosing declaration.
func (s wrapSample) key() string {
	var b strings.Builder
	if s.encl != nil {
		fmt.Fprintf(&b, "%d;", s.encl.Pos())
	}
	for _, style := range slices.Sorted(maps.Keys(s.styles)) {
		fmt.Fprintf(&b, "%v=%q%v;", style, s.styles[style].Text, s.styles[style].Imports)
	}
	for _, name := range slices.Sorted(maps.Keys(s.free)) {
		fmt.Fprintf(&b, "%s:%p;", name, s.free[name])
	}
	return b.String()
}

// wrapOf reads the middleware written at pos: a middleware value passed to
// Use, With, Group or a route (mw, s.auth.Require, mw.Auth(key)), or a call
// wrapping a handler (s.auth.RequireUser(h), mw.Auth(key)(h)).
func (fx *fixer) wrapOf(pos token.Pos) (wrapSample, bool) {
	info := fx.pass.TypesInfo
	var arg ast.Expr // an argument starting at pos
	var wrapper *ast.CallExpr
	var encl *ast.FuncDecl
	if e := fx.at(pos); e != nil {
		encl = e.encl
		if len(e.args) > 0 {
			arg = e.args[0]
		}
		for _, call := range e.calls {
			if wrappedArg(info, call) >= 0 {
				wrapper = call // the outermost wrapping call starting here
				break
			}
		}
	}
	s := wrapSample{pos: pos, styles: map[patterns.WrapStyle]patterns.Template{}, encl: encl}
	r := &renderer{fx: fx, free: map[string]types.Object{}}
	if arg != nil {
		if _, isLit := ast.Unparen(arg).(*ast.FuncLit); !isLit {
			t := info.TypeOf(arg)
			switch {
			case t != nil && isNetMiddleware(t):
				if text, ok := r.render(arg); ok {
					s.styles[patterns.WrapWith] = patterns.Template{Text: text, Imports: r.imports}
					s.styles[patterns.WrapCall] = patterns.Template{Text: text + "($h)", Imports: r.imports}
				}
			case t != nil && isGinHandlerType(t):
				if text, ok := r.render(arg); ok {
					s.styles[patterns.WrapFirst] = patterns.Template{Text: text, Imports: r.imports}
				}
			case t != nil && isEchoMiddleware(t):
				if text, ok := r.render(arg); ok {
					s.styles[patterns.WrapAfter] = patterns.Template{Text: text, Imports: r.imports}
				}
			}
		}
	}
	if wrapper != nil && len(s.styles) == 0 {
		i := wrappedArg(info, wrapper)
		r.replace = map[ast.Node]string{wrapper.Args[i]: "$h"}
		if text, ok := r.render(wrapper); ok {
			s.styles[patterns.WrapCall] = patterns.Template{Text: text, Imports: r.imports}
		}
	}
	s.free = r.free
	return s, len(s.styles) > 0
}

// wrappedArg returns the index of the one argument of call that is a
// handler passed as an http.Handler, or -1.
func wrappedArg(info *types.Info, call *ast.CallExpr) int {
	sig, ok := info.TypeOf(call.Fun).(*types.Signature)
	if !ok || sig.Results().Len() != 1 || !isHandlerLike(sig.Results().At(0).Type()) {
		return -1
	}
	idx := -1
	for i, a := range call.Args {
		if i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
			break
		}
		if httpx.IsHTTPHandlerType(sig.Params().At(i).Type()) && types.IsInterface(sig.Params().At(i).Type()) {
			if t := info.TypeOf(a); t != nil && isHandlerLike(t) {
				if idx >= 0 {
					return -1
				}
				idx = i
			}
		}
	}
	return idx
}

func isHandlerLike(t types.Type) bool {
	if httpx.IsHTTPHandlerType(t) {
		return true
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	return obj != nil
}

// isNetMiddleware: func(http.Handler) http.Handler, named or not.
func isNetMiddleware(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 1 && sig.Results().Len() == 1 && !sig.Variadic() &&
		httpx.IsNamed(sig.Params().At(0).Type(), httpx.NetHTTP, "Handler") && httpx.IsNamed(sig.Results().At(0).Type(), httpx.NetHTTP, "Handler")
}

func isGinHandlerType(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && httpx.KindOf(sig) == httpx.GinHandler
}

func isEchoMiddleware(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 1 && sig.Results().Len() == 1 &&
		httpx.IsNamed(sig.Params().At(0).Type(), httpx.Echo, "HandlerFunc") && httpx.IsNamed(sig.Results().At(0).Type(), httpx.Echo, "HandlerFunc")
}

// computeRegistrations fills auth/wrap-route and auth/middleware for every
// registration of the package whose route has no auth.
func (fx *fixer) computeRegistrations() {
	done := map[token.Pos]bool{}
	for _, r := range fx.routes {
		if done[r.pos] || !fx.local(r.pos) || r.authCheck || r.chainAuth() {
			continue
		}
		done[r.pos] = true
		call := fx.registrationAt(r.pos)
		if call == nil {
			continue
		}
		method := ast.Unparen(call.Fun).(*ast.SelectorExpr).Sel.Name
		style := styleOf(r.fw)
		if style == patterns.WrapCall && !wrappable[method] {
			continue
		}
		reg := regFix{Registration: r.pos}
		if s, ok := fx.pickWrap(r.pos, style); ok {
			reg.Wrap = &patterns.WrapRouteParams{Registration: r.pos, Style: style, Middleware: s}
		}
		if !fx.fact.AuthMiddleware && len(fx.wraps) == 0 {
			reg.Scaffold = &patterns.MiddlewareParams{Registration: r.pos, Framework: string(r.fw)}
			switch r.fw {
			case httpx.FrameworkGin:
				reg.Scaffold.FrameworkPath = fx.importPathOf(httpx.Gin)
			case httpx.FrameworkEcho:
				reg.Scaffold.FrameworkPath = fx.importPathOf(httpx.Echo)
			}
		}
		if reg.Wrap != nil || reg.Scaffold != nil {
			fx.fact.Regs = append(fx.fact.Regs, reg)
		}
	}
}

// wrappable: registration methods whose handler a net/http-style wrap can
// wrap (ServeMux, gorilla/mux router and route).
var wrappable = map[string]bool{"Handle": true, "HandleFunc": true, "Handler": true, "HandlerFunc": true}

func styleOf(fw httpx.Framework) patterns.WrapStyle {
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

// registrationAt finds the call registering a route at pos, as
// patterns.WrapRoute will: the innermost call starting there whose method
// registers a route.
func (fx *fixer) registrationAt(pos token.Pos) *ast.CallExpr {
	var found *ast.CallExpr
	if e := fx.at(pos); e != nil {
		for _, call := range e.calls {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && registers[sel.Sel.Name] {
				found = call
			}
		}
	}
	return found
}

var registers = map[string]bool{
	"Handle": true, "HandleFunc": true, "Handler": true, "HandlerFunc": true,
	"Get": true, "Post": true, "Put": true, "Patch": true, "Delete": true, "Head": true, "Options": true,
	"Connect": true, "Trace": true, "Method": true, "MethodFunc": true,
	"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true,
	"CONNECT": true, "TRACE": true, "Any": true, "Add": true, "Match": true,
}

// pickWrap chooses the middleware to copy to the registration at pos: one
// written in the same function first, and only one whose local variables
// mean the same at pos.
func (fx *fixer) pickWrap(pos token.Pos, style patterns.WrapStyle) (patterns.Template, bool) {
	var best *wrapSample
	for i := range fx.wraps {
		s := &fx.wraps[i]
		if _, ok := s.styles[style]; !ok || !fx.inScope(s.free, pos) {
			continue
		}
		if best == nil || s.encl != nil && s.encl.Pos() <= pos && pos < s.encl.End() && !(best.encl != nil && best.encl.Pos() <= pos && pos < best.encl.End()) {
			best = s
		}
	}
	if best == nil {
		return patterns.Template{}, false
	}
	return best.styles[style], true
}

// inScope: every free variable of a template denotes, at pos, a variable
// of the same type.
func (fx *fixer) inScope(free map[string]types.Object, pos token.Pos) bool {
	if len(free) == 0 {
		return true
	}
	scope := fx.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	for name, obj := range free {
		_, there := scope.LookupParent(name, pos)
		if there == nil || !types.Identical(there.Type(), obj.Type()) {
			return false
		}
		if _, isVar := there.(*types.Var); !isVar {
			return false
		}
	}
	return true
}
