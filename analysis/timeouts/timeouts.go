package timeouts

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

//go:embed doc.go
var docSource string

// Rule is the rule ID, used as Diagnostic.Category.
const Rule = "server-timeouts"

// Analyzer reports HTTP servers started without a read timeout.
var Analyzer = &analysis.Analyzer{
	Name:       "servertimeouts",
	Doc:        analysisDoc(docSource),
	URL:        "https://pkg.go.dev/github.com/prodready/prodready/analysis/timeouts",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(StreamsFact)},
	ResultType: reflect.TypeFor[*Result](),
}

// Result lists the package's findings with what the server/timeouts fix
// pattern needs.
type Result struct {
	Findings []*Finding
}

// Kind says what shape of server start a finding is.
type Kind int

// The finding shapes.
const (
	// ServeFunc: http.ListenAndServe(addr, h) and friends (Call is set).
	ServeFunc Kind = iota + 1
	// Literal: an http.Server composite literal (Lit is set).
	Literal
	// ZeroVar: `var srv http.Server` started in the function (Var and Call
	// are set; Call is srv.ListenAndServe() or similar).
	ZeroVar
	// Gin: (*gin.Engine).Run, RunTLS or RunListener (Call is set).
	Gin
	// Echo: (*echo.Echo).Start or StartTLS (Call is set; Field is the
	// echo field holding the server, "Server" or "TLSServer").
	Echo
)

// Finding is one reported server.
type Finding struct {
	Kind Kind
	// Node is the reported node: Call, or Lit (with its & when present).
	Node ast.Node
	// Call is the call that starts the server (nil for Literal).
	Call *ast.CallExpr
	// Lit is the http.Server literal (Literal only).
	Lit *ast.CompositeLit
	// Var is the zero http.Server variable (ZeroVar only).
	Var *types.Var
	// Field is, for Echo, the field of *echo.Echo that holds the server.
	Field string
	// Callee names the starting call for messages: "http.ListenAndServe",
	// "gin Engine.Run", "echo Echo.Start"; empty for Literal.
	Callee string
	// Missing lists the unset timeout fields, in the order of
	// TimeoutFields. It always holds ReadHeaderTimeout and ReadTimeout.
	Missing []string
	// Fixes are the patterns that apply: server/timeouts, when the site
	// can be rewritten.
	Fixes []patterns.Fix
}

// TimeoutFields are the http.Server fields the rule looks at.
var TimeoutFields = []string{"ReadHeaderTimeout", "ReadTimeout", "WriteTimeout", "IdleTimeout"}

// analysisDoc extracts the package comment of doc.go.
func analysisDoc(src string) string {
	start := strings.Index(src, "/*")
	end := strings.Index(src, "*/")
	if start < 0 || end < start {
		return "reports HTTP servers started without a read timeout"
	}
	return strings.TrimSpace(src[start+2 : end])
}

// checker holds the state of one run.
type checker struct {
	pass *analysis.Pass
	res  *Result
	// set maps a key (a variable, or a struct field such as echo's
	// Echo.Server or a config struct's field) to the timeout fields set on
	// the server it holds, anywhere in the package.
	set map[types.Object]map[string]bool
	// escaped holds variables handed to other functions or copied: their
	// timeouts may be set where this analysis does not look.
	escaped map[types.Object]bool
	pairs   map[pair]types.Object
	holds   map[typeKey]bool // holdsServer's answers
	// streaming caches streams(): whether handlers seen from here stream.
	streaming *bool
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	if !httpx.ImportsHTTP(pass.Pkg) {
		return res, nil
	}
	c := &checker{pass: pass, res: res, set: map[types.Object]map[string]bool{}, escaped: map[types.Object]bool{}, pairs: map[pair]types.Object{}, holds: map[typeKey]bool{}}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c.streams() // export the fact for dependents, findings or not

	// First pass: what is set where, and which variables escape.
	ins.WithStack([]ast.Node{(*ast.AssignStmt)(nil), (*ast.CompositeLit)(nil), (*ast.Ident)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push || c.inTestFile(n) {
			return true
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			c.assignment(n)
		case *ast.CompositeLit:
			if c.isServerLit(n) {
				fields := litFields(n)
				for _, k := range c.destKeys(n, stack) {
					c.mark(k, fields)
				}
			}
		case *ast.Ident:
			c.escape(n, stack)
		}
		return true
	})

	// Second pass: report.
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil), (*ast.CompositeLit)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push || c.inTestFile(n) {
			return true
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			c.call(n)
		case *ast.CompositeLit:
			if c.isServerLit(n) {
				c.literal(n, stack)
			}
		}
		return true
	})
	return res, nil
}

func (c *checker) inTestFile(n ast.Node) bool {
	f := c.pass.Fset.File(n.Pos())
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

func isHTTPServer(t types.Type) bool { return httpx.IsNamed(t, httpx.NetHTTP, "Server") }

func (c *checker) isServerLit(lit *ast.CompositeLit) bool {
	t := c.pass.TypesInfo.TypeOf(lit)
	_, isPtr := t.(*types.Pointer)
	return t != nil && !isPtr && isHTTPServer(t)
}

func isTimeoutField(name string) bool {
	for _, f := range TimeoutFields {
		if f == name {
			return true
		}
	}
	return false
}

// litFields lists the timeout fields a literal sets (to anything: a
// configured value of zero is the user's decision).
func litFields(lit *ast.CompositeLit) map[string]bool {
	out := map[string]bool{}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && isTimeoutField(id.Name) {
				out[id.Name] = true
			}
		}
	}
	return out
}

func (c *checker) mark(k types.Object, fields map[string]bool) {
	if k == nil || len(fields) == 0 {
		return
	}
	m := c.set[k]
	if m == nil {
		m = map[string]bool{}
		c.set[k] = m
	}
	for f := range fields {
		m[f] = true
	}
}

// assignment records `X.ReadHeaderTimeout = v` (X an http.Server, possibly
// reached through fields or embedding) under every variable and field of
// the chain X, and `X = Y` for a server value Y that copies its fields.
func (c *checker) assignment(as *ast.AssignStmt) {
	for _, lhs := range as.Lhs {
		sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
		if !ok || !isTimeoutField(sel.Sel.Name) {
			continue
		}
		s := c.pass.TypesInfo.Selections[sel]
		if s == nil || s.Kind() != types.FieldVal {
			continue
		}
		field, _ := s.Obj().(*types.Var)
		if field == nil || field.Pkg() == nil || field.Pkg().Path() != httpx.NetHTTP {
			continue
		}
		fields := map[string]bool{sel.Sel.Name: true}
		c.markChain(sel.X, fields)
		// Promoted through embedded fields: cfg.ReadTimeout where cfg's type
		// embeds http.Server.
		if idx := s.Index(); len(idx) > 1 {
			t := s.Recv()
			for _, i := range idx[:len(idx)-1] {
				st, ok := derefStruct(t)
				if !ok {
					break
				}
				f := st.Field(i)
				c.mark(f, fields)
				t = f.Type()
			}
		}
	}
}

func derefStruct(t types.Type) (*types.Struct, bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	return st, ok
}

// markChain records fields as set on the server reached by e, under every
// object of its chain and under the pair of its root variable and first
// field (e.Server), which tells one echo instance from another.
func (c *checker) markChain(e ast.Expr, fields map[string]bool) {
	for _, k := range c.chainKeys(e) {
		c.mark(k, fields)
	}
	if pk := c.pairKey(e); pk != nil {
		c.mark(pk, fields)
	}
}

// pair is the key of a variable's field: e.Server for the echo instance e.
type pair struct {
	root, field types.Object
}

// pairs interns pair keys as objects so that they share the set map.
func (c *checker) pairKey(e ast.Expr) types.Object {
	keys := c.chainKeys(e)
	if len(keys) < 2 {
		return nil
	}
	return c.pairOf(keys[len(keys)-1], keys[len(keys)-2])
}

func (c *checker) pairOf(root, field types.Object) types.Object {
	p := pair{root, field}
	if o, ok := c.pairs[p]; ok {
		return o
	}
	o := types.NewLabel(token.NoPos, nil, "pair")
	c.pairs[p] = o
	return o
}

// chainKeys lists the objects along a selector chain: for s.cfg.srv the
// variable s and the fields cfg and srv.
func (c *checker) chainKeys(e ast.Expr) []types.Object {
	var out []types.Object
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			if obj := c.pass.TypesInfo.ObjectOf(x); obj != nil {
				out = append(out, obj)
			}
			return out
		case *ast.SelectorExpr:
			if s := c.pass.TypesInfo.Selections[x]; s != nil && s.Kind() == types.FieldVal {
				out = append(out, s.Obj())
			}
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		default:
			return out
		}
	}
}

// destKeys says where a server literal is stored: the variable or field it
// is assigned to, and for a literal nested in a struct literal, the field
// it fills and the outer literal's own destinations.
func (c *checker) destKeys(lit *ast.CompositeLit, stack []ast.Node) []types.Object {
	var out []types.Object
	var node ast.Node = lit
	for i := len(stack) - 2; i >= 0; i-- {
		parent := stack[i]
		switch p := parent.(type) {
		case *ast.ParenExpr:
		case *ast.UnaryExpr:
			if p.Op != token.AND {
				return out
			}
		case *ast.KeyValueExpr:
			if p.Value != node {
				return out
			}
			if id, ok := p.Key.(*ast.Ident); ok {
				if obj := c.pass.TypesInfo.ObjectOf(id); obj != nil {
					if _, isField := obj.(*types.Var); isField {
						out = append(out, obj)
					}
				}
			}
		case *ast.CompositeLit:
			// Continue to the outer literal's destination.
		case *ast.AssignStmt:
			for j, r := range p.Rhs {
				if r == node && j < len(p.Lhs) {
					out = append(out, c.chainKeys(p.Lhs[j])...)
					if pk := c.pairKey(p.Lhs[j]); pk != nil {
						out = append(out, pk)
					}
				}
			}
			return out
		case *ast.ValueSpec:
			for j, v := range p.Values {
				if v == node && j < len(p.Names) {
					if obj := c.pass.TypesInfo.ObjectOf(p.Names[j]); obj != nil {
						out = append(out, obj)
					}
				}
			}
			return out
		default:
			return out
		}
		node = parent
	}
	return out
}

// escape marks a variable used as a call argument, copied into another
// variable, or stored in a struct: its timeouts may be set elsewhere.
func (c *checker) escape(id *ast.Ident, stack []ast.Node) {
	obj, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || obj.IsField() {
		return
	}
	if !c.holdsServer(obj.Type()) {
		return
	}
	var node ast.Node = id
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr, *ast.StarExpr:
			node = p
			continue
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				node = p
				continue
			}
		case *ast.CallExpr:
			for _, a := range p.Args {
				if a == node {
					c.escaped[obj] = true
				}
			}
		case *ast.AssignStmt:
			for _, r := range p.Rhs {
				if r == node {
					c.escaped[obj] = true
				}
			}
		case *ast.ValueSpec:
			for _, v := range p.Values {
				if v == node {
					c.escaped[obj] = true
				}
			}
		case *ast.CompositeLit, *ast.KeyValueExpr:
			c.escaped[obj] = true
		}
		return
	}
}

// holdsServer: an http.Server, a pointer to one, or a struct (or pointer)
// with one in a field at any depth (an echo instance, a config struct).
func (c *checker) holdsServer(t types.Type) bool {
	// Every use of a variable asks: remember the answer by type, so that
	// the fields of http.Request are not walked again for each r.
	k := typeKey{elem: types.Unalias(t)}
	if p, ok := k.elem.(*types.Pointer); ok {
		k = typeKey{elem: p.Elem(), ptr: true}
	}
	v, ok := c.holds[k]
	if !ok {
		v = holdsServer(t, 0)
		c.holds[k] = v
	}
	return v
}

// typeKey stands for a type and the pointers to it, which go/types makes
// anew for each *T written in the source.
type typeKey struct {
	elem types.Type
	ptr  bool
}

func holdsServer(t types.Type, depth int) bool {
	if depth > 3 {
		return false
	}
	if isHTTPServer(t) {
		return true
	}
	st, ok := derefStruct(t)
	if !ok {
		return false
	}
	for f := range st.Fields() {
		if holdsServer(f.Type(), depth+1) {
			return true
		}
	}
	return false
}

// readSet reports whether a read timeout is set under one of keys, and
// lists the missing fields.
func (c *checker) missing(fields map[string]bool, keys []types.Object) []string {
	have := map[string]bool{}
	for f := range fields {
		have[f] = true
	}
	for _, k := range keys {
		for f := range c.set[k] {
			have[f] = true
		}
	}
	if have["ReadHeaderTimeout"] || have["ReadTimeout"] {
		return nil
	}
	var out []string
	for _, f := range TimeoutFields {
		if !have[f] {
			out = append(out, f)
		}
	}
	return out
}

func (c *checker) anyEscaped(keys []types.Object) bool {
	for _, k := range keys {
		if c.escaped[k] {
			return true
		}
	}
	return false
}

func (c *checker) literal(lit *ast.CompositeLit, stack []ast.Node) {
	// The server of an httptest.Server literal belongs to tests.
	for i := len(stack) - 2; i >= 0; i-- {
		if outer, ok := stack[i].(*ast.CompositeLit); ok {
			if httpx.IsNamed(c.pass.TypesInfo.TypeOf(outer), "net/http/httptest", "Server") {
				return
			}
		}
	}
	keys := c.destKeys(lit, stack)
	if c.anyEscaped(keys) {
		return
	}
	miss := c.missing(litFields(lit), keys)
	if miss == nil {
		return
	}
	var node ast.Node = lit
	if len(stack) >= 2 {
		if u, ok := stack[len(stack)-2].(*ast.UnaryExpr); ok && u.Op == token.AND {
			node = u
		}
	}
	c.report(&Finding{Kind: Literal, Node: node, Lit: lit, Missing: miss},
		"http.Server "+describeMissing(miss))
}

var serveFuncs = map[string]bool{"ListenAndServe": true, "ListenAndServeTLS": true, "Serve": true, "ServeTLS": true}

func (c *checker) call(call *ast.CallExpr) {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return
	}
	sig := fn.Type().(*types.Signature)
	path := fn.Pkg().Path()
	switch {
	case path == httpx.NetHTTP && sig.Recv() == nil && serveFuncs[fn.Name()]:
		name := "http." + fn.Name()
		c.report(&Finding{Kind: ServeFunc, Node: call, Call: call, Callee: name, Missing: TimeoutFields},
			name+" uses a server with no timeouts; slow clients can hold connections open indefinitely (slowloris)")
	case path == httpx.NetHTTP && sig.Recv() != nil && serveFuncs[fn.Name()] && isHTTPServer(sig.Recv().Type()):
		c.zeroVarStart(call, fn)
	case path == httpx.Gin && sig.Recv() != nil && httpx.IsNamed(sig.Recv().Type(), httpx.Gin, "Engine"):
		switch fn.Name() {
		case "Run", "RunTLS", "RunListener":
			name := "gin Engine." + fn.Name()
			c.report(&Finding{Kind: Gin, Node: call, Call: call, Callee: name, Missing: TimeoutFields},
				name+" serves through an http.Server with no timeouts; slow clients can hold connections open indefinitely (slowloris)")
		}
	case httpx.SamePackage(path, httpx.Echo) && sig.Recv() != nil && httpx.IsNamed(sig.Recv().Type(), httpx.Echo, "Echo"):
		var field string
		switch fn.Name() {
		case "Start":
			field = "Server"
		case "StartTLS":
			field = "TLSServer"
		default:
			return
		}
		c.echoStart(call, fn, field)
	}
}

// zeroVarStart reports srv.ListenAndServe() on a `var srv http.Server`
// declared without a value, whose fields are set one by one.
func (c *checker) zeroVarStart(call *ast.CallExpr, fn *types.Func) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.IsField() || !isHTTPServer(v.Type()) {
		return
	}
	if _, isPtr := v.Type().(*types.Pointer); isPtr || !c.declaredZero(v) {
		return
	}
	keys := []types.Object{v}
	if c.anyEscaped(keys) {
		return
	}
	miss := c.missing(nil, keys)
	if miss == nil {
		return
	}
	c.report(&Finding{Kind: ZeroVar, Node: call, Call: call, Var: v, Callee: "http.Server." + fn.Name(), Missing: miss},
		fmt.Sprintf("http.Server %s %s", v.Name(), describeMissing(miss)))
}

// declaredZero reports whether v is declared by `var v http.Server`.
func (c *checker) declaredZero(v *types.Var) bool {
	for _, f := range c.pass.Files {
		if f.Pos() > v.Pos() || v.Pos() >= f.End() {
			continue
		}
		zero := false
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok {
				return !zero
			}
			for _, name := range spec.Names {
				if name.Pos() == v.Pos() && len(spec.Values) == 0 {
					zero = true
				}
			}
			return false
		})
		return zero
	}
	return false
}

// echoStart reports e.Start(addr) unless the function's package sets a read
// timeout on e.Server (e.TLSServer for StartTLS).
func (c *checker) echoStart(call *ast.CallExpr, fn *types.Func, field string) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	recv := c.pass.TypesInfo.TypeOf(sel.X)
	st, ok := derefStruct(recv)
	if !ok {
		return
	}
	var fieldObj types.Object
	for f := range st.Fields() {
		if f.Name() == field {
			fieldObj = f
		}
	}
	if fieldObj == nil {
		return
	}
	// The instance's own field (e.Server set in this function); the field of
	// any instance when this one is handed to a function that may set it.
	var key types.Object = fieldObj
	if keys := c.chainKeys(sel.X); len(keys) == 1 && !c.anyEscaped(keys) {
		key = c.pairOf(keys[0], fieldObj)
	}
	miss := c.missing(nil, []types.Object{key})
	if miss == nil {
		return
	}
	name := "echo Echo." + fn.Name()
	c.report(&Finding{Kind: Echo, Node: call, Call: call, Field: field, Callee: name, Missing: miss},
		fmt.Sprintf("%s serves through e.%s, which %s", name, field, describeMissing(miss)))
}

// describeMissing: "has no ReadHeaderTimeout or ReadTimeout (nor
// WriteTimeout, IdleTimeout); slow clients can …".
func describeMissing(miss []string) string {
	var rest []string
	for _, f := range miss {
		if f != "ReadHeaderTimeout" && f != "ReadTimeout" {
			rest = append(rest, f)
		}
	}
	s := "has no ReadHeaderTimeout or ReadTimeout"
	if len(rest) > 0 {
		s += " (nor " + strings.Join(rest, ", ") + ")"
	}
	return s + "; slow clients can hold connections open indefinitely (slowloris)"
}

func (c *checker) report(f *Finding, msg string) {
	if p, ok := c.fix(f); ok {
		f.Fixes = []patterns.Fix{p.Fix()}
	}
	d := analysis.Diagnostic{Pos: f.Node.Pos(), End: f.Node.End(), Category: Rule, Message: msg}
	patterns.Attach(c.pass, &d, f.Fixes)
	c.pass.Report(d)
	c.res.Findings = append(c.res.Findings, f)
}
