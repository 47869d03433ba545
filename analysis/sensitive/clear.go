package sensitive

import (
	"golang.org/x/tools/go/types/typeutil"

	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
)

// cleared reports whether the secret reached from variable v through the
// field chain was set to its zero value before the write at `at`, on every
// path: an assignment `v.Field = ""` (or nil, 0, T{}) that is a statement of
// a block enclosing the write and comes before it, with nothing between that
// could give the field a value again (v assigned, passed, its address
// taken, a method called on it, the field or a field on the way to it
// written; inside a loop, anything of the loop body counts as between).
// Function literals are a boundary: a clear outside a closure does not
// count for a write inside it.
func (s *scan) cleared(at inspector.Cursor, value ast.Expr, v *types.Var, chain []*types.Var) bool {
	return s.clearedBy(at, value, v, chain, func(st ast.Stmt) bool { return s.clears(st, v, chain) })
}

// clearedEach reports whether the secret of every element of the slice v
// was cleared before the write at `at`, as cleared says for one value: by
// a loop over v, before it, whose body clears each element's field —
// `for _, x := range v { x.Field = "" }` for elements that are pointers,
// `for i := range v { v[i].Field = "" }` for any — and does not set it
// again later in the body.
func (s *scan) clearedEach(at inspector.Cursor, value ast.Expr, v *types.Var, sec Secret) bool {
	var elem types.Type
	switch t := types.Unalias(v.Type()).Underlying().(type) {
	case *types.Slice:
		elem = t.Elem()
	case *types.Array:
		elem = t.Elem()
	default:
		return false
	}
	var chain []*types.Var
	for _, es := range s.a.m.secrets(elem, "") {
		if es.Field == sec.Field && es.Chain != nil {
			chain = es.Chain
			break
		}
	}
	if chain == nil {
		return false
	}
	_, ptr := types.Unalias(elem).Underlying().(*types.Pointer)
	return s.clearedBy(at, value, v, chain, func(st ast.Stmt) bool { return s.clearsEach(st, v, chain, ptr) })
}

// clearsEach reports whether stmt is a loop over v that clears the field
// chain of every element (see clearedEach).
func (s *scan) clearsEach(stmt ast.Stmt, v *types.Var, chain []*types.Var, ptr bool) bool {
	rs, ok := stmt.(*ast.RangeStmt)
	if !ok || rs.Body == nil {
		return false
	}
	if id, ok := ast.Unparen(rs.X).(*ast.Ident); !ok || s.info.ObjectOf(id) != v {
		return false
	}
	elemVar := func(e ast.Expr) *types.Var {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			x, _ := s.info.ObjectOf(id).(*types.Var)
			return x
		}
		return nil
	}
	key, val := elemVar(rs.Key), elemVar(rs.Value)
	// clearsElem: the statement clears the element's field, through the
	// value variable (pointers) or v[key].
	clearsElem := func(st ast.Stmt) bool {
		if ptr && val != nil && s.clears(st, val, chain) {
			return true
		}
		as, ok := st.(*ast.AssignStmt)
		if key == nil || !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return false
		}
		if !isZeroExpr(s.info, as.Rhs[0]) && !isMask(s.info, as.Rhs[0]) {
			return false
		}
		ix, fields := s.indexChain(as.Lhs[0])
		if ix == nil || !sameChain(fields, chain) {
			return false
		}
		xid, ok1 := ast.Unparen(ix.X).(*ast.Ident)
		kid, ok2 := ast.Unparen(ix.Index).(*ast.Ident)
		return ok1 && ok2 && s.info.ObjectOf(xid) == v && s.info.ObjectOf(kid) == key
	}
	for i, st := range rs.Body.List {
		if !clearsElem(st) {
			continue
		}
		for _, later := range rs.Body.List[i+1:] {
			if s.setsAgain(later, v, val, key, chain) {
				return false
			}
		}
		return true
	}
	return false
}

// indexChain resolves v[i].A.B to the index expression and the fields A, B.
func (s *scan) indexChain(e ast.Expr) (*ast.IndexExpr, []*types.Var) {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.IndexExpr:
		return x, nil
	case *ast.SelectorExpr:
		sel := s.info.Selections[x]
		if sel == nil || sel.Kind() != types.FieldVal {
			return nil, nil
		}
		ix, fields := s.indexChain(x.X)
		if ix == nil {
			return nil, nil
		}
		return ix, append(fields, fieldsOf(sel)...)
	}
	return nil, nil
}

// setsAgain reports whether n assigns the element variables or a field
// chain overlapping the secret's on the value variable or on v[key].
func (s *scan) setsAgain(n ast.Node, v, val, key *types.Var, chain []*types.Var) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		if found {
			return false
		}
		var lhs []ast.Expr
		switch c := c.(type) {
		case *ast.AssignStmt:
			lhs = c.Lhs
		case *ast.IncDecStmt:
			lhs = []ast.Expr{c.X}
		case *ast.UnaryExpr:
			if c.Op == token.AND {
				lhs = []ast.Expr{c.X}
			}
		case *ast.RangeStmt:
			lhs = []ast.Expr{c.Key, c.Value}
		}
		for _, l := range lhs {
			if l == nil {
				continue
			}
			if root, fields := s.selectorChain(l); root != nil {
				if o := s.info.ObjectOf(root); (o == val || o == key) && (len(fields) == 0 || overlaps(fields, chain)) {
					found = true
				}
			} else if ix, fields := s.indexChain(l); ix != nil && overlaps(fields, chain) {
				if id, ok := ast.Unparen(ix.X).(*ast.Ident); ok && s.info.ObjectOf(id) == v {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// clearedBy is cleared with the statement that clears given by clears.
func (s *scan) clearedBy(at inspector.Cursor, value ast.Expr, v *types.Var, chain []*types.Var, clears func(ast.Stmt) bool) bool {
	if s.touches(at.Node(), v, chain, value) {
		return false
	}
	for cur := at; ; {
		parent := cur.Parent()
		if !parent.Valid() {
			return false
		}
		node := cur.Node()
		switch p := parent.Node().(type) {
		case nil, *ast.FuncDecl, *ast.FuncLit, *ast.File:
			return false
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			switch node.(type) {
			case *ast.CaseClause, *ast.CommClause:
				// The other clauses are alternatives, not predecessors.
			default:
				list := stmtList(p)
				idx := -1
				for i, st := range list {
					if st == node {
						idx = i
						break
					}
				}
				if idx < 0 {
					// A case expression: the switch tag is checked above.
					if s.touchesExcept(p, node, v, chain) {
						return false
					}
					break
				}
				for j := idx - 1; j >= 0; j-- {
					if clears(list[j]) {
						return true
					}
					if s.touches(list[j], v, chain, nil) {
						return false
					}
				}
			}
		case *ast.IfStmt:
			if node == p.Body || node == p.Else {
				if s.touches(p.Init, v, chain, nil) || s.touches(p.Cond, v, chain, nil) {
					return false
				}
			} else if node == p.Cond && s.touches(p.Init, v, chain, nil) {
				return false
			}
		case *ast.ForStmt, *ast.RangeStmt:
			// The whole loop runs between two iterations' writes.
			if s.touches(p, v, chain, value) {
				return false
			}
		default:
			if s.touchesExcept(p, node, v, chain) {
				return false
			}
		}
		cur = parent
	}
}

func stmtList(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

// clears reports whether stmt is `v.<chain> = <zero>`.
func (s *scan) clears(stmt ast.Stmt, v *types.Var, chain []*types.Var) bool {
	as, ok := stmt.(*ast.AssignStmt)
	if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return false
	}
	root, fields := s.selectorChain(as.Lhs[0])
	return root != nil && s.info.ObjectOf(root) == v && sameChain(fields, chain) && (isZeroExpr(s.info, as.Rhs[0]) || isMask(s.info, as.Rhs[0]))
}

// isMask reports whether e replaces a secret with a mask: a constant
// ("********", "[redacted]") or strings.Repeat of one. Setting the field to
// anything else (a fresh hash in a signup handler) is no redaction.
func isMask(info *types.Info, e ast.Expr) bool {
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return true
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "strings" && fn.Name() == "Repeat" && len(call.Args) == 2 && info.Types[call.Args[0]].Value != nil
}

// selectorChain resolves x.A.B to x and the fields A, B (with the embedded
// fields a promoted selection passes through); root is nil when the
// expression is not such a chain.
func (s *scan) selectorChain(e ast.Expr) (root *ast.Ident, fields []*types.Var) {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		return x, nil
	case *ast.SelectorExpr:
		sel := s.info.Selections[x]
		if sel == nil || sel.Kind() != types.FieldVal {
			return nil, nil
		}
		root, fields = s.selectorChain(x.X)
		if root == nil {
			return nil, nil
		}
		return root, append(fields, fieldsOf(sel)...)
	}
	return nil, nil
}

// fieldsOf lists the fields a field selection goes through.
func fieldsOf(sel *types.Selection) []*types.Var {
	t := sel.Recv()
	var out []*types.Var
	for _, i := range sel.Index() {
		t = types.Unalias(t)
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil
		}
		f := st.Field(i)
		out = append(out, f)
		t = f.Type()
	}
	return out
}

func sameChain(a, b []*types.Var) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Origin() != b[i].Origin() {
			return false
		}
	}
	return true
}

// overlaps reports whether one chain is a prefix of the other.
func overlaps(a, b []*types.Var) bool {
	n := min(len(a), len(b))
	return sameChain(a[:n], b[:n])
}

// touchesExcept is touches over n's children other than skip.
func (s *scan) touchesExcept(n, skip ast.Node, v *types.Var, chain []*types.Var) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		if found || c == nil {
			return false
		}
		if c == n {
			return true
		}
		if c != skip && s.touches(c, v, chain, nil) {
			found = true
		}
		return false
	})
	return found
}

// touches reports whether n (outside the except subtree) may change the
// secret field of v: a use of v other than reading a field, or a write to
// a field chain that overlaps the secret's.
func (s *scan) touches(n ast.Node, v *types.Var, chain []*types.Var, except ast.Node) bool {
	if n == nil {
		return false
	}
	found := false
	var stack []ast.Node
	ast.Inspect(n, func(c ast.Node) bool {
		if c == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if found || c == except {
			return false
		}
		if id, ok := c.(*ast.Ident); ok && s.info.ObjectOf(id) == v && s.harmfulUse(id, stack, chain) {
			found = true
			return false
		}
		stack = append(stack, c)
		return true
	})
	return found
}

// harmfulUse decides about one use of the variable; stack holds the nodes
// enclosing it.
func (s *scan) harmfulUse(id *ast.Ident, stack []ast.Node, chain []*types.Var) bool {
	var fields []*types.Var
	var cur ast.Node = id
	i := len(stack) - 1
	for ; i >= 0; i-- {
		sel, ok := stack[i].(*ast.SelectorExpr)
		if !ok || sel.X != cur {
			break
		}
		selection := s.info.Selections[sel]
		if selection == nil || selection.Kind() != types.FieldVal {
			// A method on v or on a field of it may change what it reaches.
			return len(fields) == 0 || overlaps(fields, chain)
		}
		fields = append(fields, fieldsOf(selection)...)
		cur = sel
	}
	var parent ast.Node
	if i >= 0 {
		parent = stack[i]
	}
	if len(fields) == 0 {
		// v itself: only a comparison (u == nil) leaves it alone.
		_, cmp := parent.(*ast.BinaryExpr)
		return !cmp
	}
	if !overlaps(fields, chain) {
		return false
	}
	if len(fields) < len(chain) {
		return true // a struct or pointer on the way to the secret escapes
	}
	switch p := parent.(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == cur {
				return true
			}
		}
	case *ast.IncDecStmt:
		return true
	case *ast.UnaryExpr:
		return p.Op == token.AND
	case *ast.IndexExpr, *ast.SliceExpr:
		return true
	case *ast.RangeStmt:
		return p.Key == cur || p.Value == cur
	}
	return false
}
