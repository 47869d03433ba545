package limits

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/httpmodel"
	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

//go:embed doc.go
var docSource string

// Rule is the rule ID, used as Diagnostic.Category.
const Rule = "unbounded-body"

// Analyzer reports request bodies decoded without a size limit.
var Analyzer = &analysis.Analyzer{
	Name:       "unboundedbody",
	Doc:        analysisDoc(docSource),
	URL:        "https://pkg.go.dev/github.com/prodready/prodready/analysis/limits",
	Requires:   []*analysis.Analyzer{httpmodel.Analyzer, config.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(LimitsFact), new(DecodesFact), new(JSONDecoderFact)},
	ResultType: reflect.TypeFor[*Result](),
}

// Result lists the package's findings with what the validation/limit-body
// fix pattern needs.
type Result struct {
	Findings []*Finding

	// planned fills the findings' Fixes when they are planned on demand
	// (patterns.Eager off).
	planned patterns.Deferred
}

// Finding is one unbounded read of a handler's request body.
type Finding struct {
	// Handler is the *ast.FuncDecl or *ast.FuncLit of the handler.
	Handler ast.Node
	Kind    httpx.HandlerKind
	// Call is the call that reads the body: json.NewDecoder(r.Body),
	// io.ReadAll(r.Body), r.ParseMultipartForm(n), c.ShouldBindJSON(&v),
	// or the call of a helper that decodes the request it is given.
	Call *ast.CallExpr
	// Reported is the node the diagnostic spans: Call, or the Decode call
	// chained on it (json.NewDecoder(r.Body).Decode(&v)).
	Reported ast.Node
	// Body is the body expression read (r.Body, c.Request.Body,
	// c.Request().Body); nil for framework bindings and helper calls.
	Body ast.Expr
	// Request is the request or framework context whose body is read: r
	// in r.Body, c in c.ShouldBindJSON or c.Request().Body.
	Request ast.Expr
	// Writer is the handler's http.ResponseWriter parameter (net/http) and
	// Context its gin or echo context parameter; either may be nil.
	Writer  *types.Var
	Context *types.Var
	// Helper is the qualified name of the helper called, when Call is one.
	Helper string
	// Fixes are the patterns that apply, preferred first: the handler's
	// validation/limit-body, shared by every finding in the handler.
	Fixes []patterns.Fix
}

// LimitsFact marks a function that limits the body of the request (or gin
// or echo context) passed as one of Params (indexes in the signature,
// receiver excluded): callers' bodies are limited after the call.
type LimitsFact struct {
	Params []int
}

// AFact marks LimitsFact as an analysis fact.
func (*LimitsFact) AFact()           {}
func (f *LimitsFact) String() string { return fmt.Sprintf("limitsbody%v", f.Params) }

// DecodesFact marks a function (not itself a handler) that reads the body
// of the request passed as Param without a size limit; What describes the
// read for messages ("json.NewDecoder").
type DecodesFact struct {
	Param int
	What  string
}

// AFact marks DecodesFact as an analysis fact.
func (*DecodesFact) AFact() {}
func (f *DecodesFact) String() string {
	return fmt.Sprintf("decodesbody(param %d: %s)", f.Param, f.What)
}

// JSONDecoderFact marks a function of the shape func(http.ResponseWriter,
// *http.Request, any) error that limits the request's body and decodes it
// as JSON into its any parameter, returning the decoder's error (as
// httputil.DecodeJSON does): validation/limit-body switches unlimited
// decodes to it. Writer, Request and Dst are parameter indexes.
type JSONDecoderFact struct {
	Writer, Request, Dst int
}

// AFact marks JSONDecoderFact as an analysis fact.
func (*JSONDecoderFact) AFact() {}
func (f *JSONDecoderFact) String() string {
	return fmt.Sprintf("decodesjson(w %d, r %d, dst %d)", f.Writer, f.Request, f.Dst)
}

// analysisDoc extracts the package comment of doc.go.
func analysisDoc(src string) string {
	start := strings.Index(src, "/*")
	end := strings.Index(src, "*/")
	if start < 0 || end < start {
		return "reports request bodies decoded without a size limit"
	}
	return strings.TrimSpace(src[start+2 : end])
}

// unit is a function that can see a request: a handler (declared or a
// literal), or a declared function with a request or context parameter.
type unit struct {
	node    ast.Node
	fn      *types.Func   // declared functions
	outer   *ast.FuncDecl // the declaration around a literal
	body    *ast.BlockStmt
	handler bool
	hp      httpx.HandlerParams
	params  map[types.Object]int // request-ish parameters by index
}

// sink is one unlimited read of a request body.
type sink struct {
	call     *ast.CallExpr
	reported ast.Node
	root     types.Object // the request or context variable
	body     ast.Expr
	request  ast.Expr
	what     string // for messages: json.NewDecoder, ParseMultipartForm, …
	helper   string // the helper's name, for a helper call
	kind     sinkKind
	// origin is where the body is first taken: the call, or the assignment
	// of the variable holding the body that the call reads.
	origin token.Pos
}

type sinkKind int

const (
	decodes sinkKind = iota
	reads
	multipart
	binds
	viaHelper
)

type checker struct {
	pass     *analysis.Pass
	limits   map[*types.Func][]int
	decodes  map[*types.Func]*DecodesFact
	decoders map[*types.Func]*JSONDecoderFact
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	if !httpx.ImportsHTTP(pass.Pkg) {
		return res, nil
	}
	if _, isFramework := httpx.FrameworkOf(pass.Pkg.Path()); isFramework {
		return res, nil
	}
	c := &checker{pass: pass, limits: map[*types.Func][]int{}, decodes: map[*types.Func]*DecodesFact{}, decoders: map[*types.Func]*JSONDecoderFact{}}
	units := c.units()

	// Helpers call helpers: iterate the package's facts to a fixed point.
	// The last pass changes nothing, so its states are final.
	final := map[*unit]*state{}
	for changed := true; changed; {
		changed = false
		for _, u := range units {
			if u.fn == nil {
				continue
			}
			st := c.analyze(u)
			final[u] = st
			if lim := st.limitedParams(u); !slices.Equal(lim, c.limits[u.fn]) && len(lim) > len(c.limits[u.fn]) {
				c.limits[u.fn] = lim
				changed = true
			}
			if u.handler || c.decodes[u.fn] != nil {
				continue
			}
			for _, s := range st.sinks {
				if i, ok := u.params[s.root]; ok {
					c.decodes[u.fn] = &DecodesFact{Param: i, What: s.describe()}
					changed = true
					break
				}
			}
		}
	}
	for fn, ps := range c.limits {
		if len(ps) > 0 {
			pass.ExportObjectFact(fn, &LimitsFact{Params: ps})
		}
	}
	for fn, f := range c.decodes {
		pass.ExportObjectFact(fn, f)
	}
	for _, u := range units {
		if f := c.jsonDecoder(u); f != nil {
			c.decoders[u.fn] = f
			pass.ExportObjectFact(u.fn, f)
		}
	}

	model, _ := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	cfg, _ := pass.ResultOf[config.Analyzer].(*config.Config)
	fx := &fixer{c: c, cfg: cfg}
	fixesOf := func(u *unit, sinks []*sink) []patterns.Fix {
		if p, ok := fx.limitBody(u, sinks); ok {
			return []patterns.Fix{p.Fix()}
		}
		return nil
	}
	eager := patterns.Eager()
	type planned struct {
		u     *unit
		sinks []*sink
		first int // index in res.Findings of the unit's first finding
	}
	var later []planned
	for _, u := range units {
		if !u.handler || c.routesLimited(model, u) {
			continue
		}
		st := final[u]
		if st == nil {
			st = c.analyze(u)
		}
		sinks := st.sinks
		var fixes []patterns.Fix
		if eager {
			fixes = fixesOf(u, sinks)
		} else if len(sinks) > 0 {
			later = append(later, planned{u, sinks, len(res.Findings)})
		}
		for _, s := range sinks {
			c.report(u, s, fixes, res)
		}
	}
	if len(later) > 0 {
		// An editor asks for few findings' fixes; planning them all
		// was a fifth of the analysis.
		res.planned.Defer(func() {
			for _, pl := range later {
				fixes := fixesOf(pl.u, pl.sinks)
				for i := range pl.sinks {
					res.Findings[pl.first+i].Fixes = fixes
				}
			}
		})
	}
	return res, nil
}

// units lists the package's functions that can see a request.
func (c *checker) units() []*unit {
	var out []*unit
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if fn == nil {
				continue
			}
			u := &unit{node: fd, fn: fn, body: fd.Body, params: c.requestParams(fn.Type().(*types.Signature), fd.Type)}
			if hp, ok := httpx.ParamsOf(c.pass.TypesInfo, fd); ok {
				u.handler, u.hp = true, hp
			}
			if u.handler || len(u.params) > 0 {
				out = append(out, u)
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				lit, ok := n.(*ast.FuncLit)
				if !ok {
					return true
				}
				if hp, ok := httpx.ParamsOf(c.pass.TypesInfo, lit); ok {
					sig, _ := c.pass.TypesInfo.TypeOf(lit).(*types.Signature)
					out = append(out, &unit{node: lit, outer: fd, body: lit.Body, handler: true, hp: hp, params: c.requestParams(sig, lit.Type)})
				}
				return true
			})
		}
	}
	return out
}

// isRequestish: *http.Request, *gin.Context or echo.Context.
func isRequestish(t types.Type) bool {
	return httpx.IsRequest(t) || httpx.IsGinContext(t) || httpx.IsEchoContext(t)
}

func (c *checker) requestParams(sig *types.Signature, ft *ast.FuncType) map[types.Object]int {
	out := map[types.Object]int{}
	if sig == nil {
		return out
	}
	i := 0
	for _, field := range ft.Params.List {
		names := field.Names
		if len(names) == 0 {
			i++
			continue
		}
		for _, name := range names {
			if obj := c.pass.TypesInfo.Defs[name]; obj != nil && isRequestish(obj.Type()) {
				out[obj] = i
			}
			i++
		}
	}
	return out
}

// routesLimited: the route model knows routes for the handler and every
// one of them has a body-limit middleware in its chain.
func (c *checker) routesLimited(m *httpmodel.Model, u *unit) bool {
	if m == nil {
		return false
	}
	positions := map[token.Pos]bool{u.node.Pos(): true}
	var funcs []*types.Func
	switch n := u.node.(type) {
	case *ast.FuncDecl:
		positions[n.Name.Pos()] = true
		funcs = append(funcs, u.fn)
	case *ast.FuncLit:
		if u.outer != nil {
			positions[u.outer.Name.Pos()] = true // a factory's closure
			if fn, ok := c.pass.TypesInfo.Defs[u.outer.Name].(*types.Func); ok {
				funcs = append(funcs, fn)
			}
		}
	}
	found, limited := 0, 0
	for _, r := range m.Routes {
		if positions[r.Handler.Pos] || r.Handler.Func != nil && slices.Contains(funcs, r.Handler.Func) {
			found++
			if r.BodyLimited() {
				limited++
			}
		}
	}
	for _, sum := range m.Summaries {
		for _, r := range sum.Routes {
			if !positions[r.Handler.Pos] {
				continue
			}
			found++
			for _, mw := range r.Middleware {
				if mw.Kind&httpmodel.KindBodyLimit != 0 {
					limited++
					break
				}
			}
		}
	}
	return found > 0 && found == limited
}

// state is what one pass over a unit's body found.
type state struct {
	limited map[types.Object]token.Pos // request roots limited, from where
	aliases map[types.Object]types.Object
	bodies  map[types.Object]*bodyVar // variables holding a body reader
	sinks   []*sink
}

type bodyVar struct {
	root    types.Object // nil when the reader is limited
	body    ast.Expr
	request ast.Expr
	at      token.Pos // the assignment that took the body
}

func (st *state) limitedParams(u *unit) []int {
	var out []int
	for obj, i := range u.params {
		if _, ok := st.limited[obj]; ok {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// analyze walks a unit's body (not nested handler literals, which are
// units of their own) and collects its limits and unlimited reads.
func (c *checker) analyze(u *unit) *state {
	st := &state{limited: map[types.Object]token.Pos{}, aliases: map[types.Object]types.Object{}, bodies: map[types.Object]*bodyVar{}}
	var candidates []*sink
	var stack []ast.Node
	ast.Inspect(u.body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if lit, ok := n.(*ast.FuncLit); ok && lit != u.node {
			if _, isHandler := httpx.ParamsOf(c.pass.TypesInfo, lit); isHandler {
				return false
			}
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				var rhs ast.Expr
				if len(n.Rhs) == len(n.Lhs) {
					rhs = n.Rhs[i]
				}
				c.assign(st, lhs, rhs, n.Pos())
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) {
					c.assign(st, name, n.Values[i], n.Pos())
				}
			}
		case *ast.CallExpr:
			if s := c.sinkOf(st, n, stack); s != nil {
				candidates = append(candidates, s)
			}
			c.helperLimits(st, n)
		}
		return true
	})
	for _, s := range candidates {
		if s.root == nil {
			continue
		}
		if at, ok := st.limited[s.root]; ok && at < s.call.Pos() {
			continue
		}
		st.sinks = append(st.sinks, s)
	}
	return st
}

// root resolves a request or context expression to its variable: r,
// c.Request (gin) and c.Request() (echo) to r or c, through aliases such as
// r2 := r.WithContext(ctx).
func (c *checker) root(st *state, e ast.Expr) types.Object {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		obj := c.pass.TypesInfo.Uses[x]
		if obj == nil {
			obj = c.pass.TypesInfo.Defs[x]
		}
		if obj == nil || !isRequestish(obj.Type()) {
			return nil
		}
		if a, ok := st.aliases[obj]; ok {
			return a
		}
		return obj
	case *ast.SelectorExpr: // gin: c.Request
		if x.Sel.Name == "Request" && httpx.IsGinContext(c.pass.TypesInfo.TypeOf(x.X)) {
			return c.root(st, x.X)
		}
	case *ast.CallExpr: // echo: c.Request(); r.WithContext(ctx)
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
			t := c.pass.TypesInfo.TypeOf(sel.X)
			switch {
			case sel.Sel.Name == "Request" && httpx.IsEchoContext(t):
				return c.root(st, sel.X)
			case (sel.Sel.Name == "WithContext" || sel.Sel.Name == "Clone") && httpx.IsRequest(t):
				return c.root(st, sel.X)
			}
		}
	}
	return nil
}

// bodyOf: e is X.Body for a request X; it returns the request's root.
func (c *checker) bodyOf(st *state, e ast.Expr) (types.Object, ast.Expr) {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Body" || !httpx.IsRequest(c.pass.TypesInfo.TypeOf(sel.X)) {
		return nil, nil
	}
	return c.root(st, sel.X), sel.X
}

// isLimiting: the expression calls http.MaxBytesReader or io.LimitReader.
func (c *checker) isLimiting(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); fn != nil && fn.Pkg() != nil {
			switch fn.Pkg().Path() + "." + fn.Name() {
			case "net/http.MaxBytesReader", "io.LimitReader":
				found = true
			}
		}
		return true
	})
	return found
}

func (c *checker) mentionsBody(st *state, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if ex, ok := n.(ast.Expr); ok {
			if r, _ := c.bodyOf(st, ex); r != nil {
				found = true
			}
			if id, ok := ex.(*ast.Ident); ok {
				if bv := st.bodies[c.pass.TypesInfo.Uses[id]]; bv != nil && bv.root != nil {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func (c *checker) assign(st *state, lhs, rhs ast.Expr, pos token.Pos) {
	// r.Body = http.MaxBytesReader(w, r.Body, n), or any other reader
	// that is not the raw body.
	if r, _ := c.bodyOf(st, lhs); r != nil {
		if rhs == nil || c.isLimiting(rhs) || !c.mentionsBody(st, rhs) {
			if _, ok := st.limited[r]; !ok {
				st.limited[r] = pos
			}
		}
		return
	}
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok || rhs == nil {
		return
	}
	obj := c.pass.TypesInfo.ObjectOf(id)
	if obj == nil {
		return
	}
	// r2 := r.WithContext(ctx)
	if isRequestish(obj.Type()) {
		if r := c.root(st, rhs); r != nil && r != obj {
			st.aliases[obj] = r
		}
		return
	}
	switch {
	case c.isLimiting(rhs):
		st.bodies[obj] = &bodyVar{}
	default:
		if r, req := c.bodyOf(st, rhs); r != nil {
			st.bodies[obj] = &bodyVar{root: r, body: rhs, request: req, at: pos}
		} else if src, ok := ast.Unparen(rhs).(*ast.Ident); ok && st.bodies[c.pass.TypesInfo.Uses[src]] != nil {
			st.bodies[obj] = st.bodies[c.pass.TypesInfo.Uses[src]]
		}
	}
}

// helperLimits: a call of a function that limits the body of the request
// it is given (a fact, or this package's own analysis).
func (c *checker) helperLimits(st *state, call *ast.CallExpr) {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return
	}
	for _, i := range c.limitsOf(fn) {
		if i < len(call.Args) {
			if r := c.root(st, call.Args[i]); r != nil {
				if _, ok := st.limited[r]; !ok {
					st.limited[r] = call.Pos()
				}
			}
		}
	}
}

func (c *checker) limitsOf(fn *types.Func) []int {
	if fn.Pkg() == c.pass.Pkg {
		return c.limits[fn]
	}
	var f LimitsFact
	if fn.Pkg() != nil && c.pass.ImportObjectFact(fn, &f) {
		return f.Params
	}
	return nil
}

func (c *checker) decodesOf(fn *types.Func) *DecodesFact {
	if fn.Pkg() == c.pass.Pkg {
		return c.decodes[fn]
	}
	var f DecodesFact
	if fn.Pkg() != nil && c.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// ginBodyBindings are the *gin.Context methods that read the body.
var ginBodyBindings = map[string]sinkKind{
	"Bind": binds, "BindJSON": binds, "BindXML": binds, "BindYAML": binds, "BindTOML": binds,
	"ShouldBind": binds, "ShouldBindJSON": binds, "ShouldBindXML": binds, "ShouldBindYAML": binds, "ShouldBindTOML": binds,
	"ShouldBindBodyWith": binds, "ShouldBindBodyWithJSON": binds, "ShouldBindBodyWithXML": binds,
	"ShouldBindBodyWithYAML": binds, "ShouldBindBodyWithTOML": binds,
	"MustBindWith": binds, "BindWith": binds, "ShouldBindWith": binds,
	"GetRawData": reads, "FormFile": multipart, "MultipartForm": multipart,
}

// ginBodyBinders are the gin/binding values that read the body, for
// ShouldBindWith(&v, binding.JSON) and the like.
var ginBodyBinders = map[string]bool{
	"JSON": true, "XML": true, "YAML": true, "TOML": true, "ProtoBuf": true, "MsgPack": true,
	"Form": true, "FormPost": true, "FormMultipart": true, "BSON": true,
}

var echoBodyBindings = map[string]sinkKind{"Bind": binds, "FormFile": multipart, "MultipartForm": multipart}

// sinkOf classifies a call that reads a request body.
func (c *checker) sinkOf(st *state, call *ast.CallExpr, stack []ast.Node) *sink {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	path := fn.Pkg().Path()
	s := &sink{call: call, reported: call, origin: call.Pos()}
	fromReader := func(arg ast.Expr) *sink {
		if r, req := c.bodyOf(st, arg); r != nil {
			s.root, s.body, s.request = r, arg, req
			return s
		}
		if id, ok := ast.Unparen(arg).(*ast.Ident); ok {
			if bv := st.bodies[c.pass.TypesInfo.Uses[id]]; bv != nil && bv.root != nil {
				s.root, s.body, s.request = bv.root, arg, bv.request
				s.origin = min(s.origin, bv.at)
				return s
			}
		}
		return nil
	}
	recvCall := func() ast.Expr {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return sel.X
		}
		return nil
	}
	switch {
	case sig.Recv() == nil && len(call.Args) > 0 && (path == "encoding/json" || path == "encoding/xml" || path == "encoding/gob") && fn.Name() == "NewDecoder":
		s.kind, s.what = decodes, fn.Pkg().Name()+".NewDecoder"
		// json.NewDecoder(r.Body).Decode(&v): report the whole chain.
		if len(stack) >= 3 {
			if sel, ok := stack[len(stack)-2].(*ast.SelectorExpr); ok && sel.X == call {
				if outer, ok := stack[len(stack)-3].(*ast.CallExpr); ok && outer.Fun == sel {
					s.reported = outer
				}
			}
		}
		return fromReader(call.Args[0])
	case sig.Recv() == nil && len(call.Args) == 1 && (path == "io" || path == "io/ioutil") && fn.Name() == "ReadAll":
		s.kind, s.what = reads, fn.Pkg().Name()+".ReadAll"
		return fromReader(call.Args[0])
	case path == "bytes" && fn.Name() == "ReadFrom" && len(call.Args) == 1:
		s.kind, s.what = reads, "bytes.Buffer.ReadFrom"
		return fromReader(call.Args[0])
	case path == httpx.NetHTTP && sig.Recv() != nil && httpx.IsRequest(sig.Recv().Type()) && (fn.Name() == "ParseMultipartForm" || fn.Name() == "FormFile"):
		s.kind, s.what = multipart, fn.Name()
		s.request = recvCall()
		s.root = c.root(st, s.request)
	case path == httpx.Gin && sig.Recv() != nil && httpx.IsGinContext(sig.Recv().Type()):
		k, ok := ginBodyBindings[fn.Name()]
		if !ok {
			return nil
		}
		if strings.HasSuffix(fn.Name(), "With") && !c.bodyBinder(call) {
			return nil
		}
		s.kind, s.what = k, "c."+fn.Name()
		s.request = recvCall()
		s.root = c.root(st, s.request)
	case httpx.SamePackage(path, httpx.Echo) && sig.Recv() != nil && httpx.IsEchoContext(sig.Recv().Type()):
		k, ok := echoBodyBindings[fn.Name()]
		if !ok {
			return nil
		}
		s.kind, s.what = k, "c."+fn.Name()
		s.request = recvCall()
		s.root = c.root(st, s.request)
	default:
		f := c.decodesOf(fn)
		if f == nil || f.Param >= len(call.Args) {
			return nil
		}
		s.kind, s.what, s.helper = viaHelper, f.What, httpmodel.FuncName(fn)
		s.request = call.Args[f.Param]
		s.root = c.root(st, s.request)
	}
	if s.root == nil {
		return nil
	}
	return s
}

// bodyBinder: the binding argument of ShouldBindWith(&v, binding.JSON) is
// one that reads the body.
func (c *checker) bodyBinder(call *ast.CallExpr) bool {
	if len(call.Args) < 2 {
		return false
	}
	sel, ok := ast.Unparen(call.Args[len(call.Args)-1]).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	obj := c.pass.TypesInfo.Uses[sel.Sel]
	return obj != nil && obj.Pkg() != nil && strings.HasPrefix(obj.Pkg().Path(), httpx.Gin+"/binding") && ginBodyBinders[sel.Sel.Name]
}

func (s *sink) describe() string { return s.what }

func (c *checker) report(u *unit, s *sink, fixes []patterns.Fix, res *Result) {
	var msg string
	switch s.kind {
	case reads:
		msg = "request body is read by " + s.what + " without a size limit; a client can send gigabytes and exhaust memory"
	case multipart:
		msg = "multipart request body is parsed by " + s.what + " without a size limit; its memory cap does not bound the upload, which spills to disk without limit"
	case binds:
		msg = "request body is bound by " + s.what + " without a size limit; a client can send gigabytes and exhaust memory"
	case viaHelper:
		msg = fmt.Sprintf("request body is decoded by %s (%s) without a size limit; a client can send gigabytes and exhaust memory", shortName(s.helper), s.what)
	default:
		msg = "request body is decoded without a size limit; a client can send gigabytes and exhaust memory"
	}
	d := analysis.Diagnostic{Pos: s.reported.Pos(), End: s.reported.End(), Category: Rule, Message: msg}
	patterns.Attach(c.pass, &d, fixes)
	c.pass.Report(d)
	res.Findings = append(res.Findings, &Finding{
		Handler: u.node, Kind: u.hp.Kind, Call: s.call, Reported: s.reported,
		Body: s.body, Request: s.request, Writer: u.hp.Writer, Context: u.hp.Context, Helper: s.helper,
		Fixes: fixes,
	})
}

// shortName turns example.com/app/httputil.DecodeJSON into
// httputil.DecodeJSON.
func shortName(qualified string) string {
	if i := strings.LastIndex(qualified, "/"); i >= 0 {
		return qualified[i+1:]
	}
	return qualified
}
