package ctxprop

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

//go:embed doc.go
var docSource string

// Rule is the rule ID, used as Diagnostic.Category.
const Rule = "no-context"

// Analyzer reports database and outbound HTTP calls that do not pass the
// context in reach.
var Analyzer = &analysis.Analyzer{
	Name:       "nocontext",
	Doc:        analysisDoc(docSource),
	URL:        "https://pkg.go.dev/github.com/prodready/prodready/analysis/ctxprop",
	Run:        run,
	FactTypes:  []analysis.Fact{new(NoContextFact)},
	ResultType: reflect.TypeFor[*Result](),
}

// Result lists the package's findings with what the context/propagate fix
// pattern needs.
type Result struct {
	Findings []*Finding
	sites    []patterns.Site
}

// Kind says how a finding is fixed.
type Kind int

// The finding kinds.
const (
	// Method: call Replacement instead of Method, with Ctx first
	// (db.Query(q) → db.QueryContext(ctx, q)).
	Method Kind = iota + 1
	// Gorm: insert .WithContext(Ctx) after Root in the chain.
	Gorm
	// NewRequest: http.NewRequest → http.NewRequestWithContext(Ctx, …).
	NewRequest
	// HTTPShortcut: http.Get/Head/Post/PostForm or the same methods of a
	// client; rewrite with NewRequestWithContext and Do.
	HTTPShortcut
	// Background: replace the argument Arg (context.Background()) by Ctx.
	Background
	// Callee: Callee takes no context; add a context parameter to it and
	// pass Ctx at Call.
	Callee
)

// Finding is one call that does not pass the context in reach.
type Finding struct {
	Kind Kind
	// Func is the *ast.FuncDecl or *ast.FuncLit making the call.
	Func ast.Node
	// Call is the reported call: the query, the gorm finisher, the
	// outbound request, or the call of a function that cannot take a
	// context.
	Call *ast.CallExpr
	// Method is the called function or method's name (Query, Find, Get,
	// NewRequest, ListProjects); Replacement the name to call instead
	// (QueryContext, NewRequestWithContext; WithContext for Gorm), empty
	// for Background and Callee.
	Method, Replacement string
	// Root is, for Gorm, the start of the chain (s.db) to follow with
	// .WithContext(ctx).
	Root ast.Expr
	// Arg is, for Background, the context.Background() argument.
	Arg ast.Expr
	// Ctx is the expression that yields the context in reach: a context
	// parameter's name, r.Context(), c.Request.Context() (gin) or
	// c.Request().Context() (echo).
	Ctx string
	// RequestContext: the context in reach is a handler's request's.
	RequestContext bool
	// Callee is, for Callee, the qualified name of the called function,
	// and Inner describes the context-less call it makes.
	Callee string
	Inner  Inner
	// Fixes holds context/propagate when it applies here (not for
	// Callee: the callee would need a context parameter).
	Fixes []patterns.Fix
}

// Inner is a context-less call inside a function, as facts carry it.
type Inner struct {
	Call     string         // "s.db.Query", "http.Get"
	Pos      token.Pos      // valid in the driver's FileSet
	Position token.Position // the same, for drivers that see one package at a time
	Via      []string       // functions between the fact's function and the call
}

// NoContextFact marks a function that takes no context (nor a request)
// and makes a database or outbound HTTP call without one, directly or
// through functions it calls: callers holding a context cannot pass it.
type NoContextFact struct {
	Inner Inner
}

// AFact marks NoContextFact as an analysis fact.
func (*NoContextFact) AFact() {}
func (f *NoContextFact) String() string {
	s := "nocontext(" + f.Inner.Call
	if len(f.Inner.Via) > 0 {
		s += " via " + strings.Join(f.Inner.Via, ", ")
	}
	return s + ")"
}

// analysisDoc extracts the package comment of doc.go.
func analysisDoc(src string) string {
	start := strings.Index(src, "/*")
	end := strings.Index(src, "*/")
	if start < 0 || end < start {
		return "reports database and outbound HTTP calls that do not pass the context in reach"
	}
	return strings.TrimSpace(src[start+2 : end])
}

type checker struct {
	pass  *analysis.Pass
	local map[*types.Func]*NoContextFact
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	c := &checker{pass: pass, local: map[*types.Func]*NoContextFact{}}
	if !c.relevant() {
		return res, nil
	}
	var decls []*ast.FuncDecl
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				decls = append(decls, fd)
			}
		}
	}
	// Facts of functions without a context, to a fixed point: store
	// methods call helpers.
	for changed := true; changed; {
		changed = false
		for _, fd := range decls {
			fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if fn == nil || c.local[fn] != nil || fd.Recv == nil && (fd.Name.Name == "init" || fd.Name.Name == "main" && pass.Pkg.Name() == "main") {
				continue // nothing calls main or init
			}
			if _, ok := c.reachOf(fd.Type); ok {
				continue
			}
			for _, h := range c.scan(fd, fd.Body, reach{}) {
				if !h.reach.ok { // not in a closure with a context of its own
					c.local[fn] = &NoContextFact{Inner: h.inner(c)}
					changed = true
					break
				}
			}
		}
	}
	for fn, f := range c.local {
		pass.ExportObjectFact(fn, f)
	}
	for _, fd := range decls {
		r, _ := c.reachOf(fd.Type)
		for _, h := range c.scan(fd, fd.Body, r) {
			if h.reach.ok {
				c.report(h, res)
			}
		}
	}
	return res, nil
}

// relevant skips the standard library and the supported libraries, and
// packages that neither serve HTTP nor use a database nor call a function
// with a fact.
func (c *checker) relevant() bool {
	path := c.pass.Pkg.Path()
	for _, l := range libraries {
		if path == l || strings.HasPrefix(path, l+"/") {
			return false
		}
	}
	first, _, _ := strings.Cut(path, "/")
	if !strings.Contains(first, ".") && len(c.pass.Files) > 0 {
		name := c.pass.Fset.File(c.pass.Files[0].Pos()).Name()
		if goroot := build.Default.GOROOT; goroot != "" && strings.HasPrefix(name, filepath.Join(goroot, "src")+string(filepath.Separator)) {
			return false
		}
	}
	if httpx.ImportsHTTP(c.pass.Pkg) {
		return true
	}
	for _, imp := range c.pass.Pkg.Imports() {
		if isDBPackage(imp.Path()) {
			return true
		}
	}
	for _, f := range c.pass.AllObjectFacts() {
		if _, ok := f.Fact.(*NoContextFact); ok {
			return true
		}
	}
	return false
}

var libraries = []string{httpx.Gin, httpx.Echo, httpx.Chi, httpx.Gorilla, pkgGorm, pkgSQLX, "github.com/jackc/pgx", "gorm.io"}

const (
	pkgGorm = "gorm.io/gorm"
	pkgSQLX = "github.com/jmoiron/sqlx"
)

func isDBPackage(path string) bool {
	return path == "database/sql" || path == pkgGorm || strings.HasPrefix(path, pkgSQLX) || strings.HasPrefix(path, "github.com/jackc/pgx")
}

// reach is the context available at a point: its expression, and whether
// it is a handler's request's.
type reach struct {
	ok      bool
	ctx     string
	request bool
	v       *types.Var // the parameter ctx is read from
}

// reachOf looks for a context among a function's parameters: a
// context.Context first, then a request or framework context.
func (c *checker) reachOf(ft *ast.FuncType) (reach, bool) {
	var best reach
	for _, field := range ft.Params.List {
		for _, name := range field.Names {
			obj := c.pass.TypesInfo.Defs[name]
			if obj == nil || name.Name == "_" {
				continue
			}
			t := obj.Type()
			v, _ := obj.(*types.Var)
			switch {
			case isContext(t):
				return reach{ok: true, ctx: name.Name, v: v}, true
			case httpx.IsRequest(t) && !best.ok:
				best = reach{ok: true, ctx: name.Name + ".Context()", request: true, v: v}
			case httpx.IsGinContext(t) && !best.ok:
				best = reach{ok: true, ctx: name.Name + ".Request.Context()", request: true, v: v}
			case httpx.IsEchoContext(t) && !best.ok:
				best = reach{ok: true, ctx: name.Name + ".Request().Context()", request: true, v: v}
			}
		}
	}
	return best, best.ok
}

func isContext(t types.Type) bool { return httpx.IsNamed(t, "context", "Context") }

// hit is one context-less call found in a function.
type hit struct {
	fn    ast.Node // enclosing FuncDecl or FuncLit
	call  *ast.CallExpr
	kind  Kind
	name  string // for messages: s.db.Query, http.Get
	meth  string
	repl  string
	root  ast.Expr
	arg   ast.Expr
	reach reach
	// called is the called function; decl the declaration scanned.
	called *types.Func
	decl   *ast.FuncDecl
	// Callee hits
	callee string
	fact   *NoContextFact
}

func (h *hit) inner(c *checker) Inner {
	if h.kind == Callee {
		in := h.fact.Inner
		in.Via = append([]string{shortName(h.callee)}, in.Via...)
		return in
	}
	return Inner{Call: h.name, Pos: h.call.Pos(), Position: c.pass.Fset.Position(h.call.Pos())}
}

// scan walks a function body, skipping `go` statements, and returns its
// context-less calls with the context in reach at each.
func (c *checker) scan(decl ast.Node, body *ast.BlockStmt, r reach) []*hit {
	var hits []*hit
	var walk func(fn ast.Node, n ast.Node, r reach)
	walk = func(fn ast.Node, n ast.Node, r reach) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				return false
			case *ast.FuncLit:
				inner := r
				if lr, ok := c.reachOf(n.Type); ok {
					inner = lr
				}
				walk(n, n.Body, inner)
				return false
			case *ast.CallExpr:
				if h := c.classify(fn, n, body); h != nil {
					h.reach = r
					h.decl, _ = decl.(*ast.FuncDecl)
					hits = append(hits, h)
				}
			}
			return true
		})
	}
	walk(decl, body, r)
	return hits
}

// classify decides whether call is a context-less database or HTTP call.
func (c *checker) classify(fn ast.Node, call *ast.CallExpr, body *ast.BlockStmt) *hit {
	callee, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if callee == nil || callee.Pkg() == nil {
		return nil
	}
	sig := callee.Type().(*types.Signature)
	path := callee.Pkg().Path()
	name := callee.Name()
	h := &hit{fn: fn, call: call, meth: name, called: callee}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)

	// context.Background() handed to a context-taking database or HTTP call.
	if sig.Params().Len() > 0 && isContext(sig.Params().At(0).Type()) && len(call.Args) > 0 && isBackground(c.pass.TypesInfo, call.Args[0]) &&
		(isDBPackage(path) || path == httpx.NetHTTP) {
		h.kind, h.arg, h.name = Background, call.Args[0], callName(call, callee)
		return h
	}
	switch {
	case path == httpx.NetHTTP && sig.Recv() == nil:
		switch name {
		case "Get", "Head", "Post", "PostForm":
			h.kind, h.name = HTTPShortcut, "http."+name
			return h
		case "NewRequest":
			if c.recontexted(call, body) || !c.sent(call, body) {
				return nil
			}
			h.kind, h.name, h.repl = NewRequest, "http.NewRequest", "NewRequestWithContext"
			return h
		}
		return nil
	case path == httpx.NetHTTP && sig.Recv() != nil && httpx.IsNamed(sig.Recv().Type(), httpx.NetHTTP, "Client"):
		switch name {
		case "Get", "Head", "Post", "PostForm":
			h.kind, h.name = HTTPShortcut, callName(call, callee)
			return h
		}
		return nil
	case path == pkgGorm && sig.Recv() != nil && sel != nil:
		if !gormFinishers[name] {
			return nil
		}
		root, ok := c.gormRoot(sel.X, body, 0)
		if !ok {
			return nil
		}
		h.kind, h.name, h.repl, h.root = Gorm, types.ExprString(root)+"."+name, "WithContext", root
		return h
	case sig.Recv() != nil && sel != nil:
		if repl := c.contextVariant(callee, sel); repl != "" {
			h.kind, h.name, h.repl = Method, callName(call, callee), repl
			return h
		}
	}
	if f := c.factOf(callee); f != nil {
		h.kind, h.callee, h.fact, h.name = Callee, httpFuncName(callee), f, callName(call, callee)
		return h
	}
	return nil
}

func isBackground(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" && (fn.Name() == "Background" || fn.Name() == "TODO")
}

// specialVariants are Context variants not named <Name>Context.
var specialVariants = map[string]string{"Begin": "BeginTx", "Beginx": "BeginTxx", "MustBegin": "MustBeginTx"}

// contextVariant returns the name of the method to call instead of
// callee, when the receiver has one taking a context first and callee
// takes none. Only database/sql, sqlx and non-standard types qualify.
func (c *checker) contextVariant(callee *types.Func, sel *ast.SelectorExpr) string {
	path := callee.Pkg().Path()
	first, _, _ := strings.Cut(path, "/")
	if !isDBPackage(path) && !strings.Contains(first, ".") {
		return "" // the standard library outside database/sql
	}
	if _, isFramework := httpx.FrameworkOf(path); isFramework {
		return ""
	}
	if m := c.pass.Module; m != nil && m.Path != "" && !isDBPackage(path) && path != m.Path && !strings.HasPrefix(path, m.Path+"/") {
		// Another library's X/XContext pair: its context may outlive the
		// request (oidc's VerifierContext keeps it for later key
		// fetches), so only the project's own types and the database
		// libraries are judged.
		return ""
	}
	sig := callee.Type().(*types.Signature)
	if sig.Params().Len() > 0 && isContext(sig.Params().At(0).Type()) {
		return ""
	}
	recv := c.pass.TypesInfo.TypeOf(sel.X)
	if recv == nil {
		return ""
	}
	for _, name := range []string{specialVariants[callee.Name()], callee.Name() + "Context"} {
		if name == "" {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(recv, true, callee.Pkg(), name)
		m, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		ms := m.Type().(*types.Signature)
		if ms.Params().Len() > 0 && isContext(ms.Params().At(0).Type()) {
			return name
		}
	}
	return ""
}

// gormFinishers run the query a chain describes.
var gormFinishers = map[string]bool{
	"Find": true, "First": true, "Last": true, "Take": true, "Create": true, "CreateInBatches": true, "Save": true,
	"Update": true, "Updates": true, "UpdateColumn": true, "UpdateColumns": true, "Delete": true, "Exec": true,
	"Scan": true, "Row": true, "Rows": true, "Count": true, "Pluck": true, "FirstOrCreate": true, "FirstOrInit": true,
	"FindInBatches": true, "Transaction": true, "Begin": true,
}

// gormRoot follows a gorm chain back to where it starts; ok is false when
// the chain carries a context (WithContext anywhere on it, or a *gorm.DB
// parameter or local of unknown origin).
func (c *checker) gormRoot(e ast.Expr, body *ast.BlockStmt, depth int) (ast.Expr, bool) {
	if depth > 8 {
		return nil, false
	}
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil, false
			}
			if sel.Sel.Name == "WithContext" || sel.Sel.Name == "Session" {
				return nil, false // Session(&gorm.Session{Context: ctx}) may carry one too
			}
			if sel.Sel.Name == "Begin" && depth > 0 {
				return nil, false // tx := db.Begin(): reported at Begin
			}
			fn, _ := typeutil.Callee(c.pass.TypesInfo, x).(*types.Func)
			if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgGorm {
				return nil, false // a helper returning a *gorm.DB: unknown
			}
			e = sel.X
		case *ast.SelectorExpr:
			obj := c.pass.TypesInfo.Uses[x.Sel]
			if v, ok := obj.(*types.Var); ok && v.IsField() {
				return x, true // s.db: a long-lived handle without context
			}
			if v, ok := obj.(*types.Var); ok && v.Parent() == v.Pkg().Scope() {
				return x, true // pkg.DB
			}
			return nil, false
		case *ast.Ident:
			v, ok := c.pass.TypesInfo.Uses[x].(*types.Var)
			if !ok {
				return nil, false
			}
			if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
				return x, true // a package variable
			}
			// A local: follow its assignments in the function.
			var rhs []ast.Expr
			ast.Inspect(body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					for i, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == v && len(n.Rhs) == len(n.Lhs) {
							rhs = append(rhs, n.Rhs[i])
						}
					}
				case *ast.ValueSpec:
					for i, id := range n.Names {
						if c.pass.TypesInfo.Defs[id] == v && i < len(n.Values) {
							rhs = append(rhs, n.Values[i])
						}
					}
				}
				return true
			})
			if len(rhs) == 0 {
				return nil, false // a parameter: the caller may have set a context
			}
			var root ast.Expr
			for _, r := range rhs {
				rt, ok := c.gormRoot(r, body, depth+1)
				if !ok {
					return nil, false
				}
				root = rt
			}
			return root, true
		default:
			return nil, false
		}
	}
}

// requestVar returns the variable the request built by call is assigned
// to, nil when there is none.
func (c *checker) requestVar(call *ast.CallExpr, body *ast.BlockStmt) types.Object {
	var v types.Object
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || v != nil {
			return v == nil
		}
		for i, r := range as.Rhs {
			if ast.Unparen(r) == call && i < len(as.Lhs) {
				if id, ok := as.Lhs[i].(*ast.Ident); ok {
					v = c.pass.TypesInfo.ObjectOf(id)
				}
			}
		}
		return true
	})
	return v
}

// recontexted: the request built by call is given a context later
// (req = req.WithContext(ctx), req.WithContext(ctx) passed to Do).
func (c *checker) recontexted(call *ast.CallExpr, body *ast.BlockStmt) bool {
	v := c.requestVar(call, body)
	if v == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || found {
			return !found
		}
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v && (sel.Sel.Name == "WithContext" || sel.Sel.Name == "Clone") {
			found = true
		}
		return true
	})
	return found
}

// sent: the request built by call is sent from the function, given to a
// Do or RoundTrip method. A request built to be returned or served
// internally (a handler building a sub-request) is no outbound call.
func (c *checker) sent(call *ast.CallExpr, body *ast.BlockStmt) bool {
	v := c.requestVar(call, body)
	if v == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		send, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		sel, ok := ast.Unparen(send.Fun).(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "Do" && sel.Sel.Name != "RoundTrip") || len(send.Args) != 1 {
			return true
		}
		if id, ok := ast.Unparen(send.Args[0]).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
			found = true
		}
		return true
	})
	return found
}

func (c *checker) factOf(fn *types.Func) *NoContextFact {
	if fn.Pkg() == c.pass.Pkg {
		return c.local[fn]
	}
	var f NoContextFact
	if c.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// callName renders a call for messages: s.db.Query, client.Get,
// store.ListProjects.
func callName(call *ast.CallExpr, fn *types.Func) string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		x := types.ExprString(f.X)
		if len(x) > 40 {
			x = "…"
		}
		return x + "." + f.Sel.Name
	case *ast.Ident:
		return f.Name
	}
	return fn.Name()
}

// httpFuncName is the qualified name of fn: pkg/path.Func or
// pkg/path.(*T).Method.
func httpFuncName(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return fn.Pkg().Path() + "." + fn.Name()
	}
	recv := sig.Recv().Type()
	star := ""
	if p, ok := recv.(*types.Pointer); ok {
		recv, star = p.Elem(), "*"
	}
	tn := types.TypeString(recv, func(*types.Package) string { return "" })
	if star != "" {
		return fmt.Sprintf("%s.(*%s).%s", fn.Pkg().Path(), tn, fn.Name())
	}
	return fmt.Sprintf("%s.%s.%s", fn.Pkg().Path(), tn, fn.Name())
}

// shortName trims the package path to its last element:
// example.com/app/store.(*Store).ListProjects → store.(*Store).ListProjects.
func shortName(q string) string {
	if i := strings.LastIndex(q, "/"); i >= 0 {
		return q[i+1:]
	}
	return q
}

// displayName is a function's name for messages: store.ListProjects.
func displayName(q string) string {
	s := shortName(q)
	if i := strings.Index(s, ".("); i >= 0 {
		if j := strings.Index(s[i:], ")."); j >= 0 {
			return s[:i] + "." + s[i+j+2:]
		}
	}
	return s
}

func (c *checker) report(h *hit, res *Result) {
	whose := "the request's context"
	if !h.reach.request {
		whose = "the context " + h.reach.ctx
	}
	what, stop := "the query", "when the client goes away"
	if !h.reach.request {
		stop = "when " + h.reach.ctx + " is cancelled"
	}
	var msg string
	d := analysis.Diagnostic{Pos: h.call.Pos(), End: h.call.End(), Category: Rule}
	switch h.kind {
	case HTTPShortcut, NewRequest:
		what = "the outbound request"
		if h.kind == NewRequest {
			msg = fmt.Sprintf("http.NewRequest builds a request without %s (use NewRequestWithContext); %s %s keeps running", whose, stop, what)
		} else {
			msg = fmt.Sprintf("%s does not pass %s; %s %s keeps running", h.name, whose, stop, what)
		}
	case Gorm:
		msg = fmt.Sprintf("gorm's %s on %s does not pass %s (no WithContext); %s %s keeps running", h.meth, types.ExprString(h.root), whose, stop, what)
	case Background:
		msg = fmt.Sprintf("%s is given context.Background() instead of %s; %s %s keeps running", h.name, whose, stop, what)
		if h.meth == "NewRequestWithContext" {
			msg = fmt.Sprintf("%s is given context.Background() instead of %s; %s the outbound request keeps running", h.name, whose, stop)
		}
	case Callee:
		in := h.fact.Inner
		if strings.HasPrefix(in.Call, "http.") || strings.HasSuffix(in.Call, ".Do") {
			what = "its outbound request"
		} else {
			what = "its query"
		}
		msg = fmt.Sprintf("%s cannot take %s: it takes no context and calls %s without one; %s %s keeps running",
			displayName(h.callee), whose, in.Call, stop, what)
		if c.resolvable(in) {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: in.Pos, End: in.Pos, Message: in.Call + " without a context"})
		}
	default:
		msg = fmt.Sprintf("%s does not pass %s (use %s); %s %s keeps running", h.name, whose, h.repl, stop, what)
	}
	d.Message = msg
	fixes := c.fixes(h)
	patterns.Attach(c.pass, &d, fixes)
	c.pass.Report(d)
	res.Findings = append(res.Findings, &Finding{
		Kind: h.kind, Func: h.fn, Call: h.call, Method: h.meth, Replacement: h.repl, Root: h.root, Arg: h.arg,
		Ctx: h.reach.ctx, RequestContext: h.reach.request, Callee: h.callee, Inner: h.innerOrZero(), Fixes: fixes,
	})
	if len(fixes) > 0 {
		res.sites = append(res.sites, patterns.Site{Rule: Rule, Pos: d.Pos, End: d.End, Fixes: fixes})
	}
}

func (h *hit) innerOrZero() Inner {
	if h.fact != nil {
		return h.fact.Inner
	}
	return Inner{}
}

// resolvable: the inner call's position belongs to this driver's FileSet.
func (c *checker) resolvable(in Inner) bool {
	if !in.Pos.IsValid() {
		return false
	}
	f := c.pass.Fset.File(in.Pos)
	return f != nil && f.Name() == in.Position.Filename && c.pass.Fset.Position(in.Pos).Line == in.Position.Line
}
