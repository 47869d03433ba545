package scope

import (
	"cmp"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

// FixSites returns one Site per finding that has fixes, preferred first:
// authz/scope-query when the query can be scoped here, then
// authz/ownership-check when the handler holds the loaded record.
func (r *Result) FixSites() []patterns.Site {
	r.planned.Run()
	var out []patterns.Site
	for _, f := range r.Findings {
		if len(f.Fixes) > 0 {
			out = append(out, patterns.Site{Rule: Rule, Pos: f.Call.Pos(), End: f.Call.End(), Fixes: f.Fixes})
		}
	}
	return out
}

var _ patterns.Sites = (*Result)(nil)

// fixer builds the fixes of one package's findings. It learns the
// project's conventions from the package's handlers: how they obtain the
// current user, how they answer 401 and 404.
type fixer struct {
	a        *analyzer
	handlers []*funcState
	cands    []*userCand
	src      map[string][]byte
	evidence map[string]map[string]map[string]int // user type → column → field → uses
	msets    typeutil.MethodSetCache              // store types have many methods and many hits
}

func (f *fixer) info() *types.Info { return f.a.pass.TypesInfo }

// fixes returns the applicable fixes of a finding, preferred first.
func (f *fixer) fixes(st *funcState, h *hit) []patterns.Fix {
	var out []patterns.Fix
	if p, ok := f.scopeQuery(st, h); ok {
		out = append(out, p.Fix())
	}
	if p, ok := f.ownershipCheck(st, h); ok {
		out = append(out, p.Fix())
	}
	return out
}

// --- authz/scope-query ---

func (f *fixer) scopeQuery(st *funcState, h *hit) (patterns.ScopeQueryParams, bool) {
	p := patterns.ScopeQueryParams{Call: h.call.Pos(), CallEnd: h.call.End(), ArgIndex: -1}
	if h.param >= 0 || len(h.via) > 0 {
		// The query is in a callee: switch to its scoped twin.
		twin, owner, ok := f.twin(h)
		if !ok {
			return p, false
		}
		want := twin.Signature().Params().At(owner.Param).Type()
		user, ok := f.currentUser(st, h.call.Pos())
		if !ok {
			return p, false
		}
		id, ok := user.id(f, want, owner.Column, false)
		if !ok {
			return p, false
		}
		p.Method, p.ArgIndex, p.Arg, p.User = twin.Name(), owner.Param, id, user.access
		return p, true
	}
	s, ok := st.querySite(h.call)
	col := h.query.Owner
	if !ok || col == "" || s.stmt || s.named {
		return p, false
	}
	user, ok := f.currentUser(st, h.call.Pos())
	if !ok {
		return p, false
	}
	id, ok := user.id(f, nil, col, false)
	if !ok {
		return p, false
	}
	p.User, p.Arg = user.access, id
	if s.orm {
		if s.raw {
			return p, false
		}
		p.Where = col + " = ?"
		return p, true
	}
	if s.argStart < 0 {
		return p, false
	}
	args := h.call.Args[s.argStart:]
	toks, _ := lexSQL(s.text)
	var ph string
	switch s.style {
	case StyleDollar:
		if len(args) != s.args {
			return p, false
		}
		ph = "$" + strconv.Itoa(s.args+1)
	case StyleQuestion:
		if len(args) != countQuestion(toks) {
			return p, false
		}
		ph = "?"
	case StyleAtName:
		for _, t := range toks {
			if t.kind == 'p' && strings.EqualFold(t.name, col) {
				return p, false
			}
		}
		ph = "@" + col
		if !f.namedArg(&p, args, col, id) {
			return p, false
		}
	default:
		return p, false
	}
	cond := col + " = " + ph
	sql, at, err := patterns.ScopeSQL(s.text, cond)
	if err != nil {
		return p, false
	}
	if s.style == StyleQuestion {
		before, _ := lexSQL(s.text[:at])
		p.ArgIndex = s.argStart + countQuestion(before)
	}
	if lit := f.ownLiteral(st, s, h.query.LitPos); lit != nil {
		p.Lit, p.SQL = lit.Pos(), sql
		return p, true
	}
	appended := s.text[:at] + " AND " + cond + s.text[at:]
	if tv, ok := f.info().Types[s.sqlExpr]; ok && tv.Value != nil && sql == appended && strings.TrimSpace(s.text[at:]) == "" {
		p.SQLExpr, p.Suffix = s.sqlExpr.Pos(), " AND "+cond
		return p, true
	}
	return p, false
}

func countQuestion(toks []sqlToken) int {
	n := 0
	for _, t := range toks {
		if t.kind == 'p' && t.text == "?" {
			n++
		}
	}
	return n
}

// namedArg decides how a named owner argument is passed: a new entry in
// the call's pgx.NamedArgs literal, or one more sql.Named argument.
func (f *fixer) namedArg(p *patterns.ScopeQueryParams, args []ast.Expr, col string, id patterns.Snippet) bool {
	info := f.info()
	for _, arg := range args {
		if lit, ok := ast.Unparen(arg).(*ast.CompositeLit); ok && httpx.IsNamed(info.TypeOf(lit), pkgPgxV5, namedArgs) {
			p.MapLit, p.MapKey = lit.Pos(), col
			return true
		}
	}
	for _, arg := range args {
		call, ok := ast.Unparen(arg).(*ast.CallExpr)
		fn := (*types.Func)(nil)
		if ok {
			fn = calleeFunc(info, call)
		}
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgSQL || fn.Name() != sqlNamed {
			return false
		}
	}
	if len(args) == 0 {
		return false
	}
	p.Arg = patterns.JoinSnippets("", patterns.Snippet{Src: "sql.Named(" + strconv.Quote(col) + ", ", Imports: map[string]string{"sql": pkgSQL}}, id, patterns.Snippet{Src: ")"})
	return true
}

// ownLiteral returns the string literal holding the whole query when
// editing it changes this query only: the call's own argument, a local
// assigned once, or a constant used once.
func (f *fixer) ownLiteral(st *funcState, s *site, pos token.Pos) *ast.BasicLit {
	if !pos.IsValid() {
		return nil
	}
	lit := f.basicLit(pos)
	if lit == nil {
		return nil
	}
	if v, err := strconv.Unquote(lit.Value); err != nil || v != s.text {
		return nil
	}
	e := ast.Unparen(s.sqlExpr)
	if c, ok := e.(*ast.CallExpr); ok && len(c.Args) == 1 {
		e = ast.Unparen(c.Args[0]) // db.Rebind("...")
	}
	switch x := e.(type) {
	case *ast.BasicLit:
		return lit
	case *ast.Ident:
		obj := f.info().ObjectOf(x)
		if obj == nil || f.uses(obj) != 1 {
			return nil
		}
		if v, ok := obj.(*types.Var); ok && len(st.assigns[v]) != 1 {
			return nil
		}
		return lit
	}
	return nil
}

func (f *fixer) basicLit(pos token.Pos) *ast.BasicLit {
	var found *ast.BasicLit
	for _, file := range f.a.pass.Files {
		if pos < file.FileStart || pos > file.FileEnd {
			continue
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if found != nil || n == nil || n.Pos() > pos || n.End() <= pos {
				return false
			}
			if l, ok := n.(*ast.BasicLit); ok && l.Pos() == pos && l.Kind == token.STRING {
				found = l
			}
			return true
		})
	}
	return found
}

func (f *fixer) uses(obj types.Object) int {
	n := 0
	for _, o := range f.info().Uses {
		if o == obj {
			n++
		}
	}
	return n
}

// twin finds the scoped twin of the method h.call invokes: a method of the
// same receiver, named after it (GetTask → GetTaskForUser), with the same
// parameters plus one its queries compare with an owner column, the same
// results, and no unscoped flow of the id.
func (f *fixer) twin(h *hit) (*types.Func, OwnerParam, bool) {
	fn := calleeFunc(f.info(), h.call)
	if fn == nil || h.param < 0 || h.call.Ellipsis.IsValid() {
		return nil, OwnerParam{}, false
	}
	if _, ok := ast.Unparen(h.call.Fun).(*ast.SelectorExpr); !ok {
		return nil, OwnerParam{}, false
	}
	sig := fn.Signature()
	if sig.Recv() == nil {
		return nil, OwnerParam{}, false
	}
	recv := sig.Recv().Type()
	if types.IsInterface(recv) {
		return nil, OwnerParam{}, false
	}
	if _, ok := recv.(*types.Pointer); !ok {
		recv = types.NewPointer(recv)
	}
	mset := f.msets.MethodSet(recv)
	for i := range mset.Len() {
		m, ok := mset.At(i).Obj().(*types.Func)
		if !ok || m == fn || !strings.HasPrefix(m.Name(), fn.Name()) || !m.Exported() && m.Pkg() != f.a.pass.Pkg {
			continue
		}
		fact := f.a.factOf(m)
		if fact == nil {
			continue
		}
		for _, o := range fact.Owners {
			if sameParamsBut(sig, m.Signature(), o.Param) && !hasFlow(fact, h.param, o.Param) {
				return m, o, true
			}
		}
	}
	return nil, OwnerParam{}, false
}

func sameParamsBut(orig, twin *types.Signature, extra int) bool {
	op, tp := orig.Params(), twin.Params()
	if tp.Len() != op.Len()+1 || extra >= tp.Len() || orig.Variadic() || twin.Variadic() {
		return false
	}
	j := 0
	for i := range tp.Len() {
		if i == extra {
			continue
		}
		if !types.Identical(op.At(j).Type(), tp.At(i).Type()) {
			return false
		}
		j++
	}
	or, tr := orig.Results(), twin.Results()
	if or.Len() != tr.Len() {
		return false
	}
	for i := range or.Len() {
		if !types.Identical(or.At(i).Type(), tr.At(i).Type()) {
			return false
		}
	}
	return true
}

func hasFlow(fact *FuncFact, idParam, extra int) bool {
	if extra <= idParam {
		idParam++
	}
	for _, fl := range fact.Flows {
		if fl.Param == idParam || fl.Param < 0 {
			return true
		}
	}
	return false
}

// --- authz/ownership-check ---

func (f *fixer) ownershipCheck(st *funcState, h *hit) (patterns.OwnershipCheckParams, bool) {
	var p patterns.OwnershipCheckParams
	rec := h.loaded
	if rec == nil {
		return p, false
	}
	field, ok := f.ownerField(rec.Type(), h.query.Owner)
	if !ok || !f.ownerScanned(st, rec, field) {
		return p, false
	}
	after, checked, ok := f.checkPlace(st, h.call)
	if !ok || !inScope(rec, after.End()) {
		return p, false
	}
	user, ok := f.currentUser(st, after.End())
	if !ok {
		return p, false
	}
	id, ok := user.id(f, field.Type(), h.query.Owner, true)
	if !ok {
		return p, false
	}
	deny, ok := f.response(st, 404)
	if !ok {
		return p, false
	}
	p.User, p.After, p.Deny = user.access, after.Pos(), deny
	p.User.ID = id
	p.Owner = patterns.Snippet{Src: rec.Name() + "." + field.Name()}
	if _, ptr := rec.Type().Underlying().(*types.Pointer); ptr && !checked {
		p.Nil = rec.Name()
	}
	return p, true
}

// ownerField finds the record's field holding the owner: the field that
// maps to column; else the field of that record type the package's
// handlers compare with the current user; else, when the column is not
// known, the one field named after an owner column.
func (f *fixer) ownerField(t types.Type, column string) (*types.Var, bool) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	s, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil, false
	}
	var fields []*types.Var
	var cols []string
	for i := range s.NumFields() {
		fv := s.Field(i)
		if (fv.Exported() || fv.Pkg() == f.a.pass.Pkg) && !fv.Embedded() {
			fields = append(fields, fv)
			cols = append(cols, fieldColumnName(fv, s.Tag(i)))
		}
	}
	unique := func(match func(i int) bool) (*types.Var, bool) {
		var found *types.Var
		for i, fv := range fields {
			if match(i) {
				if found != nil {
					return nil, false
				}
				found = fv
			}
		}
		return found, found != nil
	}
	if column != "" {
		if fv, ok := unique(func(i int) bool { return cols[i] == column }); ok {
			return fv, true
		}
	}
	if names := ranked(f.ownerCompared(t)); len(names) > 0 {
		if fv, ok := unique(func(i int) bool { return fields[i].Name() == names[0] }); ok {
			return fv, true
		}
	}
	if column != "" {
		return nil, false
	}
	return unique(func(i int) bool { return isOwnerColumn(cols[i], f.a.owners) })
}

// ownerCompared counts the fields of records of type t that the package's
// handlers compare with the current user (t.OwnerID != user.ID).
func (f *fixer) ownerCompared(t types.Type) map[string]int {
	out := map[string]int{}
	info := f.info()
	for _, st := range f.handlers {
		ast.Inspect(st.u.body, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || b.Op != token.EQL && b.Op != token.NEQ {
				return true
			}
			for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
				sel, ok := ast.Unparen(pair[0]).(*ast.SelectorExpr)
				if !ok || st.mask(pair[1])&FromUser == 0 {
					continue
				}
				if s := info.Selections[sel]; s == nil || s.Kind() != types.FieldVal {
					continue
				}
				xt := info.TypeOf(sel.X)
				if p, ok := xt.Underlying().(*types.Pointer); ok {
					xt = p.Elem()
				}
				if types.Identical(xt, t) {
					out[sel.Sel.Name]++
				}
			}
			return true
		})
	}
	return out
}

// fieldColumnName is the column a field maps to: its db tag, gorm column,
// or its name in snake case.
func fieldColumnName(fv *types.Var, tag string) string {
	if t := reflectTag(tag, "db"); t != "" {
		return strings.ToLower(t)
	}
	for part := range strings.SplitSeq(reflectTag(tag, "gorm"), ";") {
		if c, ok := strings.CutPrefix(part, "column:"); ok {
			return strings.ToLower(c)
		}
	}
	return snake(fv.Name())
}

// ownerScanned reports whether the owner field is filled: when the handler
// scans columns into the record's fields one by one, one of them must be
// the owner field.
func (f *fixer) ownerScanned(st *funcState, rec, field *types.Var) bool {
	scans, owner := false, false
	ast.Inspect(st.u.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !isScanName(sel.Sel.Name) {
			return true
		}
		for _, arg := range call.Args {
			u, ok := ast.Unparen(arg).(*ast.UnaryExpr)
			if !ok || u.Op != token.AND {
				continue
			}
			fs, ok := ast.Unparen(u.X).(*ast.SelectorExpr)
			if !ok || st.varOf(fs.X) != rec {
				continue
			}
			scans = true
			if f.info().ObjectOf(fs.Sel) == field {
				owner = true
			}
		}
		return true
	})
	return !scans || owner
}

// checkPlace finds the statement after which the ownership check goes: the
// statement of the handler's body (not of a nested function) holding the
// loading call, or the error checks that follow it. checked reports that
// an error check was passed.
func (f *fixer) checkPlace(st *funcState, call *ast.CallExpr) (ast.Stmt, bool, bool) {
	file := f.fileOf(call.Pos())
	if file == nil {
		return nil, false, false
	}
	path, _ := astutil.PathEnclosingInterval(file, call.Pos(), call.End())
	var stmt ast.Stmt
	var list []ast.Stmt
walk:
	for i, n := range path {
		if n == st.u.node {
			break
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return nil, false, false
		}
		if i+1 >= len(path) {
			break
		}
		s, ok := n.(ast.Stmt)
		if !ok {
			continue
		}
		switch b := path[i+1].(type) {
		case *ast.BlockStmt:
			stmt, list = s, b.List
			break walk
		case *ast.CaseClause:
			stmt, list = s, b.Body
			break walk
		case *ast.CommClause:
			stmt, list = s, b.Body
			break walk
		}
	}
	if stmt == nil {
		return nil, false, false
	}
	if _, ok := stmt.(*ast.ReturnStmt); ok {
		return nil, false, false
	}
	errs := f.errorVars(stmt)
	checked := false
	if ifs, ok := stmt.(*ast.IfStmt); ok && ifs.Init != nil && f.mentions(ifs.Cond, errs) {
		checked = true
	}
	i := slices.Index(list, stmt)
	for i+1 < len(list) {
		ifs, ok := list[i+1].(*ast.IfStmt)
		if !ok || ifs.Init != nil || !f.mentions(ifs.Cond, errs) {
			break
		}
		i++
		checked = true
	}
	return list[i], checked, true
}

// errorVars returns the error variables a statement assigns.
func (f *fixer) errorVars(s ast.Stmt) map[types.Object]bool {
	out := map[types.Object]bool{}
	var assign *ast.AssignStmt
	switch s := s.(type) {
	case *ast.AssignStmt:
		assign = s
	case *ast.IfStmt:
		assign, _ = s.Init.(*ast.AssignStmt)
	}
	if assign == nil {
		return out
	}
	for _, l := range assign.Lhs {
		if id, ok := l.(*ast.Ident); ok {
			if obj := f.info().ObjectOf(id); obj != nil && isError(obj.Type()) {
				out[obj] = true
			}
		}
	}
	return out
}

func (f *fixer) mentions(e ast.Expr, objs map[types.Object]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && objs[f.info().Uses[id]] {
			found = true
		}
		return !found
	})
	return found
}

func (f *fixer) fileOf(pos token.Pos) *ast.File {
	for _, file := range f.a.pass.Files {
		if file.FileStart <= pos && pos <= file.FileEnd {
			return file
		}
	}
	return nil
}

func inScope(v *types.Var, pos token.Pos) bool {
	s := v.Parent()
	return s != nil && s.Contains(pos) && v.Pos() < pos
}

// --- the current user ---

// user is the current user in a handler: a variable it has, or the
// statements that obtain it as sibling handlers do.
type user struct {
	access patterns.CurrentUser
	name   string // the variable holding the user (or its id)
	typ    types.Type
}

// id returns the expression of the user's id for a value of type want (any
// type when nil; comparable with it when compare is set).
func (u *user) id(f *fixer, want types.Type, column string, compare bool) (patterns.Snippet, bool) {
	fits := func(t types.Type) bool {
		switch {
		case want == nil:
			return true
		case compare:
			return types.Comparable(t) && (types.AssignableTo(t, want) || types.AssignableTo(want, t))
		}
		return types.AssignableTo(t, want)
	}
	t := u.typ
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	s, ok := t.Underlying().(*types.Struct)
	if !ok {
		// The user is its id: an integer, a string or a UUID.
		if _, ptr := u.typ.Underlying().(*types.Pointer); !ptr && isKeyType(u.typ) && fits(u.typ) {
			return patterns.Snippet{Src: u.name}, true
		}
		return patterns.Snippet{}, false
	}
	// The field the package's handlers already pass where this owner
	// column goes, else the field named after the column, else any
	// field they pass as an owner, else the usual names of an id.
	ev := f.idEvidence(t)
	var names []string
	names = append(names, ranked(ev[column])...)
	names = append(names, strings.ReplaceAll(column, "_", ""))
	names = append(names, ranked(ev[""])...)
	names = append(names, "id", "userid", "uid")
	for _, k := range names {
		for i := range s.NumFields() {
			fv := s.Field(i)
			if strings.EqualFold(fv.Name(), k) && (fv.Exported() || fv.Pkg() == f.a.pass.Pkg) && fits(fv.Type()) {
				return patterns.Snippet{Src: u.name + "." + fv.Name()}, true
			}
		}
	}
	return patterns.Snippet{}, false
}

func ranked(m map[string]int) []string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b)) })
	return keys
}

// idEvidence counts, per owner column, the fields of values of type t
// (a user type) that the package's handlers use as an owner: arguments
// of parameters bound to an owner column, values bound to one in a
// query, values compared with or assigned to a record's owner field. The
// "" entry counts all of them.
func (f *fixer) idEvidence(t types.Type) map[string]map[string]int {
	key := types.TypeString(t, nil)
	if ev, ok := f.evidence[key]; ok {
		return ev
	}
	ev := map[string]map[string]int{}
	f.evidence[key] = ev
	info := f.info()
	note := func(e ast.Expr, column string) {
		e = ast.Unparen(e)
		if c, ok := e.(*ast.CallExpr); ok && len(c.Args) == 1 {
			if tv, ok := info.Types[c.Fun]; ok && tv.IsType() {
				e = ast.Unparen(c.Args[0]) // uint(u.ID)
			}
		}
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			return
		}
		if s := info.Selections[sel]; s == nil || s.Kind() != types.FieldVal {
			return
		}
		xt := info.TypeOf(sel.X)
		if p, ok := xt.Underlying().(*types.Pointer); ok {
			xt = p.Elem()
		}
		if !types.Identical(xt, t) {
			return
		}
		for _, c := range []string{column, ""} {
			if ev[c] == nil {
				ev[c] = map[string]int{}
			}
			ev[c][sel.Sel.Name]++
		}
	}
	ownerCol := func(x ast.Expr) (string, bool) {
		owner, field := f.a.ownerPath(x)
		if !owner || !field {
			return "", false
		}
		if sel, ok := ast.Unparen(x).(*ast.SelectorExpr); ok {
			return snake(sel.Sel.Name), true
		}
		return "", true
	}
	for _, st := range f.handlers {
		ast.Inspect(st.u.body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if s, ok := st.querySite(n); ok {
					for _, b := range s.owners {
						note(b.value, b.column)
					}
					return true
				}
				if fn := calleeFunc(info, n); fn != nil {
					if fact := f.a.factOf(fn); fact != nil {
						for _, o := range fact.Owners {
							if o.Param < len(n.Args) {
								note(n.Args[o.Param], o.Column)
							}
						}
					}
				}
			case *ast.BinaryExpr:
				if n.Op == token.EQL || n.Op == token.NEQ {
					if col, ok := ownerCol(n.X); ok {
						note(n.Y, col)
					} else if col, ok := ownerCol(n.Y); ok {
						note(n.X, col)
					}
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, l := range n.Lhs {
						if col, ok := ownerCol(l); ok {
							note(n.Rhs[i], col)
						}
					}
				}
			}
			return true
		})
	}
	return ev
}

// userCand is one way a handler of the package obtains the current user.
type userCand struct {
	st     *funcState
	assign *ast.AssignStmt // u := auth.UserFrom(ctx), nil when used inline
	expr   ast.Expr        // the expression yielding the user
	guard  *ast.IfStmt     // the 401 check right after the assignment
	key    string          // rendering with neutral names, to count uses
}

// currentUser returns how st gets the current user at pos: its own
// variable, or the most common way of its siblings, placed first in its
// body.
func (f *fixer) currentUser(st *funcState, pos token.Pos) (*user, bool) {
	if v := f.userVar(st, pos); v != nil {
		return &user{name: v.Name(), typ: v.Type()}, true
	}
	for _, c := range f.userCands() {
		if u, ok := f.obtain(st, c); ok {
			return u, true
		}
	}
	return nil, false
}

// userVar finds a variable of st holding the current user, visible at pos.
func (f *fixer) userVar(st *funcState, pos token.Pos) *types.Var {
	var found *types.Var
	ast.Inspect(st.u.body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || !f.isUserExpr(st, as.Rhs[0]) {
			return true
		}
		if v := st.varOf(as.Lhs[0]); v != nil && v.Name() != "_" && inScope(v, pos) {
			found = v
		}
		return true
	})
	return found
}

// userCands collects the ways the package's handlers obtain the current
// user, most common first.
func (f *fixer) userCands() []*userCand {
	if f.cands != nil {
		return f.cands
	}
	f.cands = []*userCand{}
	for _, st := range f.handlers {
		var stack []ast.Node
		ast.Inspect(st.u.body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			defer func() { stack = append(stack, n) }()
			switch n := n.(type) {
			case *ast.BlockStmt:
				for i, s := range n.List {
					as, ok := s.(*ast.AssignStmt)
					if !ok || len(as.Rhs) != 1 || !f.isUserExpr(st, as.Rhs[0]) {
						continue
					}
					c := &userCand{st: st, assign: as, expr: as.Rhs[0]}
					if i+1 < len(n.List) {
						c.guard, _ = n.List[i+1].(*ast.IfStmt)
					}
					f.cands = append(f.cands, c)
				}
			case *ast.CallExpr:
				if !f.a.isUserSource(n) {
					return true
				}
				var e ast.Expr = n
				if ta, ok := stack[len(stack)-1].(*ast.TypeAssertExpr); ok {
					e = ta
				}
				if _, ok := stack[len(stack)-1].(*ast.AssignStmt); !ok {
					f.cands = append(f.cands, &userCand{st: st, expr: e})
				}
			}
			return true
		})
	}
	count := map[string]int{}
	for _, c := range f.cands {
		s, ok := f.render(c.st, c.expr, f.neutral(c.st))
		if ok {
			c.key = s.Src
			count[c.key]++
		}
	}
	f.cands = slices.DeleteFunc(f.cands, func(c *userCand) bool { return c.key == "" })
	slices.SortStableFunc(f.cands, func(x, y *userCand) int { return cmp.Compare(count[y.key], count[x.key]) })
	return f.cands
}

// isUserExpr reports an expression yielding the current user directly:
// auth.UserFrom(ctx), c.MustGet("user").(*User).
func (f *fixer) isUserExpr(st *funcState, e ast.Expr) bool {
	e = ast.Unparen(e)
	if ta, ok := e.(*ast.TypeAssertExpr); ok {
		e = ast.Unparen(ta.X)
	}
	call, ok := e.(*ast.CallExpr)
	return ok && f.a.isUserSource(call)
}

// obtain renders candidate c for handler st: the assignment with names free
// in st, and the 401 check (the sibling's own, or one in the project's
// style).
func (f *fixer) obtain(st *funcState, c *userCand) (*user, bool) {
	rename, ok := f.params(c.st, st)
	if !ok {
		return nil, false
	}
	rhs, ok := f.render(c.st, c.expr, rename)
	if !ok {
		return nil, false
	}
	tv := f.info().TypeOf(c.expr)
	var first, second *types.Var
	var typ types.Type = tv
	if tup, ok := tv.(*types.Tuple); ok {
		if tup.Len() != 2 {
			return nil, false
		}
		typ = tup.At(0).Type()
		second = tup.At(1)
	}
	if c.assign != nil {
		first = c.st.varOf(c.assign.Lhs[0])
		if second != nil && len(c.assign.Lhs) == 2 {
			if v := c.st.varOf(c.assign.Lhs[1]); v != nil && v.Name() != "_" {
				second = v
			}
		}
	}
	names := []string{"user", "u", "currentUser", "me"}
	if _, ok := typ.Underlying().(*types.Struct); !ok {
		if _, ptr := typ.Underlying().(*types.Pointer); !ptr {
			names = []string{"uid", "userID", "currentUserID"}
		}
	}
	if first != nil && first.Name() != "_" {
		names = append([]string{first.Name()}, names...)
	}
	name := f.freeName(st, names, nil, rhs.Imports)
	if name == "" {
		return nil, false
	}
	if first != nil {
		rename[first] = name
	}
	lhs := name
	var guardVar string
	if second != nil {
		alts := []string{second.Name(), "ok", "authed"}
		if isError(second.Type()) {
			alts = []string{second.Name(), "err", "authErr"}
		}
		if second.Name() == "" || second.Name() == "_" {
			alts = alts[1:]
		}
		guardVar = f.freeName(st, alts, second.Type(), rhs.Imports)
		if guardVar == "" {
			return nil, false
		}
		rename[second] = guardVar
		lhs += ", " + guardVar
	}
	prelude := patterns.JoinSnippets("", patterns.Snippet{Src: lhs + " := "}, rhs)
	guard, ok := f.siblingGuard(c, rename, first, second)
	if !ok {
		var cond string
		switch _, ptr := typ.Underlying().(*types.Pointer); {
		case second != nil && isError(second.Type()):
			cond = guardVar + " != nil"
		case second != nil && types.Identical(second.Type().Underlying(), types.Typ[types.Bool]):
			cond = "!" + guardVar
		case ptr || types.IsInterface(typ):
			cond = name + " == nil"
		}
		if cond != "" {
			deny, ok := f.response(st, 401)
			if !ok {
				return nil, false
			}
			guard = patterns.JoinSnippets("", patterns.Snippet{Src: "if " + cond + " {\n"}, deny, patterns.Snippet{Src: "\n}"})
		}
	}
	if guard.Src != "" {
		prelude = patterns.JoinSnippets("\n", prelude, guard)
	}
	return &user{
		access: patterns.CurrentUser{Body: st.u.body.Lbrace, Prelude: prelude},
		name:   name, typ: typ,
	}, true
}

// siblingGuard renders the check a sibling makes right after obtaining the
// user, when it tests the user and leaves the handler.
func (f *fixer) siblingGuard(c *userCand, rename map[types.Object]string, vars ...*types.Var) (patterns.Snippet, bool) {
	g := c.guard
	if g == nil || g.Init != nil || g.Else != nil || len(g.Body.List) == 0 {
		return patterns.Snippet{}, false
	}
	if _, ok := g.Body.List[len(g.Body.List)-1].(*ast.ReturnStmt); !ok {
		return patterns.Snippet{}, false
	}
	objs := map[types.Object]bool{}
	for _, v := range vars {
		if v != nil {
			objs[v] = true
		}
	}
	if !f.mentions(g.Cond, objs) {
		return patterns.Snippet{}, false
	}
	return f.render(c.st, g, rename)
}

// params maps the handler parameters (and receiver) of sibling from to the
// names they have in to.
func (f *fixer) params(from, to *funcState) (map[types.Object]string, bool) {
	info := f.info()
	fp, _ := httpx.ParamsOf(info, from.u.node)
	tp, _ := httpx.ParamsOf(info, to.u.node)
	if fp.Kind != tp.Kind {
		return nil, false
	}
	m := map[types.Object]string{}
	pair := func(a, b *types.Var) {
		if a != nil && b != nil && b.Name() != "_" && b.Name() != "" {
			m[a] = b.Name()
		}
	}
	pair(fp.Writer, tp.Writer)
	pair(fp.Request, tp.Request)
	pair(fp.Context, tp.Context)
	if fd, ok := from.u.node.(*ast.FuncDecl); ok && fd.Recv != nil {
		if td, ok := to.u.node.(*ast.FuncDecl); ok && td.Recv != nil {
			fr, tr := recvVar(info, fd), recvVar(info, td)
			if fr != nil && tr != nil && types.Identical(fr.Type(), tr.Type()) {
				pair(fr, tr)
			}
		}
	}
	return m, true
}

func recvVar(info *types.Info, fd *ast.FuncDecl) *types.Var {
	if len(fd.Recv.List) == 0 || len(fd.Recv.List[0].Names) == 0 {
		return nil
	}
	v, _ := info.Defs[fd.Recv.List[0].Names[0]].(*types.Var)
	return v
}

// neutral renames a handler's parameters to fixed names, so that the same
// code in two handlers renders the same.
func (f *fixer) neutral(st *funcState) map[types.Object]string {
	hp, _ := httpx.ParamsOf(f.info(), st.u.node)
	m := map[types.Object]string{}
	for v, n := range map[*types.Var]string{hp.Writer: "w", hp.Request: "r", hp.Context: "c"} {
		if v != nil {
			m[v] = n
		}
	}
	if fd, ok := st.u.node.(*ast.FuncDecl); ok && fd.Recv != nil {
		if v := recvVar(f.info(), fd); v != nil {
			m[v] = "recv"
		}
	}
	return m
}

// freeName returns the first of names that st can declare at the top of
// its body: nothing in st refers to another object by that name, and a
// top-level declaration of it is a := that would reuse it with type reuse.
func (f *fixer) freeName(st *funcState, names []string, reuse types.Type, imports map[string]string) string {
	for _, n := range names {
		if _, clash := imports[n]; !clash && n != "_" && token.IsIdentifier(n) && f.free(st, n, reuse) {
			return n
		}
	}
	return ""
}

func (f *fixer) free(st *funcState, name string, reuse types.Type) bool {
	info := f.info()
	var ftype *ast.FuncType
	switch n := st.u.node.(type) {
	case *ast.FuncDecl:
		ftype = n.Type
		if n.Recv != nil {
			for _, fl := range n.Recv.List {
				for _, id := range fl.Names {
					if id.Name == name {
						return false
					}
				}
			}
		}
	case *ast.FuncLit:
		ftype = n.Type
	}
	top := info.Scopes[ftype]
	node := st.u.node
	ok := true
	ast.Inspect(node, func(n ast.Node) bool {
		id, isID := n.(*ast.Ident)
		if !ok || !isID || id.Name != name {
			return ok
		}
		if obj := info.Defs[id]; obj != nil {
			if obj.Parent() == top && !(reuse != nil && types.Identical(obj.Type(), reuse) && redeclared(node, id, info)) {
				ok = false
			}
			return true
		}
		obj := info.Uses[id]
		if obj == nil {
			return true
		}
		if v, isVar := obj.(*types.Var); isVar && v.IsField() {
			return true
		}
		if fn, isFn := obj.(*types.Func); isFn && fn.Signature().Recv() != nil {
			return true
		}
		if obj.Pos() < node.Pos() || obj.Pos() >= node.End() {
			ok = false
		}
		return true
	})
	return ok
}

// redeclared reports whether id is defined by a := that defines another new
// variable too, so that an earlier declaration of id makes it an assignment.
func redeclared(root ast.Node, id *ast.Ident, info *types.Info) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if found || !ok || as.Tok != token.DEFINE || !slices.Contains(as.Lhs, ast.Expr(id)) {
			return !found
		}
		for _, l := range as.Lhs {
			if lid, ok := l.(*ast.Ident); ok && lid != id && lid.Name != "_" && info.Defs[lid] != nil {
				found = true
			}
		}
		return false
	})
	return found
}

// --- responses ---

// response returns how st answers status (401 or 404) and leaves: the
// handler's own statement, else the siblings' most common one, else the
// framework's plain answer.
func (f *fixer) response(st *funcState, status int) (patterns.Snippet, bool) {
	best, bestN := patterns.Snippet{}, 0
	count := map[string]int{}
	for _, sib := range append([]*funcState{st}, f.handlers...) {
		if sib.u.kind != st.u.kind {
			continue
		}
		rename, ok := f.params(sib, st)
		if !ok {
			continue
		}
		for _, s := range f.responses(sib, status) {
			r, ok := f.render(sib, s, rename)
			if !ok {
				continue
			}
			if st.u.kind != httpx.EchoHandler {
				r.Src += "\nreturn"
			}
			if sib == st {
				return r, true
			}
			count[r.Src]++
			if count[r.Src] > bestN {
				best, bestN = r, count[r.Src]
			}
		}
	}
	if bestN > 0 {
		return best, true
	}
	return f.defaultResponse(st, status)
}

// responses lists st's statements that answer status: a call given the
// status (or http.NotFound) followed by return, or for echo a return of an
// error carrying it.
func (f *fixer) responses(st *funcState, status int) []ast.Stmt {
	var out []ast.Stmt
	ast.Inspect(st.u.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		b, ok := n.(*ast.BlockStmt)
		if !ok {
			return true
		}
		for i, s := range b.List {
			switch s := s.(type) {
			case *ast.ExprStmt:
				call, ok := s.X.(*ast.CallExpr)
				if !ok || st.u.kind == httpx.EchoHandler || i+1 >= len(b.List) {
					continue
				}
				if ret, ok := b.List[i+1].(*ast.ReturnStmt); !ok || len(ret.Results) > 0 {
					continue
				}
				if f.carries(call, status) {
					out = append(out, s)
				}
			case *ast.ReturnStmt:
				if st.u.kind == httpx.EchoHandler && len(s.Results) == 1 && f.carries(s.Results[0], status) {
					out = append(out, s)
				}
			}
		}
		return true
	})
	return out
}

// carries reports whether e passes status: a constant argument, http.NotFound
// for 404, echo.ErrNotFound / ErrUnauthorized.
func (f *fixer) carries(e ast.Expr, status int) bool {
	info := f.info()
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.CallExpr:
			if fn := calleeFunc(info, x); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "net/http" && fn.Name() == "NotFound" && status == 404 {
				found = true
			}
			for _, a := range x.Args {
				if tv, ok := info.Types[a]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
					if v, ok := constant.Int64Val(tv.Value); ok && v == int64(status) {
						found = true
					}
				}
			}
		case *ast.SelectorExpr:
			if obj := info.Uses[x.Sel]; obj != nil && obj.Pkg() != nil && httpx.SamePackage(obj.Pkg().Path(), httpx.Echo) {
				found = status == 404 && obj.Name() == "ErrNotFound" || status == 401 && obj.Name() == "ErrUnauthorized"
			}
		}
		return true
	})
	return found
}

func (f *fixer) defaultResponse(st *funcState, status int) (patterns.Snippet, bool) {
	hp, _ := httpx.ParamsOf(f.info(), st.u.node)
	named := func(v *types.Var) bool { return v != nil && v.Name() != "_" && v.Name() != "" }
	code := "http.StatusNotFound"
	if status == 401 {
		code = "http.StatusUnauthorized"
	}
	httpImp := map[string]string{"http": "net/http"}
	switch st.u.kind {
	case httpx.NetHTTPHandler:
		if !named(hp.Writer) {
			return patterns.Snippet{}, false
		}
		return patterns.Snippet{Src: "http.Error(" + hp.Writer.Name() + ", http.StatusText(" + code + "), " + code + ")\nreturn", Imports: httpImp}, true
	case httpx.GinHandler:
		if !named(hp.Context) {
			return patterns.Snippet{}, false
		}
		return patterns.Snippet{Src: hp.Context.Name() + ".AbortWithStatus(" + code + ")\nreturn", Imports: httpImp}, true
	case httpx.EchoHandler:
		name := "ErrNotFound"
		if status == 401 {
			name = "ErrUnauthorized"
		}
		return patterns.Snippet{Src: "return echo." + name, Imports: map[string]string{"echo": httpx.Echo}}, true
	}
	return patterns.Snippet{}, false
}

// --- rendering ---

// render returns the source of n as written, with the objects in rename
// renamed, for use in another function of the package; false when n
// refers to a local variable that rename does not map.
func (f *fixer) render(st *funcState, n ast.Node, rename map[types.Object]string) (patterns.Snippet, bool) {
	info := f.info()
	tf := f.a.pass.Fset.File(n.Pos())
	if tf == nil {
		return patterns.Snippet{}, false
	}
	src, ok := f.src[tf.Name()]
	if !ok {
		var err error
		src, err = f.a.pass.ReadFile(tf.Name())
		if err != nil || len(src) != tf.Size() {
			return patterns.Snippet{}, false
		}
		f.src[tf.Name()] = src
	}
	type repl struct {
		start, end int
		text       string
	}
	var repls []repl
	imports := map[string]string{}
	portable := true
	ast.Inspect(n, func(n ast.Node) bool {
		if !portable {
			return false
		}
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				if pn, ok := info.Uses[id].(*types.PkgName); ok {
					imports[id.Name] = pn.Imported().Path()
					return false
				}
			}
			return true
		}
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		if obj == nil {
			return true
		}
		if name, ok := rename[obj]; ok {
			if name != id.Name {
				repls = append(repls, repl{tf.Offset(id.Pos()), tf.Offset(id.End()), name})
			}
			return true
		}
		switch o := obj.(type) {
		case *types.PkgName:
			imports[id.Name] = o.Imported().Path()
			return true
		case *types.Var:
			if o.IsField() {
				return true
			}
		case *types.Func:
			if o.Signature().Recv() != nil {
				return true
			}
		}
		if p := obj.Parent(); p == types.Universe || p == f.a.pass.Pkg.Scope() {
			return true
		}
		portable = false
		return false
	})
	if !portable {
		return patterns.Snippet{}, false
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	var b strings.Builder
	last := start
	for _, r := range repls {
		b.Write(src[last:r.start])
		b.WriteString(r.text)
		last = r.end
	}
	b.Write(src[last:end])
	return patterns.Snippet{Src: b.String(), Imports: imports}, true
}
