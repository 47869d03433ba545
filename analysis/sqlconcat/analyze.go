package sqlconcat

import (
	"go/ast"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// found is one non-constant piece read in its SQL context.
type found struct {
	pc     piece
	src    Source
	kind   ValueKind
	clause string
	quoted bool
	part   int // index of the top-level piece
	nested bool
	offset int
}

// analyze checks the function's query calls and calls of functions with
// facts, and returns the function's fact. Findings are recorded in the
// last round only.
func (fs *fnState) analyze() *FuncFact {
	fs.memo, fs.busy, fs.uses = map[*types.Var]Source{}, map[*types.Var]bool{}, nil
	ast.Inspect(fs.decl.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			fs.checkCall(call)
		}
		return true
	})
	f := &FuncFact{Params: fs.uses}
	sig := fs.fn.Type().(*types.Signature)
	if sig.Results().Len() > 0 && isStringType(sig.Results().At(0).Type()) {
		f.Returns = true
		ast.Inspect(fs.decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if len(n.Results) > 0 && len(n.Results) == sig.Results().Len() {
					f.Results |= fs.origin(n.Results[0]) &^ fromFragment
				} else if len(n.Results) == 0 {
					f.Results |= fromOther // named results
				}
			}
			return true
		})
		if f.Results&fromOther != 0 {
			// Unknown text is what a call without a fact means already.
			f.Returns, f.Results = false, 0
		}
	}
	return f
}

func (fs *fnState) addUse(u ParamUse) {
	for _, o := range fs.uses {
		if o.Param == u.Param && o.Reported == u.Reported && o.Position == u.Position {
			return
		}
	}
	fs.uses = append(fs.uses, u)
}

// checkCall handles query calls and calls of functions whose parameters
// end up in SQL text.
func (fs *fnState) checkCall(call *ast.CallExpr) {
	info := fs.p.pass.TypesInfo
	fn := calleeFunc(info, call)
	if fn == nil {
		return
	}
	if s, ok := sinkOf(info, call, fn); ok {
		if s.sql < len(call.Args) {
			fs.checkText(call, fn, s, call.Args[s.sql])
		}
		return
	}
	f := fs.p.factOf(fn)
	if f == nil {
		return
	}
	for _, u := range f.Params {
		if u.Param >= len(call.Args) || call.Ellipsis.IsValid() && u.Param >= len(call.Args)-1 {
			continue
		}
		arg := call.Args[u.Param]
		if !u.Reported {
			s := sink{lib: shortName(fn), sql: u.Param, args: -1, prefix: u.Context, style: u.Style}
			if u.ArgsParam >= 0 && !call.Ellipsis.IsValid() {
				s.args = u.ArgsParam
			}
			fs.checkText(call, fn, s, arg)
			continue
		}
		src := fs.origin(arg)
		via := append([]string{fs.name()}, u.Via...)
		for _, p := range src.params() {
			fs.addUse(ParamUse{Param: p, Kind: u.Kind, Reported: true, Clause: u.Clause, Position: u.Position, Func: u.Func, Via: via, ArgsParam: -1})
		}
		if src&fromRequest != 0 && fs.p.final {
			h := fs.handlerOf(call.Pos())
			if h == nil {
				continue
			}
			fl := &Flow{Handler: h, Call: call, Arg: arg, Sources: src & fromRequest, Target: u.Position, Func: u.Func, Via: u.Via}
			if fn.Pkg() == fs.p.pass.Pkg {
				fs.p.attach(fl)
			} else {
				fs.p.flows = append(fs.p.flows, fl)
			}
		}
	}
}

// attach adds a same-package handler flow to the finding it reaches.
func (p *pkgState) attach(fl *Flow) {
	for _, f := range p.findings {
		for _, v := range f.Values {
			if p.pass.Fset.Position(v.Construction.Pos()) == fl.Target {
				f.Handlers = append(f.Handlers, fl)
				return
			}
		}
	}
	p.flows = append(p.flows, fl)
}

// checkText reads the SQL text argument of a query call.
func (fs *fnState) checkText(call *ast.CallExpr, fn *types.Func, s sink, sqlExpr ast.Expr) {
	layout := fs.expand(sqlExpr, nil, call.Pos(), 0)
	if s.ident && len(layout) == 1 && layout[0].expr != nil {
		layout[0].cons = sqlExpr // db.Order(sort): the argument is the construction
	}
	founds := fs.culprits(layout, s.prefix, 0)
	var report []found
	for _, fd := range founds {
		if fd.kind == KindFragment {
			// SQL text handed over whole, or a condition built elsewhere:
			// the function is a wrapper; its callers are checked.
			for _, p := range fd.src.params() {
				u := ParamUse{Param: p, Kind: KindFragment, Context: s.prefix + textBefore(layout, fd.part),
					Position: fs.p.pass.Fset.Position(call.Pos()), Func: fs.name(), ArgsParam: -1, Style: s.style}
				if fd.part == 0 && len(layout) == 1 {
					u.Context = s.prefix
					u.ArgsParam = fs.forwardedArgs(call, s)
				}
				fs.addUse(u)
			}
			if fd.src&fromRequest != 0 {
				report = append(report, fd)
			}
			continue
		}
		for _, p := range fd.src.params() {
			fs.addUse(ParamUse{Param: p, Kind: fd.kind, Reported: true, Clause: fd.clause,
				Position: fs.p.pass.Fset.Position(fd.pc.cons.Pos()), Func: fs.name(), ArgsParam: -1})
		}
		if fd.src&(fromRequest|fromOther) != 0 || !fs.callersSafe(fd.src) {
			report = append(report, fd)
		}
	}
	if len(report) == 0 || !fs.p.final {
		return
	}
	fs.p.findings = append(fs.p.findings, fs.finding(call, fn, s, sqlExpr, layout, report))
}

// forwardedArgs returns the index of the wrapper's variadic parameter
// that the call forwards as query arguments (args...), -1 when none.
func (fs *fnState) forwardedArgs(call *ast.CallExpr, s sink) int {
	if s.args < 0 || !call.Ellipsis.IsValid() || len(call.Args) != s.args+1 {
		return -1
	}
	if v := fs.localVar(call.Args[s.args]); v != nil {
		return fs.paramIndex(v)
	}
	return -1
}

// callersSafe reports whether every parameter in src is one that all
// callers fill with safe values: the function is unexported, never used
// as a value, and each call in the package passes a constant, a number, a
// checked value or a parameter that is itself safe.
func (fs *fnState) callersSafe(src Source) bool {
	ps := src.params()
	if len(ps) == 0 {
		return true
	}
	for _, i := range ps {
		if !fs.p.paramSafe(fs.fn, i) {
			return false
		}
	}
	return true
}

func (p *pkgState) paramSafe(fn *types.Func, i int) bool {
	fn = fn.Origin()
	if fn.Exported() || p.escapes[fn] || len(p.calls[fn]) == 0 {
		return false
	}
	key := paramKey{fn, i}
	if r, ok := p.safeMemo[key]; ok {
		return r >= 0 // in progress counts as safe: recursion adds nothing
	}
	p.safeMemo[key] = 0
	ok := true
	for _, ref := range p.calls[fn] {
		if i >= len(ref.call.Args) {
			continue
		}
		if ref.caller.memo == nil {
			ref.caller.memo, ref.caller.busy = map[*types.Var]Source{}, map[*types.Var]bool{}
		}
		src := ref.caller.origin(ref.call.Args[i])
		if src&(fromRequest|fromOther) != 0 {
			ok = false
			break
		}
		for _, q := range src.params() {
			if !p.paramSafe(ref.caller.fn, q) {
				ok = false
			}
		}
		if !ok {
			break
		}
	}
	if ok {
		p.safeMemo[key] = 1
	} else {
		p.safeMemo[key] = -1
	}
	return ok
}

// culprits reads each non-constant piece of layout in its SQL context and
// returns those that can carry attacker-chosen text. Pieces built
// elsewhere (a variable assigned in branches, a joined slice of
// conditions) are followed to the constructions inside them.
func (fs *fnState) culprits(layout []piece, prefix string, depth int) []found {
	var out []found
	text := prefix
	offset := 0
	for i, pc := range layout {
		if pc.expr == nil {
			text += pc.text
			offset += len(pc.text)
			continue
		}
		after := ""
		for _, q := range layout[i+1:] {
			if q.expr != nil {
				break
			}
			after += q.text
		}
		src := fs.origin(pc.expr)
		if src.unsafe() {
			kind, clause, quoted := sqlContext(text, after)
			handled, self := false, false
			if depth < 3 {
				for _, sub := range fs.subs(pc.expr) {
					sl := fs.expand(sub, nil, sub.End(), 0)
					if len(sl) == 1 && sl[0].expr != nil {
						// A plain value: the piece itself is the culprit.
						self = self || fs.origin(sl[0].expr).unsafe()
						continue
					}
					for _, fd := range fs.culprits(sl, text, depth+1) {
						fd.part, fd.nested, fd.offset = i, true, offset
						out = append(out, fd)
						handled = true
					}
				}
			}
			if self {
				handled = false
			}
			if !handled {
				out = append(out, found{pc: pc, src: src, kind: kind, clause: clause, quoted: quoted, part: i, offset: offset})
			}
		}
		text += valueSlot
	}
	return out
}

// textBefore is the constant text before the i-th piece, earlier
// non-constant pieces as slots.
func textBefore(layout []piece, i int) string {
	var b strings.Builder
	for _, pc := range layout[:i] {
		if pc.expr == nil {
			b.WriteString(pc.text)
		} else {
			b.WriteString(valueSlot)
		}
	}
	return b.String()
}

// finding builds the exported description of a reported query.
func (fs *fnState) finding(call *ast.CallExpr, fn *types.Func, s sink, sqlExpr ast.Expr, layout []piece, report []found) *Finding {
	f := &Finding{
		Func: fs.funcNode(call.Pos()), Call: call, Library: s.lib, Method: fn.Name(), SQL: sqlExpr,
		ArgStart: s.args, Args: 0, Prefix: s.prefix,
	}
	if s.args >= 0 {
		if call.Ellipsis.IsValid() {
			f.ArgStart = -1
		}
		if s.args <= len(call.Args) {
			f.Args = len(call.Args) - s.args
		}
	}
	var full strings.Builder
	for _, pc := range layout {
		f.Parts = append(f.Parts, Part{Text: pc.text, Expr: pc.expr, Construction: pc.cons, Verb: pc.verb, Value: -1})
		full.WriteString(pc.text)
	}
	f.Style = fs.styleFor(s, full.String())
	dollar, _ := placeholders(full.String())
	added := 0
	for _, fd := range report {
		v := &Value{
			Expr: fd.pc.expr, Construction: fd.pc.cons, Verb: fd.pc.verb, Part: fd.part, Nested: fd.nested,
			Offset: fd.offset, Kind: fd.kind, Clause: fd.clause, Quoted: fd.quoted, ArgIndex: -1,
			Sources: fd.src & fromRequest, Params: fd.src.params(),
		}
		if fd.kind == KindValue {
			switch f.Style {
			case StyleDollar:
				n := dollar + added + 1
				v.Placeholder, v.ArgIndex = "$"+strconv.Itoa(n), n-1
			case StyleQuestion:
				_, before := placeholders(textBefore(layout, fd.part))
				v.Placeholder = "?"
				if !fd.nested {
					v.ArgIndex = before + added
				}
			}
			added++
		}
		if fd.kind == KindIdentifier {
			f.Identifier = true
		}
		f.Sources |= v.Sources
		if !fd.nested && fd.part < len(f.Parts) && f.Parts[fd.part].Value < 0 {
			f.Parts[fd.part].Value = len(f.Values)
		}
		f.Values = append(f.Values, v)
		if !slices.Contains(f.Constructions, v.Construction) {
			f.Constructions = append(f.Constructions, v.Construction)
		}
	}
	slices.SortFunc(f.Constructions, func(a, b ast.Node) int { return int(a.Pos() - b.Pos()) })
	return f
}

// styleFor decides the placeholder style of a query: the query's own
// placeholders, the library's (pgx $n, gorm ?, sqlx named :name), then
// the package's evidence.
func (fs *fnState) styleFor(s sink, text string) PlaceholderStyle {
	if s.style != StyleUnknown && s.style != StyleDollar {
		return s.style
	}
	dollar, question := placeholders(text)
	switch {
	case dollar > 0:
		return StyleDollar
	case question > 0:
		return StyleQuestion
	case s.style != StyleUnknown:
		return s.style
	}
	return fs.p.style
}

// packageStyle learns the placeholder style from the package: driver
// imports, sql.Open's driver name, and the constant SQL of other queries,
// which it keeps in p.constSQL.
func (p *pkgState) packageStyle() PlaceholderStyle {
	var imported PlaceholderStyle
	for _, imp := range p.pass.Pkg.Imports() {
		switch path := imp.Path(); {
		case path == "github.com/lib/pq", strings.HasPrefix(path, pkgPgx):
			imported = StyleDollar
		case path == "github.com/go-sql-driver/mysql", path == "github.com/mattn/go-sqlite3", path == "modernc.org/sqlite":
			imported = StyleQuestion
		}
	}
	info := p.pass.TypesInfo
	dollar, question := 0, 0
	var driver PlaceholderStyle
	for _, f := range p.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn := calleeFunc(info, call)
			if fn == nil {
				return true
			}
			if lib := libraryName(fn); (lib == "database/sql" || lib == "sqlx") && recvType(fn) == nil &&
				(fn.Name() == "Open" || strings.HasSuffix(fn.Name(), "Connect")) && len(call.Args) > 0 {
				if name, ok := constString(info, call.Args[0]); ok {
					switch name {
					case "postgres", "pgx", "pgx/v5", "cloudsqlpostgres", "postgresql":
						driver = StyleDollar
					case "mysql", "sqlite3", "sqlite", "sqlite3_extended":
						driver = StyleQuestion
					}
				}
			}
			if s, ok := sinkOf(info, call, fn); ok && s.sql < len(call.Args) && s.lib != "gorm" {
				if text, ok := constString(info, call.Args[s.sql]); ok {
					p.constSQL = append(p.constSQL, text)
					d, q := placeholders(text)
					dollar += d
					question += q
				}
			}
			return true
		})
	}
	switch {
	case imported != StyleUnknown:
		return imported
	case driver != StyleUnknown:
		return driver
	case dollar > 0 && dollar >= question:
		return StyleDollar
	case question > 0:
		return StyleQuestion
	}
	return StyleUnknown
}
