package scope

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// Import paths of the database libraries.
const (
	pkgSQL    = "database/sql"
	pkgSQLX   = "github.com/jmoiron/sqlx"
	pkgPgx    = "github.com/jackc/pgx"
	pkgPgxV5  = "github.com/jackc/pgx/v5"
	pkgPool   = "github.com/jackc/pgx/v5/pgxpool"
	pkgGorm   = "gorm.io/gorm"
	sqlNamed  = "Named"
	namedArgs = "NamedArgs"
)

// sinkSpec locates the parts of a query call's arguments.
type sinkSpec struct {
	sql, args, dest int  // argument indexes; -1 when absent
	named           bool // sqlx named query: one struct or map argument
	stmt            bool // *sql.Stmt: the SQL comes from Prepare
}

// sinkOf recognises the query methods of database/sql, sqlx and pgx.
func sinkOf(fn *types.Func) (sinkSpec, bool) {
	if fn.Pkg() == nil {
		return sinkSpec{}, false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	sig := fn.Type().(*types.Signature)
	recv := ""
	if sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			recv = n.Obj().Name()
		}
	}
	ctx := 0
	base := name
	if strings.HasSuffix(name, "Context") {
		ctx, base = 1, strings.TrimSuffix(name, "Context")
	}
	switch {
	case path == pkgSQL:
		switch recv {
		case "DB", "Tx", "Conn":
			if base == "Query" || base == "QueryRow" || base == "Exec" {
				return sinkSpec{sql: ctx, args: ctx + 1, dest: -1}, true
			}
		case "Stmt":
			if base == "Query" || base == "QueryRow" || base == "Exec" {
				return sinkSpec{sql: -1, args: ctx, dest: -1, stmt: true}, true
			}
		}
	case path == pkgSQLX:
		if recv == "" {
			// Package functions take the queryer first.
			switch base {
			case "Get", "Select":
				return sinkSpec{dest: ctx + 1, sql: ctx + 2, args: ctx + 3}, true
			case "NamedExec", "NamedQuery":
				return sinkSpec{dest: -1, sql: ctx + 1, args: ctx + 2, named: true}, true
			}
			return sinkSpec{}, false
		}
		switch base {
		case "Get", "Select":
			return sinkSpec{dest: ctx, sql: ctx + 1, args: ctx + 2}, true
		case "Queryx", "QueryRowx", "MustExec", "Query", "QueryRow", "Exec":
			return sinkSpec{dest: -1, sql: ctx, args: ctx + 1}, true
		case "NamedExec", "NamedQuery":
			return sinkSpec{dest: -1, sql: ctx, args: ctx + 1, named: true}, true
		}
	case path == pkgPgxV5 || path == pkgPool || httpx.SamePackage(path, pkgPgx):
		switch name {
		case "Query", "QueryRow", "Exec":
			if recv != "" {
				return sinkSpec{dest: -1, sql: 1, args: 2}, true
			}
		}
	}
	return sinkSpec{}, false
}

// boundValue is a request-side expression bound to a key column.
type boundValue struct {
	value  ast.Expr
	column string
	index  int // position among the query's arguments, -1 for named
}

// site is a recognised query call.
type site struct {
	verb     string
	table    string
	style    PlaceholderStyle
	args     int
	scoped   bool
	binds    []boundValue
	owners   []boundValue // owner columns bound to a value
	dests    []ast.Expr
	sqlExpr  ast.Expr // the SQL argument, nil for gorm
	text     string
	orm      bool
	raw      bool // gorm Raw or Exec: the SQL is in another call of the chain
	stmt     bool // a prepared statement: the SQL is in Prepare
	named    bool // sqlx named query: one struct or map argument
	argStart int  // index of the first query argument among the call's
	// arguments; -1 when the call passes them as args...
}

// querySite recognises a query call and maps its placeholders to
// arguments. Calls whose SQL text is not constant are not sites.
func (st *funcState) querySite(call *ast.CallExpr) (*site, bool) {
	info := st.a.pass.TypesInfo
	fn := calleeFunc(info, call)
	if fn == nil {
		return nil, false
	}
	if fn.Pkg() != nil && fn.Pkg().Path() == pkgGorm {
		return st.gormSite(call, fn)
	}
	spec, ok := sinkOf(fn)
	if !ok {
		return nil, false
	}
	var sqlExpr ast.Expr
	if spec.stmt {
		sqlExpr = st.preparedSQL(call)
	} else if spec.sql < len(call.Args) {
		sqlExpr = call.Args[spec.sql]
	}
	if sqlExpr == nil {
		return nil, false
	}
	text, ok := st.constString(sqlExpr)
	if !ok {
		return nil, false
	}
	q := scanSQL(text, st.a.owners, false)
	s := &site{verb: q.verb, table: q.table, style: q.style, args: q.placeholders, scoped: q.scoped, sqlExpr: sqlExpr, text: text,
		stmt: spec.stmt, named: spec.named, argStart: -1}
	if spec.dest >= 0 && spec.dest < len(call.Args) {
		s.dests = append(s.dests, call.Args[spec.dest])
	}
	if spec.args > len(call.Args) {
		return s, true
	}
	args := call.Args[spec.args:]
	if call.Ellipsis.IsValid() {
		return s, true // args... : the binding is not visible
	}
	s.argStart = spec.args
	for _, b := range q.binds {
		if v := st.argFor(b, args, spec.named); v != nil {
			s.binds = append(s.binds, boundValue{value: v, column: b.column, index: b.index})
		}
	}
	for _, b := range q.owners {
		if v := st.argFor(b, args, spec.named); v != nil {
			s.owners = append(s.owners, boundValue{value: v, column: b.column, index: b.index})
		}
	}
	return s, true
}

// argFor finds the argument bound to a placeholder.
func (st *funcState) argFor(b sqlBind, args []ast.Expr, named bool) ast.Expr {
	if b.index >= 0 {
		if b.index < len(args) {
			return args[b.index]
		}
		return nil
	}
	for _, arg := range args {
		if v := st.namedValue(arg, b.name); v != nil {
			return v
		}
	}
	if named && len(args) == 1 {
		if _, ok := ast.Unparen(args[0]).(*ast.CompositeLit); !ok {
			return args[0] // a struct or map variable: bound as a whole
		}
	}
	return nil
}

// namedValue returns the value for name in sql.Named("name", v), a
// pgx.NamedArgs or map literal, or a struct literal (db tag or field name).
func (st *funcState) namedValue(arg ast.Expr, name string) ast.Expr {
	info := st.a.pass.TypesInfo
	arg = ast.Unparen(arg)
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
		arg = ast.Unparen(u.X)
	}
	switch x := arg.(type) {
	case *ast.CallExpr:
		fn := calleeFunc(info, x)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == pkgSQL && fn.Name() == sqlNamed && len(x.Args) == 2 {
			if s, ok := st.constString(x.Args[0]); ok && strings.EqualFold(s, name) {
				return x.Args[1]
			}
		}
	case *ast.CompositeLit:
		t := info.TypeOf(x)
		if t == nil {
			return nil
		}
		strct, isStruct := t.Underlying().(*types.Struct)
		for _, el := range x.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if isStruct {
				id, ok := kv.Key.(*ast.Ident)
				if !ok {
					continue
				}
				if fieldColumn(strct, id.Name) == strings.ToLower(name) {
					return kv.Value
				}
				continue
			}
			if tv, ok := info.Types[kv.Key]; ok && tv.Value != nil && tv.Value.Kind() == constant.String && strings.EqualFold(constant.StringVal(tv.Value), name) {
				return kv.Value
			}
		}
	}
	return nil
}

// fieldColumn is the column a struct field maps to: its db tag, or its
// lower-case name.
func fieldColumn(s *types.Struct, field string) string {
	for i := range s.NumFields() {
		f := s.Field(i)
		if f.Name() != field {
			continue
		}
		tag := reflectTag(s.Tag(i), "db")
		if tag != "" {
			return strings.ToLower(tag)
		}
		return strings.ToLower(field)
	}
	return ""
}

func reflectTag(tag, key string) string {
	for tag != "" {
		i := strings.Index(tag, key+`:"`)
		if i < 0 {
			return ""
		}
		rest := tag[i+len(key)+2:]
		j := strings.IndexByte(rest, '"')
		if j < 0 {
			return ""
		}
		v := rest[:j]
		if c := strings.IndexByte(v, ','); c >= 0 {
			v = v[:c]
		}
		return v
	}
	return ""
}

// preparedSQL follows stmt in stmt.Query(...) to db.Prepare(sql).
func (st *funcState) preparedSQL(call *ast.CallExpr) ast.Expr {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	v := st.varOf(sel.X)
	if v == nil || len(st.assigns[v]) != 1 {
		return nil
	}
	prep, ok := ast.Unparen(st.assigns[v][0]).(*ast.CallExpr)
	if !ok {
		return nil
	}
	fn := calleeFunc(st.a.pass.TypesInfo, prep)
	if fn == nil || !strings.HasPrefix(fn.Name(), "Prepare") || len(prep.Args) == 0 {
		return nil
	}
	return prep.Args[len(prep.Args)-1]
}

// constString returns the text of a constant string expression (literals,
// constants, constant concatenations), of a local variable assigned once
// from one, or of db.Rebind(text).
func (st *funcState) constString(e ast.Expr) (string, bool) {
	info := st.a.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return constant.StringVal(tv.Value), true
		}
		return "", false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v := st.varOf(x); v != nil && len(st.assigns[v]) == 1 && st.assigns[v][0] != e {
			return st.constString(st.assigns[v][0])
		}
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Rebind" && len(x.Args) == 1 {
			return st.constString(x.Args[0])
		}
	}
	return "", false
}

// litPos finds the string literal that holds the SQL text of e, for fixes.
func (st *funcState) litPos(e ast.Expr) token.Pos {
	switch x := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		return x.Pos()
	case *ast.Ident:
		obj := st.a.pass.TypesInfo.ObjectOf(x)
		if v, ok := obj.(*types.Var); ok && len(st.assigns[v]) == 1 {
			return st.litPos(st.assigns[v][0])
		}
		if c, ok := obj.(*types.Const); ok {
			if lit := st.a.constLit(c); lit != nil {
				return lit.Pos()
			}
		}
	case *ast.CallExpr:
		if len(x.Args) == 1 {
			return st.litPos(x.Args[0])
		}
	}
	return token.NoPos
}

// constLit returns the literal a constant of this package is declared with.
func (a *analyzer) constLit(c *types.Const) *ast.BasicLit {
	if a.consts == nil {
		a.consts = map[types.Object]*ast.BasicLit{}
		for _, f := range a.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				vs, ok := n.(*ast.ValueSpec)
				if !ok {
					return true
				}
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := ast.Unparen(vs.Values[i]).(*ast.BasicLit); ok {
							a.consts[a.pass.TypesInfo.Defs[name]] = lit
						}
					}
				}
				return false
			})
		}
	}
	return a.consts[c]
}

// queryOf builds the exported description of a site for the bound value b.
func (st *funcState) queryOf(call *ast.CallExpr, s *site, b boundValue) Query {
	q := Query{
		Call: call.Pos(), Position: st.a.pass.Fset.Position(call.Pos()),
		SQL: displaySQL(s.text), ORM: s.orm, Style: s.style, Args: s.args,
		Table: s.table, Verb: s.verb, Column: b.column, Index: b.index,
	}
	if st.u.fn != nil {
		q.Func, q.Short = st.u.fn.FullName(), shortName(st.u.fn)
	}
	if s.sqlExpr != nil {
		q.SQLPos = s.sqlExpr.Pos()
		q.LitPos = st.litPos(s.sqlExpr)
	}
	q.Owner = st.a.ownerColumn(s)
	return q
}

// learnOwners counts, per table, the owner columns the package's queries
// compare with a value: the evidence of which owner column a table has.
func (a *analyzer) learnOwners(units []*unit) {
	a.tableOwners = map[string]map[string]int{}
	for _, u := range units {
		st := &funcState{a: a, u: u, vars: map[*types.Var]Source{}, assigns: map[*types.Var][]ast.Expr{}, loaded: map[*types.Var]bool{}}
		st.collectAssigns()
		st.walk(func(n ast.Node, _ bool) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if s, ok := st.querySite(call); ok && s.table != "" {
				for _, b := range s.owners {
					if a.tableOwners[s.table] == nil {
						a.tableOwners[s.table] = map[string]int{}
					}
					a.tableOwners[s.table][b.column]++
				}
			}
			return true
		})
	}
}

// ownerColumn picks the owner column of a query's table: the one other
// queries on the table use most (a tie tells nothing), else the only one
// the query text names, else the only one the record type has a field for.
func (a *analyzer) ownerColumn(s *site) string {
	best, n, tie := "", 0, false
	for col, c := range a.tableOwners[s.table] {
		switch {
		case c > n:
			best, n, tie = col, c, false
		case c == n:
			tie = true
		}
	}
	if best != "" && !tie {
		return best
	}
	unique := func(cols []string) string {
		found := ""
		for _, c := range cols {
			if found != "" && c != found {
				return ""
			}
			found = c
		}
		return found
	}
	if !s.orm || s.raw {
		toks, _ := lexSQL(s.text)
		var cols []string
		for _, t := range toks {
			if c := lastSegment(t.text); t.kind == 'i' && isOwnerColumn(c, a.owners) {
				cols = append(cols, c)
			}
		}
		if c := unique(cols); c != "" {
			return c
		}
	}
	var cols []string
	for _, d := range s.dests {
		t := a.pass.TypesInfo.TypeOf(d)
		for t != nil {
			if p, ok := t.Underlying().(*types.Pointer); ok {
				t = p.Elem()
				continue
			}
			if sl, ok := t.Underlying().(*types.Slice); ok {
				t = sl.Elem()
				continue
			}
			break
		}
		if t == nil {
			continue
		}
		if st, ok := t.Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				if c := fieldColumnName(st.Field(i), st.Tag(i)); isOwnerColumn(c, a.owners) {
					cols = append(cols, c)
				}
			}
		}
	}
	return unique(cols)
}

// displaySQL collapses white space and shortens long queries for messages.
func displaySQL(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}
