package sqlconcat

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/prodready/prodready/analysis/internal/astx"
	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

// FixSites returns one Site per reported construction that has a fix:
// sql/allow-list where the text splices identifiers, sql/parameterize
// where it splices values.
func (r *Result) FixSites() []patterns.Site { return r.sites }

var _ patterns.Sites = (*Result)(nil)

// fixes returns the fix of a finding, if one applies. A finding that
// splices both values and identifiers, or SQL fragments, has none: no one
// pattern clears it.
func (p *pkgState) fixes(f *Finding) []patterns.Fix {
	fs := p.fnAt(f.Call.Pos())
	file := astx.FileOf(p.pass.Files, f.Call.Pos())
	if fs == nil || file == nil {
		return nil
	}
	values, idents := 0, 0
	for _, v := range f.Values {
		switch v.Kind {
		case KindFragment:
			return nil
		case KindIdentifier:
			idents++
		default:
			values++
		}
	}
	switch {
	case idents > 0 && values > 0:
		return nil
	case idents > 0:
		if a, ok := p.allowList(fs, file, f); ok {
			return []patterns.Fix{a.Fix()}
		}
	default:
		if pp, ok := p.parameterize(fs, file, f); ok {
			return []patterns.Fix{pp.Fix()}
		}
	}
	return nil
}

func (p *pkgState) fnAt(pos token.Pos) *fnState {
	for _, fs := range p.funcs {
		if fs.decl.Pos() <= pos && pos < fs.decl.End() {
			return fs
		}
	}
	return nil
}

// --- sql/parameterize ---

// parameterize fills sql/parameterize for a finding whose text has one
// shape: built in the call's block, unconditionally, into variables that
// feed only this call, from values the pattern can move into arguments.
func (p *pkgState) parameterize(fs *fnState, file *ast.File, f *Finding) (patterns.ParameterizeParams, bool) {
	pp := patterns.ParameterizeParams{Call: f.Call.Pos(), CallEnd: f.Call.End()}
	info := p.pass.TypesInfo
	if f.ArgStart < 0 {
		return pp, false
	}
	dollar, question := placeholders(partsBefore(f.Parts, len(f.Parts)))
	switch {
	case f.Style == StyleDollar && question == 0 && f.Args == dollar:
	case f.Style == StyleQuestion && dollar == 0 && f.Args == question:
	default:
		return pp, false // named placeholders, or arguments that do not match the text's
	}
	callStmt, block := enclosingStmt(file, f.Call)
	if callStmt == nil || !fs.oneShape(file, f, callStmt, block) {
		return pp, false
	}
	index := map[ast.Node]int{}
	for _, v := range f.Values {
		if v.Nested || v.Placeholder == "" || v.ArgIndex < 0 || v.Clause == "LIMIT" || v.Clause == "OFFSET" {
			return pp, false
		}
		if !v.Quoted && inList(partsBefore(f.Parts, v.Part)) {
			return pp, false // IN (%s): a list, not one value
		}
		if !isPlainString(info.TypeOf(v.Expr)) || !spliced(info, v) || hasComment(file, v.Construction) {
			return pp, false
		}
		if !within(v.Construction, callStmt) && !fs.unchanged(v.Expr, v.Construction.End(), f.Call.Pos()) {
			return pp, false
		}
		i, ok := index[v.Construction]
		if !ok {
			i = len(pp.Texts)
			index[v.Construction] = i
			pp.Texts = append(pp.Texts, patterns.SQLText{Pos: v.Construction.Pos(), End: v.Construction.End()})
		}
		pp.Texts[i].Values = append(pp.Texts[i].Values, patterns.SQLValue{
			Pos: v.Expr.Pos(), End: v.Expr.End(), Placeholder: v.Placeholder, Quoted: v.Quoted, ArgIndex: f.ArgStart + v.ArgIndex,
		})
	}
	return pp, len(pp.Texts) > 0
}

// partsBefore is the constant text of parts[:i], non-constant parts as
// slots.
func partsBefore(parts []Part, i int) string {
	var b strings.Builder
	for _, pt := range parts[:i] {
		if pt.Expr != nil {
			b.WriteString(valueSlot)
			continue
		}
		b.WriteString(pt.Text)
	}
	return b.String()
}

// inList reports text ending inside IN (…), ANY (…) or ALL (…).
func inList(before string) bool {
	toks, _ := lexSQL(before)
	paren := openParen(toks)
	if paren <= 0 {
		return false
	}
	switch toks[paren-1].text {
	case "in", "any", "all":
		return true
	}
	return false
}

// isPlainString reports a string type: a value of it passes to every
// driver as text. Byte slices would be bytea, interfaces anything.
func isPlainString(t types.Type) bool {
	b, ok := typeUnder(t).(*types.Basic)
	return ok && b.Kind() == types.String
}

// spliced reports whether the value is an operand or argument of its
// construction as the pattern rewrites it: an operand of a + chain
// (between literals holding the quotes when quoted), a %s, %v or %d
// argument of fmt.Sprintf or Fprintf, or the whole text of a builder
// write or a += (then not quoted: the quotes are elsewhere).
func spliced(info *types.Info, v *Value) bool {
	switch c := v.Construction.(type) {
	case *ast.BinaryExpr:
		ops := addOperands(c)
		i := slices.Index(ops, v.Expr)
		if i < 0 {
			return false
		}
		if !v.Quoted {
			return true
		}
		return i > 0 && i+1 < len(ops) && litHolds(ops[i-1], '\'') && litHolds(ops[i+1], '\'')
	case *ast.AssignStmt:
		return !v.Quoted && c.Tok == token.ADD_ASSIGN && len(c.Rhs) == 1 && c.Rhs[0] == v.Expr
	case *ast.CallExpr:
		fn := calleeFunc(info, c)
		if fn == nil || fn.Pkg() == nil {
			return false
		}
		if fn.Pkg().Path() == "fmt" && (fn.Name() == "Sprintf" || fn.Name() == "Fprintf") {
			return (v.Verb == "%s" || v.Verb == "%v" || v.Verb == "%d") && slices.Contains(c.Args, v.Expr)
		}
		return !v.Quoted && isBuilder(recvType(fn)) && len(c.Args) == 1 && c.Args[0] == v.Expr
	}
	return false
}

// litHolds reports a string literal containing c.
func litHolds(e ast.Expr, c byte) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == token.STRING && strings.IndexByte(lit.Value, c) >= 0
}

func hasComment(file *ast.File, n ast.Node) bool {
	for _, cg := range file.Comments {
		if n.Pos() <= cg.Pos() && cg.End() <= n.End() {
			return true
		}
	}
	return false
}

func within(n, outer ast.Node) bool { return outer.Pos() <= n.Pos() && n.End() <= outer.End() }

// enclosingStmt returns the statement of a block (or case clause) that
// holds n, and the block.
func enclosingStmt(file *ast.File, n ast.Node) (ast.Stmt, ast.Node) {
	st, _, owner := astx.StmtOf(file, n)
	return st, owner
}

// oneShape reports whether the SQL text reaching the call always has the
// shape the finding describes, and feeds this call only: every variable
// whose text it holds is assigned in the call's block before the call,
// never in a branch or loop, and used nowhere but in those assignments
// and the call; every construction is one of those assignments or in the
// call's SQL argument.
func (fs *fnState) oneShape(file *ast.File, f *Finding, callStmt ast.Stmt, block ast.Node) bool {
	info := fs.p.pass.TypesInfo
	leaves := map[*ast.Ident]bool{} // identifiers inside non-constant pieces: values, kept as they are
	for _, pt := range f.Parts {
		if pt.Expr != nil {
			ast.Inspect(pt.Expr, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					leaves[id] = true
				}
				return true
			})
		}
	}
	regions := []ast.Node{f.SQL}
	seen := map[*types.Var]bool{}
	var vars []*types.Var
	collect := func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || leaves[id] {
				return true
			}
			if v := fs.localVar(id); v != nil && !seen[v] && (isStringType(v.Type()) || isBuilder(v.Type())) {
				seen[v] = true
				vars = append(vars, v)
			}
			return true
		})
	}
	collect(f.SQL)
	for i := 0; i < len(vars); i++ {
		v := vars[i]
		if fs.paramIndex(v) >= 0 || fs.guarded[v] {
			return false
		}
		for _, a := range fs.assigns[v] {
			st, blk := enclosingStmt(file, a.node)
			if a.rhs == nil || blk != block || st.Pos() >= callStmt.Pos() {
				return false
			}
			regions = append(regions, a.node)
			collect(a.node)
		}
	}
	inRegion := func(n ast.Node) bool {
		return slices.ContainsFunc(regions, func(r ast.Node) bool { return within(n, r) })
	}
	ok := true
	ast.Inspect(fs.decl.Body, func(n ast.Node) bool {
		if id, isID := n.(*ast.Ident); isID && ok {
			if v, isVar := info.Uses[id].(*types.Var); isVar && seen[v] && !inRegion(id) {
				ok = false // the text is used elsewhere too
			}
		}
		return ok
	})
	for _, c := range f.Constructions {
		ok = ok && inRegion(c)
	}
	return ok
}

// unchanged reports whether moving e from where the construction
// evaluates it (before from) to the query call (at to) keeps its value:
// it is a variable or a field path of one, not assigned in between, and
// its address is not taken.
func (fs *fnState) unchanged(e ast.Expr, from, to token.Pos) bool {
	root := e
	for {
		sel, ok := ast.Unparen(root).(*ast.SelectorExpr)
		if !ok {
			break
		}
		root = sel.X
	}
	id, ok := ast.Unparen(root).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := fs.p.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || fs.addr[v] {
		return false
	}
	info := fs.p.pass.TypesInfo
	changed := false
	ast.Inspect(fs.decl.Body, func(n ast.Node) bool {
		if n == nil || n.End() <= from || n.Pos() >= to || changed {
			return !changed
		}
		var lhs []ast.Expr
		switch s := n.(type) {
		case *ast.AssignStmt:
			lhs = s.Lhs
		case *ast.IncDecStmt:
			lhs = []ast.Expr{s.X}
		case *ast.RangeStmt:
			lhs = []ast.Expr{s.Key, s.Value}
		}
		for _, l := range lhs {
			if l == nil || l.Pos() < from || l.Pos() >= to {
				continue
			}
			if rid, ok := rootIdent(l); ok && info.ObjectOf(rid) == v {
				changed = true
			}
		}
		return true
	})
	return !changed
}

// --- sql/allow-list ---

// allowList fills sql/allow-list for a finding that splices identifiers:
// per identifier the names it may take, from the package's queries, and
// what an unknown one becomes.
func (p *pkgState) allowList(fs *fnState, file *ast.File, f *Finding) (patterns.AllowListParams, bool) {
	var ap patterns.AllowListParams
	info := p.pass.TypesInfo
	checked := map[string]bool{}
	for _, v := range f.Values {
		if v.Nested || !isPlainString(info.TypeOf(v.Expr)) {
			return ap, false
		}
		what, qualifier := identSlot(f.Prefix+partsBefore(f.Parts, v.Part), v.Clause)
		stmt, _ := enclosingStmt(file, v.Construction)
		if what == "" || stmt == nil {
			return ap, false
		}
		c := patterns.AllowCheck{Stmt: stmt.Pos(), Value: v.Expr.Pos(), ValueEnd: v.Expr.End(), What: what}
		lv := fs.localVar(v.Expr)
		switch {
		case lv != nil:
			c.Var = lv.Name()
		case fs.origin(v.Expr)&fromRequest != 0 && isReadExpr(v.Expr):
			c.Var, c.Declare = astx.FreeName(fs.p.pass.Pkg, fs.decl, strings.Fields(what)[len(strings.Fields(what))-1], stmt.Pos()), true
		default:
			return ap, false
		}
		if checked[c.Var] {
			continue
		}
		checked[c.Var] = true
		c.Allowed, c.Default = p.allowedNames(fs, f, what, qualifier, lv)
		if v.Clause != "ORDER BY" {
			// Only an order has a harmless default: another column in
			// WHERE or GROUP BY changes which rows or groups come back.
			c.Default = ""
		}
		if len(c.Allowed) == 0 {
			return ap, false
		}
		if c.Default == "" {
			reject, ok := fs.rejection(f.Func, what, c.Var)
			if !ok {
				return ap, false
			}
			c.Reject = reject
		}
		ap.Checks = append(ap.Checks, c)
	}
	return ap, len(ap.Checks) > 0
}

// identSlot names what an identifier stands for from the text before it:
// "table", "column" or "sort direction", and the qualifier before a dot
// (alias.%s); "" for a slot the pattern does not check (the SELECT list,
// whose value may be a list of columns; an alias).
func identSlot(before, clause string) (what, qualifier string) {
	toks, _ := lexSQL(before)
	if len(toks) == 0 {
		return "", ""
	}
	last := toks[len(toks)-1]
	switch {
	case last.text == "from" || last.text == "join" || last.text == "into" || last.text == "update" || last.text == "table" || last.text == "truncate":
		return "table", ""
	case last.text == "." && len(toks) >= 2 && isName(toks[len(toks)-2]):
		return "column", toks[len(toks)-2].text
	case clause != "ORDER BY" && clause != "GROUP BY":
		if last.text == "where" || last.text == "and" || last.text == "or" || last.text == "on" || last.text == "having" {
			return "column", "" // WHERE %s = $1
		}
	case last.text == "by" || last.text == ",":
		return "column", ""
	case clause == "ORDER BY" && last.kind == 'w' && (isName(last) || last.text == valueSlot[1:len(valueSlot)-1]):
		return "sort direction", ""
	}
	return "", ""
}

// isReadExpr reports an expression that reads a value without changing
// anything, so it can be evaluated once before the statement: a call
// chain of accessors (r.FormValue("sort"), r.URL.Query().Get("sort"),
// c.Query("sort")) or a field path.
func isReadExpr(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return isReadExpr(x.X)
	case *ast.CallExpr:
		for _, a := range x.Args {
			if !isReadExpr(a) {
				return false
			}
		}
		return isReadExpr(x.Fun)
	case *ast.IndexExpr:
		return isReadExpr(x.X) && isReadExpr(x.Index)
	}
	return false
}

// allowedNames returns the names an identifier may take and the default
// an unknown one becomes ("" for tables: there is none).
func (p *pkgState) allowedNames(fs *fnState, f *Finding, what, qualifier string, v *types.Var) (allowed []string, def string) {
	fallback := fs.fallback(v)
	switch what {
	case "sort direction":
		allowed = []string{"ASC", "DESC", "asc", "desc"}
		if slices.Contains(allowed, fallback) {
			return allowed, fallback
		}
		return allowed, "ASC"
	case "table":
		own := &schema{columns: map[string][]string{}, orderBy: map[string][]string{}}
		own.learn(partsBefore(f.Parts, len(f.Parts)))
		allowed = append(allowed, own.tables...)
		for _, t := range p.schemaOf().tables {
			allowed = appendNew(allowed, t)
		}
		return allowed, ""
	}
	var orderBy []string
	if f.Library == "gorm" {
		allowed = p.gormModelColumns(f.Call)
	} else {
		text := partsBefore(f.Parts, len(f.Parts))
		toks, _ := lexSQL(text)
		st := tablesOf(toks)
		table := st.aliases[qualifier]
		if qualifier == "" && len(st.tables) == 1 && !st.derived {
			table = st.tables[0]
		}
		if table == "" {
			return nil, ""
		}
		own := &schema{columns: map[string][]string{}, orderBy: map[string][]string{}}
		own.learn(text)
		pkg := p.schemaOf()
		allowed = append(allowed, own.columns[table]...)
		for _, c := range pkg.columns[table] {
			allowed = appendNew(allowed, c)
		}
		orderBy = pkg.orderBy[table]
	}
	switch {
	case len(allowed) == 0:
		return nil, ""
	case fallback != "" && isColumnName(fallback):
		return appendNew(allowed, fallback), fallback
	case len(orderBy) > 0 && slices.Contains(allowed, orderBy[0]):
		return allowed, orderBy[0]
	case slices.Contains(allowed, "id"):
		return allowed, "id"
	}
	return allowed, allowed[0]
}

// isColumnName reports text that is one plain SQL name.
func isColumnName(s string) bool {
	toks, _ := lexSQL(s)
	return len(toks) == 1 && isName(toks[0]) && strings.ToLower(s) == s
}

// fallback returns the non-empty constant the function assigns to v, if
// any: the default the code already has (if order == "" { order =
// "created_at" }).
func (fs *fnState) fallback(v *types.Var) string {
	if v == nil {
		return ""
	}
	for _, a := range fs.assigns[v] {
		if a.rhs == nil {
			continue
		}
		if s, ok := constString(fs.p.pass.TypesInfo, a.rhs); ok && s != "" {
			return s
		}
	}
	return ""
}

// gormModelColumns returns the columns of the model a gorm chain works on:
// the struct given to Model, Find, First, Scan… before or after call.
func (p *pkgState) gormModelColumns(call *ast.CallExpr) []string {
	info := p.pass.TypesInfo
	file := astx.FileOf(p.pass.Files, call.Pos())
	path, _ := astutil.PathEnclosingInterval(file, call.Pos(), call.End())
	var chain []*ast.CallExpr
	for _, n := range path {
		if c, ok := n.(*ast.CallExpr); ok {
			chain = append(chain, c)
		}
	}
	for x := ast.Expr(call); ; {
		c, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok {
			break
		}
		chain = append(chain, c)
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok {
			break
		}
		x = sel.X
	}
	for _, c := range chain {
		fn := calleeFunc(info, c)
		if fn == nil || libraryName(fn) != "gorm" {
			continue
		}
		switch fn.Name() {
		case "Model", "Find", "First", "Last", "Take", "Scan", "FirstOrInit", "FirstOrCreate":
		default:
			continue
		}
		for _, a := range c.Args {
			if cols := gormColumns(info.TypeOf(a)); len(cols) > 0 {
				return cols
			}
		}
	}
	return nil
}

// rejection returns the statements refusing an unknown identifier where
// there is no default: in a handler a 400 answer (http.Error, gin's
// AbortWithStatus, echo's HTTPError), in a function whose last result is
// an error a return of zero values and an error.
func (fs *fnState) rejection(fn ast.Node, what, name string) (patterns.Snippet, bool) {
	info := fs.p.pass.TypesInfo
	httpImport := map[string]string{"http": "net/http"}
	if hp, ok := httpx.ParamsOf(info, fn); ok {
		switch {
		case hp.Kind == httpx.NetHTTPHandler && hp.Writer != nil && hp.Writer.Name() != "_":
			return patterns.Snippet{Src: "http.Error(" + hp.Writer.Name() + `, "unknown ` + what + `", http.StatusBadRequest)` + "\nreturn", Imports: httpImport}, true
		case hp.Kind == httpx.GinHandler && hp.Context != nil && hp.Context.Name() != "_":
			return patterns.Snippet{Src: hp.Context.Name() + ".AbortWithStatus(http.StatusBadRequest)\nreturn", Imports: httpImport}, true
		case hp.Kind == httpx.EchoHandler && hp.Context != nil:
			if n, ok := types.Unalias(hp.Context.Type()).(*types.Named); ok && n.Obj().Pkg() != nil {
				return patterns.Snippet{Src: `return echo.NewHTTPError(http.StatusBadRequest, "unknown ` + what + `")`,
					Imports: map[string]string{"http": "net/http", "echo": n.Obj().Pkg().Path()}}, true
			}
		}
		return patterns.Snippet{}, false
	}
	var sig *types.Signature
	switch n := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := info.Defs[n.Name].(*types.Func); ok {
			sig = obj.Type().(*types.Signature)
		}
	case *ast.FuncLit:
		sig, _ = info.TypeOf(n).(*types.Signature)
	}
	if sig == nil {
		return patterns.Snippet{}, false
	}
	res := sig.Results()
	if res.Len() == 0 || !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return patterns.Snippet{}, false
	}
	var vals []string
	for i := range res.Len() - 1 {
		z, ok := zeroValue(res.At(i).Type())
		if !ok {
			return patterns.Snippet{}, false
		}
		vals = append(vals, z)
	}
	vals = append(vals, `fmt.Errorf("unknown `+what+` %q", `+name+`)`)
	return patterns.Snippet{Src: "return " + strings.Join(vals, ", "), Imports: map[string]string{"fmt": "fmt"}}, true
}

// zeroValue spells the zero value of t where it needs no type name.
func zeroValue(t types.Type) (string, bool) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil", true
	}
	return "", false
}
