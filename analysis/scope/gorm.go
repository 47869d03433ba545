package scope

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"
	"unicode"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// gormVerbs maps the gorm methods that run a query to its verb.
var gormVerbs = map[string]string{
	"First": "select", "Take": "select", "Last": "select", "Find": "select",
	"Scan": "select", "Pluck": "select", "Row": "select", "Rows": "select",
	"Delete": "delete",
	"Update": "update", "Updates": "update", "UpdateColumn": "update", "UpdateColumns": "update",
	"Exec": "",
}

func isGormDB(t types.Type) bool { return httpx.IsNamed(t, pkgGorm, "DB") }

// gormSite reads a gorm chain ending in a finisher (First, Find, Delete,
// Updates, …): its conditions from Where/Not/Or/Having, inline conditions
// and primary keys, Joins and Raw SQL, and Scopes (taken as scoping: the
// usual place of tenant scopes).
func (st *funcState) gormSite(call *ast.CallExpr, fn *types.Func) (*site, bool) {
	verb, ok := gormVerbs[fn.Name()]
	sig := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !isGormDB(sig.Recv().Type()) {
		return nil, false
	}
	s := &site{orm: true, verb: verb, style: StyleQuestion, text: displaySQL(types.ExprString(call)), argStart: -1}
	args := call.Args
	switch fn.Name() {
	case "First", "Take", "Last", "Find", "Delete":
		if len(args) > 0 {
			s.dests = append(s.dests, args[0])
			s.table = modelName(st.a.pass.TypesInfo.TypeOf(args[0]))
			if fn.Name() == "Delete" {
				st.gormModel(s, args[0])
			}
			st.gormCond(s, args[1:], true)
		}
	case "Scan", "Pluck":
		if len(args) > 0 {
			s.dests = append(s.dests, args[len(args)-1])
		}
	case "Exec":
		st.gormRaw(s, args)
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	var steps []*ast.CallExpr
	st.gormChain(sel.X, 0, &steps)
	for _, c := range steps {
		name := ast.Unparen(c.Fun).(*ast.SelectorExpr).Sel.Name
		switch name {
		case "Where", "Or", "Not", "Having":
			st.gormCond(s, c.Args, false)
		case "Joins", "InnerJoins":
			if len(c.Args) > 0 {
				if text, ok := st.constString(c.Args[0]); ok {
					if scanSQL(text, st.a.owners, false).scoped {
						s.scoped = true
					}
				} else {
					s.scoped = true
				}
			}
		case "Scopes":
			s.scoped = true
		case "Raw":
			st.gormRaw(s, c.Args)
		case "Model":
			if len(c.Args) == 1 {
				if t := modelName(st.a.pass.TypesInfo.TypeOf(c.Args[0])); t != "" {
					s.table = t
				}
				st.gormModel(s, c.Args[0])
			}
		case "Table":
			if len(c.Args) > 0 {
				if t, ok := st.constString(c.Args[0]); ok {
					s.table = lastSegment(strings.Fields(t + " x")[0])
				}
			}
		}
	}
	if s.verb == "" {
		return nil, false
	}
	return s, true
}

// gormChain collects the gorm method calls that built e, following local
// variables (q := db.Where(...); q.First(...)).
func (st *funcState) gormChain(e ast.Expr, depth int, out *[]*ast.CallExpr) {
	if depth > 4 {
		return
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
		if !ok || !isGormDB(st.a.pass.TypesInfo.TypeOf(sel.X)) {
			return
		}
		*out = append(*out, x)
		st.gormChain(sel.X, depth+1, out)
	case *ast.Ident:
		if v := st.varOf(x); v != nil {
			for _, rhs := range st.assigns[v] {
				st.gormChain(rhs, depth+1, out)
			}
		}
	}
}

func (st *funcState) gormRaw(s *site, args []ast.Expr) {
	if len(args) == 0 {
		return
	}
	text, ok := st.constString(args[0])
	if !ok {
		s.verb = ""
		return
	}
	q := scanSQL(text, st.a.owners, false)
	s.raw = true
	s.verb, s.table, s.sqlExpr, s.text = q.verb, q.table, args[0], text
	s.scoped = s.scoped || q.scoped
	s.style = q.style
	s.args = q.placeholders
	for _, b := range q.binds {
		if v := st.argFor(b, args[1:], false); v != nil {
			s.binds = append(s.binds, boundValue{value: v, column: b.column, index: b.index})
		}
	}
	for _, b := range q.owners {
		if v := st.argFor(b, args[1:], false); v != nil {
			s.owners = append(s.owners, boundValue{value: v, column: b.column, index: b.index})
		}
	}
}

// gormCond reads one condition: a SQL fragment with arguments, a struct or
// map literal, or (inline, in First/Delete) a primary key.
func (st *funcState) gormCond(s *site, args []ast.Expr, inline bool) {
	if len(args) == 0 {
		return
	}
	info := st.a.pass.TypesInfo
	if text, ok := st.constString(args[0]); ok {
		q := scanSQL(text, st.a.owners, true)
		s.scoped = s.scoped || q.scoped
		if s.sqlExpr == nil {
			s.sqlExpr = args[0]
		}
		for _, b := range q.binds {
			if v := st.argFor(b, args[1:], false); v != nil {
				s.binds = append(s.binds, boundValue{value: v, column: b.column, index: -1})
			}
		}
		for _, b := range q.owners {
			if v := st.argFor(b, args[1:], false); v != nil {
				s.owners = append(s.owners, boundValue{value: v, column: b.column, index: -1})
			}
		}
		if len(q.binds) == 0 && !q.scoped && inline && len(args) == 1 && !strings.ContainsAny(text, "=<>?") {
			s.binds = append(s.binds, boundValue{value: args[0], column: "id", index: -1})
		}
		return
	}
	if st.gormKeyed(s, args[0]) {
		return
	}
	t := info.TypeOf(args[0])
	if inline && t != nil && isKeyType(t) {
		s.binds = append(s.binds, boundValue{value: args[0], column: "id", index: -1})
		return
	}
	s.scoped = true // a condition we cannot read: assume it scopes
}

// gormModel reads Model(&Task{ID: id}) and Delete(&Task{ID: id}): the
// primary key set in the literal is the condition.
func (st *funcState) gormModel(s *site, e ast.Expr) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	if _, ok := e.(*ast.CompositeLit); ok {
		st.gormKeyed(s, e)
	}
}

// gormKeyed reads a struct or map literal condition; false when e is none.
func (st *funcState) gormKeyed(s *site, e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return false
	}
	info := st.a.pass.TypesInfo
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		var col string
		if id, ok := kv.Key.(*ast.Ident); ok && info.Uses[id] != nil {
			if f, ok := info.Uses[id].(*types.Var); ok && f.IsField() {
				col = snake(id.Name)
			}
		}
		if tv, ok := info.Types[kv.Key]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			col = strings.ToLower(constant.StringVal(tv.Value))
		}
		switch {
		case col == "":
		case isOwnerColumn(col, st.a.owners):
			s.scoped = true
			s.owners = append(s.owners, boundValue{value: kv.Value, column: col, index: -1})
		case isKeyColumn(col):
			s.binds = append(s.binds, boundValue{value: kv.Value, column: col, index: -1})
		}
	}
	return true
}

// isKeyType reports the types a primary key has: integers, strings, and
// fixed-size byte arrays (uuid.UUID), or slices of them.
func isKeyType(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsInteger|types.IsString) != 0
	case *types.Array:
		return true
	case *types.Slice:
		return isKeyType(u.Elem())
	}
	return false
}

// modelName returns the table-ish name of a gorm model: the element type's
// name (Task for *Task, []Task, *[]Task).
func modelName(t types.Type) string {
	for t != nil {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		case *types.Named:
			return snake(u.Obj().Name())
		}
		return ""
	}
	return ""
}

// snake converts a Go name to a column name: TaskID → task_id, OwnerID → owner_id.
func snake(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
