package timeouts

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"go/version"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/astx"
	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

// FixSites returns one site per finding with its fix, server/timeouts.
func (r *Result) FixSites() []patterns.Site {
	var out []patterns.Site
	for _, f := range r.Findings {
		if len(f.Fixes) > 0 {
			out = append(out, patterns.Site{Rule: Rule, Pos: f.Node.Pos(), End: f.Node.End(), Fixes: f.Fixes})
		}
	}
	return out
}

var _ patterns.Sites = (*Result)(nil)

// StreamsFact marks a package whose handlers stream responses or hold
// connections open: they flush, hijack, upgrade to WebSocket, or serve
// net/http/pprof, whose profiles take 30s by default. A ReadTimeout or
// WriteTimeout on a server of such handlers cuts the streams off, so
// server/timeouts sets only ReadHeaderTimeout and IdleTimeout there.
type StreamsFact struct {
	What string // the first streaming call seen, for the fact's String
}

// AFact marks StreamsFact as an analysis fact.
func (*StreamsFact) AFact()           {}
func (f *StreamsFact) String() string { return "streams(" + f.What + ")" }

// streamingCall names a call that streams a response: a Flush or Hijack
// of a response writer, http.NewResponseController, gin's Stream and
// SSEvent, or a WebSocket upgrade.
func streamingCall(info *types.Info, call *ast.CallExpr) string {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	path, name := fn.Pkg().Path(), fn.Name()
	recv := fn.Signature().Recv()
	switch {
	case strings.Contains(path, "websocket") && (name == "Upgrade" || name == "Accept"):
		return path + "." + name
	case path == httpx.NetHTTP && name == "NewResponseController":
		return "http.NewResponseController"
	case recv != nil && (name == "Flush" || name == "Hijack") && streamsThrough(recv.Type()):
		return name
	case recv != nil && path == httpx.Gin && (name == "Stream" || name == "SSEvent"):
		return "gin " + name
	}
	return ""
}

// streamsThrough: t is http.Flusher, http.Hijacker, a response writer or
// echo's Response, whose Flush and Hijack reach the connection.
func streamsThrough(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	return httpx.IsNamed(t, httpx.NetHTTP, "Flusher") || httpx.IsNamed(t, httpx.NetHTTP, "Hijacker") ||
		httpx.IsResponseWriter(t) || httpx.IsNamed(t, httpx.Echo, "Response") ||
		httpx.IsNamed(t, httpx.Gin, "ResponseWriter")
}

// wrapperMethods are the methods of response writer wrappers, which pass
// Flush and Hijack on without streaming anything themselves.
var wrapperMethods = map[string]bool{"Flush": true, "FlushError": true, "Hijack": true, "Push": true, "Unwrap": true}

// streams reports whether the package or a package it depends on streams
// responses, and exports the fact for this package's dependents. Routers
// and the standard library are no evidence: they flush for whoever asks.
func (c *checker) streams() bool {
	if c.streaming != nil {
		return *c.streaming
	}
	found := ""
	if _, framework := httpx.FrameworkOf(c.pass.Pkg.Path()); !framework && !c.inGOROOT() {
		for _, f := range c.pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && wrapperMethods[fd.Name.Name] {
					continue
				}
				ast.Inspect(d, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok && found == "" {
						found = streamingCall(c.pass.TypesInfo, call)
					}
					return found == ""
				})
			}
		}
	}
	if found == "" && slices.ContainsFunc(c.pass.Pkg.Imports(), func(p *types.Package) bool { return p.Path() == "net/http/pprof" }) {
		// /debug/pprof/profile and /trace answer after 30s by default.
		found = "net/http/pprof"
	}
	if found != "" {
		c.pass.ExportPackageFact(&StreamsFact{What: found})
	}
	s := found != "" || slices.ContainsFunc(c.pass.AllPackageFacts(), func(pf analysis.PackageFact) bool {
		_, ok := pf.Fact.(*StreamsFact)
		return ok && c.sameModule(pf.Package)
	})
	c.streaming = &s
	return s
}

// sameModule reports whether pkg belongs to the module of the package
// under analysis: the libraries it uses (h2c, HTTP/3, SSE helpers) flush
// and hijack for their own callers, which is no evidence about this
// program's handlers, and drivers that load them from export data never
// see them.
func (c *checker) sameModule(pkg *types.Package) bool {
	m := c.pass.Module
	if m == nil || m.Path == "" {
		return true
	}
	return pkg.Path() == m.Path || strings.HasPrefix(pkg.Path(), m.Path+"/")
}

// inGOROOT reports whether the package is part of the standard library.
func (c *checker) inGOROOT() bool {
	goroot := build.Default.GOROOT
	if goroot == "" || len(c.pass.Files) == 0 {
		return false
	}
	name := c.pass.Fset.File(c.pass.Files[0].Pos()).Name()
	return strings.HasPrefix(name, filepath.Join(goroot, "src")+string(filepath.Separator))
}

// timeoutsFor returns the fields server/timeouts sets for missing: all of
// them, or without ReadTimeout and WriteTimeout when handlers stream.
func (c *checker) timeoutsFor(missing []string) []string {
	if !c.streams() {
		return missing
	}
	return slices.DeleteFunc(slices.Clone(missing), func(f string) bool { return f == "ReadTimeout" || f == "WriteTimeout" })
}

// fix returns the server/timeouts fix of a finding.
func (c *checker) fix(f *Finding) (patterns.ServerTimeoutsParams, bool) {
	p := patterns.ServerTimeoutsParams{Missing: c.timeoutsFor(f.Missing)}
	switch f.Kind {
	case Literal:
		p.Lit = f.Lit.Pos()
		return p, true
	case ZeroVar:
		stmt, ok := c.blockStmt(f.Call)
		if !ok {
			return p, false
		}
		p.Server, p.Before = patterns.Snippet{Src: f.Var.Name()}, stmt.Pos()
		return p, true
	case Echo:
		sel, ok := ast.Unparen(f.Call.Fun).(*ast.SelectorExpr)
		if !ok || !c.plainChain(sel.X) {
			return p, false
		}
		stmt, ok := c.blockStmt(f.Call)
		if !ok {
			return p, false
		}
		p.Server, p.Before = patterns.Snippet{Src: types.ExprString(sel.X) + "." + f.Field}, stmt.Pos()
		return p, true
	case ServeFunc, Gin:
		return c.declare(f, p)
	}
	return p, false
}

// declare fills the shape that replaces a call starting a default server
// with a declared http.Server.
func (c *checker) declare(f *Finding, p patterns.ServerTimeoutsParams) (patterns.ServerTimeoutsParams, bool) {
	call := f.Call
	stmt, ok := c.blockStmt(call)
	if !ok || !c.visibleAt(call.Args, stmt) {
		return p, false
	}
	arg := func(i int) patterns.Arg { return patterns.Arg{Expr: call.Args[i].Pos(), End: call.Args[i].End()} }
	field := func(name string, i int) patterns.ServerField { return patterns.ServerField{Name: name, Value: arg(i)} }
	handler := func(i int) []patterns.ServerField {
		if id, ok := ast.Unparen(call.Args[i]).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == types.Universe.Lookup("nil") {
			return nil // the DefaultServeMux, as with a nil Handler
		}
		return []patterns.ServerField{field("Handler", i)}
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return p, false
	}
	switch f.Kind {
	case ServeFunc:
		switch fn.Name() {
		case "ListenAndServe": // (addr, handler)
			p.Fields = append([]patterns.ServerField{field("Addr", 0)}, handler(1)...)
		case "ListenAndServeTLS": // (addr, certFile, keyFile, handler)
			p.Fields = append([]patterns.ServerField{field("Addr", 0)}, handler(3)...)
			p.MethodArgs = []patterns.Arg{arg(1), arg(2)}
		case "Serve": // (l, handler)
			p.Fields, p.MethodArgs = handler(1), []patterns.Arg{arg(0)}
		case "ServeTLS": // (l, handler, certFile, keyFile)
			p.Fields, p.MethodArgs = handler(1), []patterns.Arg{arg(0), arg(2), arg(3)}
		default:
			return p, false
		}
		p.Method = fn.Name()
	case Gin:
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !c.visibleAt([]ast.Expr{sel.X}, stmt) {
			return p, false
		}
		engine := patterns.ServerField{Name: "Handler", Value: patterns.Arg{Expr: sel.X.Pos(), End: sel.X.End()}, Call: "Handler"}
		switch {
		case fn.Name() == "Run" && len(call.Args) == 1 && !call.Ellipsis.IsValid():
			p.Fields = []patterns.ServerField{field("Addr", 0), engine}
		case fn.Name() == "Run" && len(call.Args) == 0 && c.atLeastGo(stmt, "go1.22"):
			// gin's own rule for no address: $PORT, else 8080.
			addr := patterns.Snippet{Src: `":" + cmp.Or(os.Getenv("PORT"), "8080")`, Imports: map[string]string{"cmp": "cmp", "os": "os"}}
			p.Fields = []patterns.ServerField{{Name: "Addr", Value: patterns.Arg{Src: addr}}, engine}
		case fn.Name() == "RunTLS" && len(call.Args) == 3:
			p.Fields = []patterns.ServerField{field("Addr", 0), engine}
			p.MethodArgs = []patterns.Arg{arg(1), arg(2)}
			p.Method = "ListenAndServeTLS"
		case fn.Name() == "RunListener" && len(call.Args) == 1:
			p.Fields, p.MethodArgs, p.Method = []patterns.ServerField{engine}, []patterns.Arg{arg(0)}, "Serve"
		default:
			return p, false
		}
		if p.Method == "" {
			p.Method = "ListenAndServe"
		}
	}
	name, ok := c.freeName(call, "srv", "server", "httpServer")
	if !ok || c.hasComments(call, p) {
		return p, false
	}
	p.Call, p.CallEnd, p.Before, p.Var = call.Pos(), call.End(), stmt.Pos(), name
	return p, true
}

// blockStmt returns the statement holding n that sits in a block or case
// clause, where statements can go before it.
func (c *checker) blockStmt(n ast.Node) (ast.Stmt, bool) {
	file := c.fileOf(n.Pos())
	if file == nil {
		return nil, false
	}
	if stmts := astx.Placeable(file, n.Pos(), n.End(), nil); len(stmts) > 0 {
		return stmts[0], true
	}
	return nil, false
}

func (c *checker) fileOf(pos token.Pos) *ast.File { return astx.FileOf(c.pass.Files, pos) }

// visibleAt reports whether every variable the expressions use is declared
// before stmt, so that they can move in front of it.
func (c *checker) visibleAt(exprs []ast.Expr, stmt ast.Stmt) bool {
	ok := true
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			id, isID := n.(*ast.Ident)
			if !isID || !ok {
				return ok
			}
			if v, isVar := c.pass.TypesInfo.Uses[id].(*types.Var); isVar && !v.IsField() && v.Pos() >= stmt.Pos() && v.Pos() < stmt.End() {
				ok = false
			}
			return ok
		})
	}
	return ok
}

// plainChain: e is a variable or a chain of its fields (e, s.echo), which
// names the same echo instance before the call as in it.
func (c *checker) plainChain(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		_, ok := c.pass.TypesInfo.Uses[x].(*types.Var)
		return ok
	case *ast.SelectorExpr:
		s := c.pass.TypesInfo.Selections[x]
		return s != nil && s.Kind() == types.FieldVal && c.plainChain(x.X)
	}
	return false
}

// freeName returns the first of names that nothing visible at call, nor
// declared later in its scope, already uses.
func (c *checker) freeName(call *ast.CallExpr, names ...string) (string, bool) {
	scope := c.pass.Pkg.Scope().Innermost(call.Pos())
	if scope == nil {
		return "", false
	}
	for _, name := range names {
		if _, obj := scope.LookupParent(name, token.NoPos); obj == nil {
			return name, true
		}
	}
	return "", false
}

// atLeastGo reports whether the file of n is compiled at version v or later.
func (c *checker) atLeastGo(n ast.Node, v string) bool {
	file := c.fileOf(n.Pos())
	if file == nil {
		return false
	}
	fv := c.pass.TypesInfo.FileVersions[file]
	if fv == "" {
		fv = c.pass.Pkg.GoVersion()
	}
	return fv != "" && version.Compare(fv, v) >= 0
}

// hasComments reports whether a comment lies in the call outside the
// arguments the fix moves: it would be lost with the call.
func (c *checker) hasComments(call *ast.CallExpr, p patterns.ServerTimeoutsParams) bool {
	file := c.fileOf(call.Pos())
	var moved [][2]token.Pos
	for _, f := range p.Fields {
		moved = append(moved, [2]token.Pos{f.Value.Expr, f.Value.End})
	}
	for _, a := range p.MethodArgs {
		moved = append(moved, [2]token.Pos{a.Expr, a.End})
	}
	for _, cg := range file.Comments {
		if cg.Pos() < call.Pos() || cg.End() > call.End() {
			continue
		}
		if !slices.ContainsFunc(moved, func(m [2]token.Pos) bool { return m[0] <= cg.Pos() && cg.End() <= m[1] }) {
			return true
		}
	}
	return false
}
