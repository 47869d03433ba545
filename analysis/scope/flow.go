package scope

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// analyzer holds the state of one pass.
type analyzer struct {
	pass        *analysis.Pass
	owners      []string
	ownerFields map[string]bool
	userFrom    string
	userNotion  bool
	local       map[*types.Func]*FuncFact // facts of this package, being computed
	impls       []implFact                // facts of methods, for interface calls
	implsDone   bool
	consts      map[types.Object]*ast.BasicLit
	tableOwners map[string]map[string]int // table → owner column → queries comparing it
}

// unit is one function body analysed on its own: a declared function or
// method, or a handler written as a func literal.
type unit struct {
	node    ast.Node // *ast.FuncDecl or *ast.FuncLit
	fn      *types.Func
	body    *ast.BlockStmt
	params  []*types.Var
	handler bool
	kind    httpx.HandlerKind
	walked  []walked // preorder, while the package is analysed
}

func (a *analyzer) units(ins *inspector.Inspector) []*unit {
	var out []*unit
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		u := &unit{node: n}
		hp, isHandler := httpx.ParamsOf(a.pass.TypesInfo, n)
		u.handler, u.kind = isHandler, hp.Kind
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body == nil {
				return
			}
			u.body = n.Body
			u.fn, _ = a.pass.TypesInfo.Defs[n.Name].(*types.Func)
			if u.fn != nil {
				sig := u.fn.Type().(*types.Signature)
				for v := range sig.Params().Variables() {
					u.params = append(u.params, v)
				}
			}
		case *ast.FuncLit:
			if !isHandler {
				return // analysed as part of its enclosing function
			}
			u.body = n.Body
		}
		out = append(out, u)
	})
	return out
}

// hit is an id reaching an unscoped query through a call of the unit.
type hit struct {
	call   *ast.CallExpr
	arg    ast.Expr
	src    Source
	query  Query
	via    []string
	loaded *types.Var
	param  int // for callee flows: the callee's parameter index; -1 otherwise
	dests  []ast.Expr
}

// funcState is the result of analysing one unit.
type funcState struct {
	a       *analyzer
	u       *unit
	vars    map[*types.Var]Source
	assigns map[*types.Var][]ast.Expr // single-value assignments, for SQL text and gorm chains
	hits    []*hit
	loaded  map[*types.Var]bool
	checked bool  // an ownership check on a tainted id or a record loaded by one
	checks  []int // parameters whose owner is checked
	owners  []OwnerParam
	results Source
}

func (a *analyzer) analyze(u *unit) *funcState {
	st := &funcState{a: a, u: u, vars: map[*types.Var]Source{}, assigns: map[*types.Var][]ast.Expr{}, loaded: map[*types.Var]bool{}}
	if !u.handler {
		for i, p := range u.params {
			st.vars[p] = paramSource(i)
		}
	}
	st.collectAssigns()
	for range 8 {
		if !st.propagate() {
			break
		}
	}
	st.findHits()
	st.findLoaded()
	st.findChecks()
	return st
}

// fact summarises a non-handler unit for its callers.
func (st *funcState) fact() *FuncFact {
	f := &FuncFact{Results: st.results, Checks: st.checks, Owners: st.owners}
	if st.checked {
		return f
	}
	seen := map[string]bool{}
	for _, h := range st.hits {
		var via []string
		if h.param >= 0 || len(h.via) > 0 {
			via = h.via
		}
		add := func(fl Flow) {
			key := fl.Query.Position.String() + "|" + strconv.Itoa(fl.Param)
			if !seen[key] {
				seen[key] = true
				f.Flows = append(f.Flows, fl)
			}
		}
		for _, p := range h.src.params() {
			add(Flow{Param: p, Query: h.query, Via: append([]string{st.name()}, via...)})
		}
		if h.src&fromRequest != 0 {
			add(Flow{Param: -1, Sources: h.src & fromRequest, Query: h.query, Via: append([]string{st.name()}, via...)})
		}
	}
	return f
}

func (st *funcState) name() string {
	if st.u.fn != nil {
		return shortName(st.u.fn)
	}
	return "func literal"
}

// walk visits the unit's body, skipping handler literals (their own units).
// nested is true inside non-handler func literals. When f returns false,
// the node's children are skipped.
func (st *funcState) walk(f func(n ast.Node, nested bool) bool) {
	nodes := st.u.preorder(st.a.pass.TypesInfo)
	for i := 0; i < len(nodes); {
		if !f(nodes[i].node, nodes[i].nested) {
			i = nodes[i].end
			continue
		}
		i++
	}
}

// walked is a node of a unit's body in preorder.
type walked struct {
	node   ast.Node
	nested bool // inside a non-handler func literal
	end    int  // index just past the node's subtree
}

// preorder lists the unit's body once for every walk of the analysis,
// which walks each body several times.
func (u *unit) preorder(info *types.Info) []walked {
	if u.walked != nil {
		return u.walked
	}
	out := []walked{}
	var stack []int
	depth := 0
	ast.Inspect(u.body, func(n ast.Node) bool {
		if n == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			out[top].end = len(out)
			if _, ok := out[top].node.(*ast.FuncLit); ok {
				depth--
			}
			return true
		}
		if lit, ok := n.(*ast.FuncLit); ok {
			if _, isHandler := httpx.ParamsOf(info, lit); isHandler {
				return false
			}
		}
		stack = append(stack, len(out))
		out = append(out, walked{node: n, nested: depth > 0})
		if _, ok := n.(*ast.FuncLit); ok {
			depth++
		}
		return true
	})
	u.walked = out
	return out
}

func (st *funcState) collectAssigns() {
	st.walk(func(n ast.Node, _ bool) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if v := st.varOf(l); v != nil {
						st.assigns[v] = append(st.assigns[v], n.Rhs[i])
					}
				}
			} else if v := st.varOf(n.Lhs[0]); v != nil && len(n.Rhs) == 1 {
				// stmt, err := db.Prepare(q): the first result.
				st.assigns[v] = append(st.assigns[v], n.Rhs[0])
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, name := range n.Names {
					if v, ok := st.a.pass.TypesInfo.Defs[name].(*types.Var); ok {
						st.assigns[v] = append(st.assigns[v], n.Values[i])
					}
				}
			}
		}
		return true
	})
}

// varOf returns the local variable an identifier denotes.
func (st *funcState) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := st.a.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if v == nil || v.IsField() {
		return nil
	}
	return v
}

// rootVar strips &, *, field selections and indexing: the variable that
// holds the value (req in req.Task.ID, t in &t.OwnerID).
func (st *funcState) rootVar(e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.SelectorExpr:
			if sel := st.a.pass.TypesInfo.Selections[x]; sel == nil || sel.Kind() != types.FieldVal {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.Ident:
			return st.varOf(x)
		default:
			return nil
		}
	}
}

func (st *funcState) taint(v *types.Var, s Source) bool {
	if v == nil || s == 0 || st.vars[v]&s == s {
		return false
	}
	st.vars[v] |= s
	return true
}

// propagate makes one pass over assignments and decoding calls; it reports
// whether anything changed.
func (st *funcState) propagate() bool {
	changed := false
	st.walk(func(n ast.Node, nested bool) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					changed = st.taint(st.rootVar(l), st.mask(n.Rhs[i])) || changed
				}
			} else if len(n.Rhs) == 1 {
				s := st.mask(n.Rhs[0])
				for _, l := range n.Lhs {
					changed = st.taint(st.rootVar(l), s) || changed
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var s Source
				switch {
				case len(n.Values) == len(n.Names):
					s = st.mask(n.Values[i])
				case len(n.Values) == 1:
					s = st.mask(n.Values[0])
				}
				if v, ok := st.a.pass.TypesInfo.Defs[name].(*types.Var); ok {
					changed = st.taint(v, s) || changed
				}
			}
		case *ast.RangeStmt:
			s := st.mask(n.X)
			if n.Key != nil {
				changed = st.taint(st.rootVar(n.Key), s) || changed
			}
			if n.Value != nil {
				changed = st.taint(st.rootVar(n.Value), s) || changed
			}
		case *ast.CallExpr:
			if dst, s := st.decodes(n); dst != nil {
				changed = st.taint(st.rootVar(dst), s) || changed
			}
		case *ast.ReturnStmt:
			if !nested {
				for _, r := range n.Results {
					st.results |= st.mask(r) &^ FromUser
				}
			}
		}
		return true
	})
	return changed
}

// mask computes where the value of e comes from.
func (st *funcState) mask(e ast.Expr) Source {
	info := st.a.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v := st.varOf(x); v != nil {
			return st.vars[v]
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
			if s := requestField(info, x); s != 0 {
				return s
			}
			if (x.Sel.Name == "Path" || x.Sel.Name == "RawPath") && httpx.IsNamed(info.TypeOf(x.X), "net/url", "URL") && st.mask(x.X)&fromRequest != 0 {
				return FromPath
			}
			return st.mask(x.X)
		}
	case *ast.StarExpr:
		return st.mask(x.X)
	case *ast.UnaryExpr:
		return st.mask(x.X)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return st.mask(x.X) | st.mask(x.Y)
		}
	case *ast.IndexExpr:
		return st.mask(x.X)
	case *ast.TypeAssertExpr:
		return st.mask(x.X)
	case *ast.CompositeLit:
		var s Source
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			s |= st.mask(el)
		}
		return s
	case *ast.CallExpr:
		return st.callMask(x)
	}
	return 0
}

func (st *funcState) callMask(call *ast.CallExpr) Source {
	info := st.a.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		return st.mask(call.Args[0]) // conversion
	}
	if s := requestSource(info, call); s != 0 {
		return s
	}
	if st.a.isUserSource(call) {
		return FromUser
	}
	fn := calleeFunc(info, call)
	if fn == nil {
		return 0
	}
	switch i := passThrough(fn); {
	case i == passReceiver:
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return st.mask(sel.X)
		}
	case i >= 0 && i < len(call.Args):
		return st.mask(call.Args[i])
	}
	if f := st.a.factOf(fn); f != nil && f.Results != 0 {
		s := f.Results & fromRequest
		for _, p := range f.Results.params() {
			if p < len(call.Args) {
				s |= st.mask(call.Args[p])
			}
		}
		return s
	}
	return 0
}

// factOf returns the fact of fn: computed in this pass or imported.
func (a *analyzer) factOf(fn *types.Func) *FuncFact {
	fn = fn.Origin()
	if f, ok := a.local[fn]; ok {
		return f
	}
	if fn.Pkg() == a.pass.Pkg {
		return nil
	}
	f := new(FuncFact)
	if a.pass.ImportObjectFact(fn, f) {
		return f
	}
	return nil
}

// implFact is a method with a fact, a candidate implementation of an
// interface method.
type implFact struct {
	fn   *types.Func
	fact *FuncFact
}

// implementations returns the facts of concrete methods that implement the
// interface method m, among this package and its dependencies.
func (a *analyzer) implementations(m *types.Func) []implFact {
	recv := m.Type().(*types.Signature).Recv()
	if recv == nil {
		return nil
	}
	iface, ok := recv.Type().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	if !a.implsDone {
		a.implsDone = true
		for _, of := range a.pass.AllObjectFacts() {
			if fn, ok := of.Object.(*types.Func); ok {
				if f, ok := of.Fact.(*FuncFact); ok && len(f.Flows) > 0 {
					a.impls = append(a.impls, implFact{fn, f})
				}
			}
		}
	}
	var out []implFact
	cands := a.impls
	for fn, f := range a.local {
		if len(f.Flows) > 0 {
			cands = append(cands, implFact{fn, f})
		}
	}
	for _, c := range cands {
		sig := c.fn.Type().(*types.Signature)
		if c.fn.Name() != m.Name() || sig.Recv() == nil {
			continue
		}
		t := sig.Recv().Type()
		if types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface) {
			out = append(out, c)
		}
	}
	return out
}

// findHits records every call that passes a tainted value to an unscoped
// by-id query, directly or through a function with a fact.
func (st *funcState) findHits() {
	st.walk(func(n ast.Node, _ bool) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if q, ok := st.querySite(call); ok {
			for _, b := range q.owners {
				st.addOwners(b.value, b.column)
			}
			if q.scoped || q.verb == "insert" || q.verb == "" {
				return true
			}
			for _, b := range q.binds {
				if s := st.mask(b.value) &^ FromUser; s != 0 {
					st.hits = append(st.hits, &hit{call: call, arg: b.value, src: s, query: st.queryOf(call, q, b), param: -1, dests: q.dests})
					break
				}
			}
			return true
		}
		fn := calleeFunc(st.a.pass.TypesInfo, call)
		if fn == nil {
			return true
		}
		facts := []implFact{{fn, st.a.factOf(fn)}}
		if f := facts[0].fact; f != nil {
			for _, o := range f.Owners {
				if o.Param < len(call.Args) {
					st.addOwners(call.Args[o.Param], o.Column)
				}
			}
		}
		if facts[0].fact == nil {
			facts = st.a.implementations(fn)
		}
		for _, c := range facts {
			if c.fact == nil {
				continue
			}
			for _, fl := range c.fact.Flows {
				var s Source
				var arg ast.Expr
				if fl.Param < 0 {
					s = fl.Sources
					for _, x := range call.Args {
						if st.isRequestValue(x) {
							arg = x
						}
					}
					if arg == nil {
						continue
					}
				} else if fl.Param < len(call.Args) && (call.Ellipsis == token.NoPos || fl.Param < len(call.Args)-1) {
					arg = call.Args[fl.Param]
					s = st.mask(arg) &^ FromUser
				}
				if s == 0 {
					continue
				}
				st.hits = append(st.hits, &hit{call: call, arg: arg, src: s, query: fl.Query, via: fl.Via, param: fl.Param})
				break
			}
		}
		return true
	})
}

// addOwners records the parameters that e, bound to an owner column, carries.
func (st *funcState) addOwners(e ast.Expr, column string) {
	if st.u.handler {
		return
	}
	for _, p := range st.mask(e).params() {
		o := OwnerParam{Param: p, Column: column}
		if !slices.Contains(st.owners, o) {
			st.owners = append(st.owners, o)
		}
	}
}

// isRequestValue reports whether e is the request, or a gin/echo context.
func (st *funcState) isRequestValue(e ast.Expr) bool {
	t := st.a.pass.TypesInfo.TypeOf(e)
	return t != nil && (httpx.IsRequest(t) || httpx.IsGinContext(t) || httpx.IsEchoContext(t))
}

// findLoaded marks the variables that receive records loaded by a hit:
// results of the call, Scan/Get/First destinations.
func (st *funcState) findLoaded() {
	hitCalls := map[*ast.CallExpr]*hit{}
	for _, h := range st.hits {
		hitCalls[h.call] = h
		for _, d := range h.dests {
			if v := st.rootVar(d); v != nil {
				st.loaded[v] = true
				h.loaded = v
			}
		}
	}
	if len(hitCalls) == 0 {
		return
	}
	for range 3 {
		st.walk(func(n ast.Node, _ bool) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Rhs) != 1 {
					return true
				}
				if h := st.fromHit(n.Rhs[0], hitCalls); h != nil {
					for _, l := range n.Lhs {
						if v := st.varOf(l); v != nil && !isError(v.Type()) {
							st.loaded[v] = true
							if h.loaded == nil {
								h.loaded = v
							}
						}
					}
				}
			case *ast.CallExpr:
				sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
				if !ok || !isScanName(sel.Sel.Name) {
					return true
				}
				h := st.fromHit(sel.X, hitCalls)
				if v := st.rootVar(sel.X); h == nil && (v == nil || !st.loaded[v]) {
					return true
				}
				for _, arg := range n.Args {
					if v := st.rootVar(arg); v != nil {
						st.loaded[v] = true
						if h != nil && h.loaded == nil {
							h.loaded = v
						}
					}
				}
			}
			return true
		})
	}
	// A call may make several hits (an interface call reaching two
	// implementations); all load the same variable.
	for _, h := range st.hits {
		if h.loaded == nil && hitCalls[h.call] != nil {
			h.loaded = hitCalls[h.call].loaded
		}
	}
}

func isScanName(name string) bool {
	return name == "Scan" || name == "StructScan" || name == "MapScan"
}

// fromHit returns the hit whose call e is, looking through method chains
// (db.QueryRow(...).Scan, db.Where(...).First(...).Error).
func (st *funcState) fromHit(e ast.Expr, hits map[*ast.CallExpr]*hit) *hit {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			if h := hits[x]; h != nil {
				return h
			}
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil
			}
			e = sel.X
		case *ast.SelectorExpr:
			e = x.X
		default:
			return nil
		}
	}
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// findChecks looks for ownership checks: a comparison of a loaded
// record's owner field (or of a loaded value with the current user), or
// an authorization call given the id or the record.
func (st *funcState) findChecks() {
	info := st.a.pass.TypesInfo
	paramIndex := func(v *types.Var) int {
		if st.u.handler {
			return -1
		}
		return slices.Index(st.u.params, v)
	}
	addCheck := func(i int) {
		if i >= 0 && !slices.Contains(st.checks, i) {
			st.checks = append(st.checks, i)
		}
	}
	st.walk(func(n ast.Node, _ bool) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op != token.EQL && n.Op != token.NEQ {
				return true
			}
			for _, pair := range [][2]ast.Expr{{n.X, n.Y}, {n.Y, n.X}} {
				x, y := pair[0], pair[1]
				if isLiteral(info, y) {
					continue
				}
				v := st.rootVar(stripGetters(x))
				if v == nil {
					continue
				}
				owner, field := st.a.ownerPath(x)
				if st.loaded[v] && (owner || st.mask(y)&FromUser != 0) {
					st.checked = true
				}
				if owner && field {
					addCheck(paramIndex(v))
				}
			}
		case *ast.CallExpr:
			fn := calleeFunc(info, n)
			if fn == nil {
				return true
			}
			var checks []int
			if isAuthzName(fn.Name()) {
				for i := range n.Args {
					checks = append(checks, i)
				}
			} else if f := st.a.factOf(fn); f != nil {
				checks = f.Checks
			}
			for _, i := range checks {
				if i >= len(n.Args) {
					continue
				}
				arg := n.Args[i]
				v := st.rootVar(arg)
				if v != nil && st.loaded[v] || st.mask(arg)&^FromUser != 0 {
					st.checked = true
				}
				if v != nil && !httpx.IsNamed(v.Type(), "context", "Context") {
					addCheck(paramIndex(v))
				}
			}
		}
		return true
	})
}

// isLiteral reports constants and nil: `t.OwnerID == 0` checks nothing.
func isLiteral(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && (tv.Value != nil || tv.IsNil())
}

// stripGetters removes zero-argument method calls (t.GetOwnerId()) so the
// record they read from is found.
func stripGetters(e ast.Expr) ast.Expr {
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && len(x.Args) == 0 {
			return stripGetters(sel.X)
		}
	}
	return e
}
