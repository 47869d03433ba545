package sqlconcat

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// pkgState holds the state of one pass.
type pkgState struct {
	pass    *analysis.Pass
	funcs   []*fnState
	byFunc  map[*types.Func]*fnState
	local   map[*types.Func]*FuncFact // facts of this package, being computed
	calls   map[*types.Func][]callRef // calls of this package's functions
	escapes map[*types.Func]bool      // functions used other than by a call
	consts  map[*types.Var]bool       // package maps and slices of constants, never assigned
	style   PlaceholderStyle          // evidence from imports, sql.Open and other queries
	final   bool                      // the last round: record findings
	// findings and flows are filled in the last round.
	findings []*Finding
	flows    []*Flow
	safeMemo map[paramKey]int8
	constSQL []string // the constant SQL text of the package's queries
	schema   *schema  // the tables and columns constSQL names, read on first use by a fix
}

type callRef struct {
	caller *fnState
	call   *ast.CallExpr
}

type paramKey struct {
	fn *types.Func
	i  int
}

// fnState is one declared function or method, with its nested func
// literals.
type fnState struct {
	p       *pkgState
	decl    *ast.FuncDecl
	fn      *types.Func
	params  []*types.Var
	recv    *types.Var
	assigns map[*types.Var][]assign
	guarded map[*types.Var]bool
	addr    map[*types.Var]bool // variables whose address is taken (Scan(&v))
	memo    map[*types.Var]Source
	busy    map[*types.Var]bool
	// handlers maps handler func literals and the declaration itself, when
	// it is a handler, to their request parameter types.
	handlers []ast.Node
	uses     []ParamUse
}

// assign is one way a variable gets a value, in source order.
type assign struct {
	rhs ast.Expr
	// node is the statement or call that assigns (for +=, WriteString).
	node ast.Node
	// add is true when rhs is appended to the variable's text (+=,
	// q = q + …, WriteString, append): the variable keeps its old value.
	add bool
	// parts are the appended operands of q = q + a + b (rhs is then the
	// whole right-hand side).
	parts []ast.Expr
	// fprintf: fmt.Fprintf(&b, format, args) writes; rhs is the call.
	fprintf bool
}

func newPkgState(pass *analysis.Pass) *pkgState {
	p := &pkgState{
		pass: pass, byFunc: map[*types.Func]*fnState{}, local: map[*types.Func]*FuncFact{},
		calls: map[*types.Func][]callRef{}, escapes: map[*types.Func]bool{}, consts: map[*types.Var]bool{},
		safeMemo: map[paramKey]int8{},
	}
	p.collectConsts()
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			fs := &fnState{p: p, decl: decl}
			fs.fn, _ = pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if fs.fn == nil {
				continue
			}
			sig := fs.fn.Type().(*types.Signature)
			fs.recv = sig.Recv()
			for v := range sig.Params().Variables() {
				fs.params = append(fs.params, v)
			}
			fs.collect()
			p.funcs = append(p.funcs, fs)
			p.byFunc[fs.fn] = fs
		}
	}
	p.collectCalls()
	p.style = p.packageStyle()
	return p
}

// computeFacts iterates the package's function facts to a fixed point
// (bounded: call chains inside one package are short), exports them, and
// records findings in a last round.
func (p *pkgState) computeFacts() {
	for range 6 {
		changed := false
		for _, fs := range p.funcs {
			f := fs.analyze()
			if !f.equal(p.local[fs.fn]) {
				p.local[fs.fn] = f
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	p.final = true
	for _, fs := range p.funcs {
		f := fs.analyze()
		if !f.empty() {
			p.pass.ExportObjectFact(fs.fn, f)
		}
	}
}

// factOf returns the fact of fn: computed in this pass or imported.
func (p *pkgState) factOf(fn *types.Func) *FuncFact {
	fn = fn.Origin()
	if f, ok := p.local[fn]; ok {
		return f
	}
	if fn.Pkg() == p.pass.Pkg {
		return nil
	}
	f := new(FuncFact)
	if p.pass.ImportObjectFact(fn, f) {
		return f
	}
	return nil
}

// collectConsts finds package-level maps and slices whose literal holds
// only constants and which are never assigned again: allow-lists.
func (p *pkgState) collectConsts() {
	info := p.pass.TypesInfo
	assigned := map[*types.Var]bool{}
	for _, f := range p.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if id, ok := rootIdent(l); ok {
						if v, ok := info.Uses[id].(*types.Var); ok {
							assigned[v] = true
						}
					}
				}
			case *ast.GenDecl:
				if n.Tok != token.VAR {
					return true
				}
				for _, s := range n.Specs {
					vs := s.(*ast.ValueSpec)
					for i, name := range vs.Names {
						v, ok := info.Defs[name].(*types.Var)
						if ok && i < len(vs.Values) && v.Parent() == p.pass.Pkg.Scope() && constLiteral(info, vs.Values[i]) {
							p.consts[v] = true
						}
					}
				}
			}
			return true
		})
	}
	for v := range assigned {
		delete(p.consts, v)
	}
}

// constLiteral reports a map or slice literal whose values are constants
// (or nested literals of constants).
func constLiteral(info *types.Info, e ast.Expr) bool {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return false
	}
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		if tv, ok := info.Types[el]; ok && tv.Value != nil {
			continue
		}
		if !constLiteral(info, el) {
			return false
		}
	}
	return true
}

func rootIdent(e ast.Expr) (*ast.Ident, bool) {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x, true
		case *ast.IndexExpr:
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil, false
		}
	}
}

// collectCalls records the calls of this package's functions, and the
// functions used as values (their callers are unknown).
func (p *pkgState) collectCalls() {
	info := p.pass.TypesInfo
	for _, fs := range p.funcs {
		callees := map[*ast.Ident]bool{}
		ast.Inspect(fs.decl.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn := calleeFunc(info, call); fn != nil && fn.Pkg() == p.pass.Pkg {
					p.calls[fn.Origin()] = append(p.calls[fn.Origin()], callRef{fs, call})
					switch f := ast.Unparen(call.Fun).(type) {
					case *ast.Ident:
						callees[f] = true
					case *ast.SelectorExpr:
						callees[f.Sel] = true
					case *ast.IndexExpr:
						if id, ok := f.X.(*ast.Ident); ok {
							callees[id] = true
						}
					}
				}
			}
			return true
		})
		ast.Inspect(fs.decl.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && !callees[id] {
				if fn, ok := info.Uses[id].(*types.Func); ok && fn.Pkg() == p.pass.Pkg {
					p.escapes[fn.Origin()] = true
				}
			}
			return true
		})
	}
}

// collect records the function's assignments, builder writes, guards and
// handlers.
func (fs *fnState) collect() {
	info := fs.p.pass.TypesInfo
	fs.assigns = map[*types.Var][]assign{}
	fs.guarded = map[*types.Var]bool{}
	fs.addr = map[*types.Var]bool{}
	if _, ok := httpx.ParamsOf(info, fs.decl); ok {
		fs.handlers = append(fs.handlers, fs.decl)
	}
	add := func(l ast.Expr, a assign) {
		if v := fs.localVar(l); v != nil {
			fs.assigns[v] = append(fs.assigns[v], a)
			return
		}
		// x[i] = v, x.f = v: the container holds v too.
		if id, ok := rootIdent(l); ok {
			if v, ok := info.ObjectOf(id).(*types.Var); ok && !v.IsField() && ast.Unparen(l) != ast.Expr(id) {
				a.add = true
				fs.assigns[v] = append(fs.assigns[v], a)
			}
		}
	}
	ast.Inspect(fs.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if _, ok := httpx.ParamsOf(info, n); ok {
				fs.handlers = append(fs.handlers, n)
			}
		case *ast.AssignStmt:
			switch {
			case n.Tok == token.ADD_ASSIGN && len(n.Lhs) == 1:
				add(n.Lhs[0], assign{rhs: n.Rhs[0], node: n, add: true})
			case len(n.Lhs) == len(n.Rhs):
				for i, l := range n.Lhs {
					a := assign{rhs: n.Rhs[i], node: n}
					if v := fs.localVar(l); v != nil {
						if rest, ok := fs.selfAppend(v, n.Rhs[i]); ok {
							a.parts, a.add = rest, true
						}
					}
					add(l, a)
				}
			case len(n.Rhs) == 1:
				// col, ok := m[k]; q, args, err := sqlx.In(q, ids); v, err := f().
				rhs := n.Rhs[0]
				if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok {
					if fn := calleeFunc(info, call); fn != nil {
						if i, ok := passThroughSQL(fn); ok && fn.Name() == "In" && i < len(call.Args) {
							rhs = call.Args[i]
						}
					}
				}
				add(n.Lhs[0], assign{rhs: rhs, node: n})
				for _, l := range n.Lhs[1:] {
					if v := fs.localVar(l); v != nil && canInject(v.Type()) {
						fs.assigns[v] = append(fs.assigns[v], assign{rhs: nil, node: n})
					}
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				v, ok := info.Defs[name].(*types.Var)
				if !ok {
					continue
				}
				switch {
				case len(n.Values) == len(n.Names):
					fs.assigns[v] = append(fs.assigns[v], assign{rhs: n.Values[i], node: n})
				case len(n.Values) == 0:
					// The zero value: safe, nothing to record.
				default:
					fs.assigns[v] = append(fs.assigns[v], assign{rhs: nil, node: n})
				}
			}
		case *ast.RangeStmt:
			// for _, c := range cols: c holds elements of cols.
			if n.Value != nil {
				add(n.Value, assign{rhs: n.X, node: n})
			}
			if n.Key != nil && n.Value == nil {
				if t, ok := typeUnder(info.TypeOf(n.X)).(*types.Map); ok && canInject(t.Key()) {
					add(n.Key, assign{rhs: nil, node: n})
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := fs.localVar(n.X); v != nil {
					fs.addr[v] = true
				}
			}
		case *ast.CallExpr:
			fs.collectWrite(n)
		}
		return true
	})
	fs.collectGuards()
}

// collectWrite records strings.Builder and bytes.Buffer writes, and
// fmt.Fprintf into them, as appends to the builder variable.
func (fs *fnState) collectWrite(call *ast.CallExpr) {
	info := fs.p.pass.TypesInfo
	fn := calleeFunc(info, call)
	if fn == nil || fn.Pkg() == nil {
		return
	}
	if fn.Pkg().Path() == "fmt" && (fn.Name() == "Fprintf" || fn.Name() == "Fprint") && len(call.Args) > 1 {
		if v := fs.builderVar(call.Args[0]); v != nil {
			fs.assigns[v] = append(fs.assigns[v], assign{rhs: call, node: call, add: true, fprintf: true})
		}
		return
	}
	if !isBuilder(recvType(fn)) || len(call.Args) != 1 {
		return
	}
	switch fn.Name() {
	case "WriteString", "Write", "WriteByte", "WriteRune":
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return
		}
		if v := fs.builderVar(sel.X); v != nil {
			fs.assigns[v] = append(fs.assigns[v], assign{rhs: call.Args[0], node: call, add: true})
		}
	}
}

func recvType(fn *types.Func) types.Type {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return nil
	}
	return sig.Recv().Type()
}

// isBuilder reports strings.Builder and bytes.Buffer (or pointers to them).
func isBuilder(t types.Type) bool {
	return t != nil && (httpx.IsNamed(t, "strings", "Builder") || httpx.IsNamed(t, "bytes", "Buffer"))
}

// builderVar returns the local builder variable e denotes (b, &b).
func (fs *fnState) builderVar(e ast.Expr) *types.Var {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	v := fs.localVar(e)
	if v == nil || !isBuilder(v.Type()) {
		return nil
	}
	return v
}

// localVar returns the variable an identifier denotes, when it is local to
// the function or one of its parameters (not a field, not package-level).
func (fs *fnState) localVar(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := fs.p.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if v == nil || v.IsField() || v.Parent() == fs.p.pass.Pkg.Scope() || v.Pkg() != fs.p.pass.Pkg {
		return nil
	}
	return v
}

// selfAppend recognises q = q + x (+ y …): it returns the appended
// operands.
func (fs *fnState) selfAppend(v *types.Var, rhs ast.Expr) ([]ast.Expr, bool) {
	ops := addOperands(rhs)
	if len(ops) < 2 || fs.localVar(ops[0]) != v {
		return nil, false
	}
	return ops[1:], true
}

// addOperands flattens a + chain into its operands, left to right; a
// non-+ expression is its own single operand.
func addOperands(e ast.Expr) []ast.Expr {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok || b.Op != token.ADD {
		return []ast.Expr{e}
	}
	return append(addOperands(b.X), addOperands(b.Y)...)
}

// paramIndex returns the index of v among the function's parameters, -1.
func (fs *fnState) paramIndex(v *types.Var) int {
	return slices.Index(fs.params, v)
}

// handlerOf returns the handler (declaration or literal) holding pos.
func (fs *fnState) handlerOf(pos token.Pos) ast.Node {
	var best ast.Node
	for _, h := range fs.handlers {
		if h.Pos() <= pos && pos < h.End() && (best == nil || h.Pos() > best.Pos()) {
			best = h
		}
	}
	return best
}

// funcNode returns the innermost function (literal or declaration) that
// holds pos.
func (fs *fnState) funcNode(pos token.Pos) ast.Node {
	var best ast.Node = fs.decl
	ast.Inspect(fs.decl.Body, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok {
			best = lit
		}
		return true
	})
	return best
}

func (fs *fnState) name() string { return shortName(fs.fn) }

// shortName is pkg.Name for messages: store.ListTasks.
func shortName(fn *types.Func) string {
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}
