package errhandling

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// taint says where a value's text comes from: an error returned by a call
// that is not known to build client-facing messages (origin), and which
// parameters of the enclosing function it is derived from (params).
type taint struct {
	origin string
	params uint64
}

func (t taint) clean() bool { return t.origin == "" && t.params == 0 }
func (t taint) bad() bool   { return t.origin != "" }

func (t taint) union(u taint) taint {
	if t.origin == "" {
		t.origin = u.origin
	}
	t.params |= u.params
	return t
}

// maxDepth bounds the walk through assignments.
const maxDepth = 12

// def is one assignment to a local variable.
type def struct {
	stmt  inspector.Cursor // the AssignStmt or DeclStmt
	value ast.Expr         // the assigned expression, or the tuple-valued call
	index int              // the result index within a tuple-valued value, -1 otherwise
	// partial is set for assignments to a field or element (resp.Message =
	// …, m["error"] = …) and op-assignments: they add to the value and kill
	// nothing.
	partial bool
}

// fnCtx holds the assignments of one outermost function, closures
// included, so that captured variables are followed too.
type fnCtx struct {
	a      *analyzer
	info   *types.Info
	params map[*types.Var]int
	defs   map[*types.Var][]def
	active map[*types.Var]bool
}

// ctxFor returns the context of the outermost function enclosing cur.
func (a *analyzer) ctxFor(cur inspector.Cursor) *fnCtx {
	var root inspector.Cursor
	for p := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		root = p
	}
	if fc := a.ctxs[root.Node()]; fc != nil {
		return fc
	}
	fc := &fnCtx{
		a:      a,
		info:   a.pass.TypesInfo,
		params: make(map[*types.Var]int),
		defs:   make(map[*types.Var][]def),
		active: make(map[*types.Var]bool),
	}
	a.ctxs[root.Node()] = fc
	var ftype *ast.FuncType
	switch n := root.Node().(type) {
	case *ast.FuncDecl:
		ftype = n.Type
	case *ast.FuncLit:
		ftype = n.Type
	}
	i := 0
	for _, field := range ftype.Params.List {
		if len(field.Names) == 0 {
			i++
		}
		for _, name := range field.Names {
			if v, ok := fc.info.Defs[name].(*types.Var); ok && i < 64 {
				fc.params[v] = i
			}
			i++
		}
	}
	for c := range root.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
		switch n := c.Node().(type) {
		case *ast.AssignStmt:
			op := n.Tok != token.ASSIGN && n.Tok != token.DEFINE
			fc.addDefs(c, n.Lhs, n.Rhs, op)
		case *ast.ValueSpec:
			stmt := c.Parent().Parent() // GenDecl, DeclStmt
			if _, ok := stmt.Node().(*ast.DeclStmt); !ok {
				continue
			}
			lhs := make([]ast.Expr, len(n.Names))
			for i, name := range n.Names {
				lhs[i] = name
			}
			fc.addDefs(stmt, lhs, n.Values, false)
		}
	}
	return fc
}

func (fc *fnCtx) addDefs(stmt inspector.Cursor, lhs, rhs []ast.Expr, op bool) {
	for i, l := range lhs {
		v, partial := fc.rootVar(l)
		if v == nil {
			continue
		}
		d := def{stmt: stmt, index: -1, partial: partial || op}
		switch {
		case len(lhs) == len(rhs):
			d.value = rhs[i]
		case len(rhs) == 1:
			d.value, d.index = rhs[0], i
		default:
			continue // var x T: the zero value
		}
		fc.defs[v] = append(fc.defs[v], d)
	}
}

// rootVar returns the local variable an assignment target writes: x for
// x, x.f, x[i], *x; partial is set unless the target is x itself.
func (fc *fnCtx) rootVar(e ast.Expr) (*types.Var, bool) {
	partial := false
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			obj := fc.info.Defs[x]
			if obj == nil {
				obj = fc.info.Uses[x]
			}
			v, _ := obj.(*types.Var)
			if v == nil || v.IsField() || isPackageLevel(v) {
				return nil, false
			}
			return v, partial
		case *ast.SelectorExpr:
			e, partial = x.X, true
		case *ast.IndexExpr:
			e, partial = x.X, true
		case *ast.StarExpr:
			e, partial = x.X, true
		default:
			return nil, false
		}
	}
}

func isPackageLevel(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// varTaint is the taint of v as it stands at pos, a position inside the
// node at cursor at. The reaching assignments are approximated on the
// syntax: the last whole assignment before pos whose statement sits in a
// block enclosing pos kills the earlier ones; later assignments in nested
// branches may reach too.
func (fc *fnCtx) varTaint(v *types.Var, pos token.Pos, at inspector.Cursor, depth int) taint {
	if depth > maxDepth || fc.active[v] || isPackageLevel(v) {
		return taint{}
	}
	fc.active[v] = true
	defer delete(fc.active, v)

	enclosing := make(map[ast.Node]bool)
	for p := range at.Enclosing() {
		enclosing[p.Node()] = true
	}
	defs := fc.defs[v]
	dom := -1
	for i, d := range defs {
		if d.stmt.Node().End() > pos || d.partial {
			continue
		}
		if enclosing[d.stmt.Parent().Node()] && (dom < 0 || d.stmt.Node().Pos() > defs[dom].stmt.Node().Pos()) {
			dom = i
		}
	}
	var t taint
	if i, ok := fc.params[v]; ok && dom < 0 {
		t.params |= 1 << i
	}
	for i, d := range defs {
		if d.stmt.Node().End() > pos {
			continue
		}
		if dom >= 0 && i != dom && d.stmt.Node().Pos() < defs[dom].stmt.Node().Pos() {
			continue
		}
		t = t.union(fc.defTaint(d, depth+1))
	}
	return t
}

func (fc *fnCtx) defTaint(d def, depth int) taint {
	if d.index < 0 {
		return fc.exprTaint(d.value, d.stmt, depth)
	}
	switch x := ast.Unparen(d.value).(type) {
	case *ast.CallExpr:
		tuple, ok := fc.info.TypeOf(x).(*types.Tuple)
		if ok && d.index < tuple.Len() && fc.a.implementsError(tuple.At(d.index).Type()) {
			return fc.callErrTaint(x, d.stmt, depth)
		}
		if t, ok := fc.textCall(x, d.stmt, depth); ok {
			return t // b, err := json.Marshal(v)
		}
	case *ast.TypeAssertExpr, *ast.IndexExpr:
		if d.index == 0 {
			return fc.exprTaint(x, d.stmt, depth)
		}
	}
	return taint{}
}

// exprTaint is the taint of the value of e, evaluated inside the node at
// cursor at.
func (fc *fnCtx) exprTaint(e ast.Expr, at inspector.Cursor, depth int) taint {
	if depth > maxDepth || e == nil {
		return taint{}
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := fc.info.Uses[x].(*types.Var)
		if v == nil || v.IsField() {
			return taint{}
		}
		return fc.varTaint(v, x.Pos(), at, depth+1)
	case *ast.SelectorExpr:
		if sel := fc.info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
			return fc.exprTaint(x.X, at, depth+1)
		}
	case *ast.CallExpr:
		return fc.callTaint(x, at, depth+1)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return fc.exprTaint(x.X, at, depth+1).union(fc.exprTaint(x.Y, at, depth+1))
		}
	case *ast.CompositeLit:
		var t taint
		for _, elt := range x.Elts {
			t = t.union(fc.exprTaint(elt, at, depth+1))
		}
		return t
	case *ast.KeyValueExpr:
		return fc.exprTaint(x.Key, at, depth+1).union(fc.exprTaint(x.Value, at, depth+1))
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return fc.exprTaint(x.X, at, depth+1)
		}
	case *ast.StarExpr:
		return fc.exprTaint(x.X, at, depth+1)
	case *ast.IndexExpr:
		return fc.exprTaint(x.X, at, depth+1)
	case *ast.SliceExpr:
		return fc.exprTaint(x.X, at, depth+1)
	case *ast.TypeAssertExpr:
		// err.(*ValidationError) selects a type made for the purpose; an
		// assertion to another interface keeps the text.
		if t := fc.info.TypeOf(x); t != nil && types.IsInterface(t) {
			return fc.exprTaint(x.X, at, depth+1)
		}
	}
	return taint{}
}

// callTaint is the taint of the value a call returns.
func (fc *fnCtx) callTaint(call *ast.CallExpr, at inspector.Cursor, depth int) taint {
	if tv, ok := fc.info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return fc.exprTaint(call.Args[0], at, depth)
		}
		return taint{}
	}
	if t, ok := fc.textCall(call, at, depth); ok {
		return t
	}
	if fc.a.implementsError(fc.info.TypeOf(call)) {
		return fc.callErrTaint(call, at, depth)
	}
	return taint{}
}

// textCall handles the calls that pass error text through: err.Error(),
// fmt.Sprintf and Errorf, errors.New, Join and Unwrap, the strings package.
func (fc *fnCtx) textCall(call *ast.CallExpr, at inspector.Cursor, depth int) (taint, bool) {
	fn, _ := typeutil.Callee(fc.info, call).(*types.Func)
	if fn == nil {
		return taint{}, false
	}
	sig := fn.Type().(*types.Signature)
	if fn.Name() == "Error" && sig.Recv() != nil && len(call.Args) == 0 && sig.Params().Len() == 0 {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && fc.a.implementsError(fc.info.TypeOf(sel.X)) {
			return fc.exprTaint(sel.X, at, depth), true
		}
	}
	if fn.Pkg() == nil || sig.Recv() != nil {
		return taint{}, false
	}
	union := func(args []ast.Expr) taint {
		var t taint
		for _, arg := range args {
			t = t.union(fc.exprTaint(arg, at, depth))
		}
		return t
	}
	switch fn.Pkg().Path() {
	case "fmt":
		switch fn.Name() {
		case "Sprintf", "Errorf", "Appendf":
			args := call.Args
			if fn.Name() == "Appendf" && len(args) > 0 {
				args = args[1:]
			}
			return fc.formatTaint(args, at, depth), true
		case "Sprint", "Sprintln", "Append", "Appendln":
			return union(call.Args), true
		}
	case "errors":
		switch fn.Name() {
		case "New", "Join", "Unwrap":
			return union(call.Args), true
		}
	case "strings", "strconv":
		if fc.a.implementsError(fc.info.TypeOf(call)) {
			return taint{}, false
		}
		return union(call.Args), true
	case "encoding/json", "encoding/xml":
		if (fn.Name() == "Marshal" || fn.Name() == "MarshalIndent") && len(call.Args) > 0 {
			return union(call.Args[:1]), true
		}
	}
	return taint{}, false
}

// formatTaint is the taint of a printf-style call's result: the operands
// formatted with a verb that prints text (%v %s %q %w %x %X), or all of
// them when the format is not constant.
func (fc *fnCtx) formatTaint(args []ast.Expr, at inspector.Cursor, depth int) taint {
	if len(args) == 0 {
		return taint{}
	}
	tv := fc.info.Types[args[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		var t taint
		for _, arg := range args {
			t = t.union(fc.exprTaint(arg, at, depth))
		}
		return t
	}
	verbs, ok := printfVerbs(constant.StringVal(tv.Value))
	var t taint
	for i, arg := range args[1:] {
		if !ok || i >= len(verbs) || strings.ContainsRune("vsqwxX", verbs[i]) {
			t = t.union(fc.exprTaint(arg, at, depth))
		}
	}
	return t
}

// printfVerbs returns the verb consuming each operand of format ('*' for
// width and precision operands). ok is false for explicit argument indexes.
func printfVerbs(format string) (verbs []rune, ok bool) {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for ; i < len(format); i++ {
			c := format[i]
			switch {
			case c == '[':
				return nil, false
			case c == '*':
				verbs = append(verbs, '*')
			case strings.IndexByte("+-# 0.", c) >= 0 || c >= '0' && c <= '9':
			default:
				if c != '%' {
					verbs = append(verbs, rune(c))
				}
				goto next
			}
		}
	next:
	}
	return verbs, true
}

// callErrTaint is the taint of the error a call returns: clean for
// constructors of client-facing messages and decoders of the request's own
// input, else the call's origin.
func (fc *fnCtx) callErrTaint(call *ast.CallExpr, at inspector.Cursor, depth int) taint {
	switch callee := typeutil.Callee(fc.info, call).(type) {
	case *types.Func:
		if p := callee.Pkg(); p != nil && (p.Path() == "fmt" || p.Path() == "errors") {
			if t, ok := fc.textCall(call, at, depth); ok {
				return t // fmt.Errorf, errors.New: the text of their operands
			}
		}
		if isInputDecoder(callee) || fc.a.isSafe(callee) || fc.readsRequestBody(callee, call) {
			return taint{}
		}
	case *types.Builtin:
		return taint{}
	}
	return taint{origin: calleeName(call.Fun)}
}

// readsRequestBody reports whether call is io.ReadAll, io.ReadFull or
// io.Copy reading r.Body or http.MaxBytesReader(…): its error says the
// client's body was too large or cut short.
func (fc *fnCtx) readsRequestBody(fn *types.Func, call *ast.CallExpr) bool {
	if fn.Pkg() == nil || fn.Pkg().Path() != "io" {
		return false
	}
	var src ast.Expr
	switch fn.Name() {
	case "ReadAll", "ReadFull":
		if len(call.Args) > 0 {
			src = call.Args[0]
		}
	case "Copy", "CopyN":
		if len(call.Args) > 1 {
			src = call.Args[1]
		}
	}
	switch x := ast.Unparen(src).(type) {
	case *ast.SelectorExpr:
		return x.Sel.Name == "Body" && httpx.IsRequest(fc.info.TypeOf(x.X))
	case *ast.CallExpr:
		f, _ := typeutil.Callee(fc.info, x).(*types.Func)
		return f != nil && f.Pkg() != nil && f.Pkg().Path() == httpx.NetHTTP && f.Name() == "MaxBytesReader"
	}
	return false
}

// isInputDecoder reports whether fn parses the request's own input: its
// errors describe what the client sent and are customarily answered with
// 400 and their text. Besides the decoders of the libraries it knows, any
// function parsing or compiling text counts (see parsesText).
func isInputDecoder(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	recv := fn.Type().(*types.Signature).Recv()
	switch {
	case path == "encoding/json" || path == "encoding/xml":
		return name == "Unmarshal" || name == "Decode"
	case path == "strconv" || path == "net/url" || path == "net/netip" || path == "net/mail":
		return true
	case path == "time":
		return name == "Parse" || name == "ParseDuration" || name == "ParseInLocation"
	case path == "mime":
		return name == "ParseMediaType"
	case path == httpx.NetHTTP:
		return recv != nil && (strings.HasPrefix(name, "Parse") || name == "FormFile" || name == "Cookie" || name == "MultipartReader")
	case path == "github.com/google/uuid":
		return strings.HasPrefix(name, "Parse") || name == "Validate"
	case httpx.SamePackage(path, httpx.Gin):
		return recv != nil && (strings.HasPrefix(name, "Bind") || strings.HasPrefix(name, "ShouldBind"))
	case httpx.SamePackage(path, httpx.Echo):
		return strings.HasPrefix(name, "Bind") || name == "Validate"
	case httpx.SamePackage(path, "github.com/go-playground/validator"):
		return recv != nil && (strings.HasPrefix(name, "Struct") || strings.HasPrefix(name, "Var"))
	}
	return parsesText(name)
}

// parsesText reports whether a function named name parses or compiles the
// text it is given — Parse, ParseStandard, parseAuthHeader, Compile,
// regexp.Compile, a template's Compile —: its errors point into that text
// (a cron spec, a pattern, a template the client sent), and sending them
// back is deliberate. Parsers that read files (ParseFiles, ParseGlob,
// ParseFS, ParseDir) are left out: their errors name paths on the server.
func parsesText(name string) bool {
	for _, verb := range []string{"Parse", "parse", "Compile", "compile"} {
		rest, ok := strings.CutPrefix(name, verb)
		if !ok || rest != "" && !unicode.IsUpper(rune(rest[0])) {
			continue
		}
		for _, src := range []string{"File", "Glob", "FS", "Dir"} {
			if strings.Contains(rest, src) {
				return false
			}
		}
		return true
	}
	return false
}

// isErrorStatus reports whether e is a constant 4xx or 5xx status.
func isErrorStatus(info *types.Info, e ast.Expr) bool {
	n, ok := constStatus(info, e)
	return ok && n >= 400 && n < 600
}

func constStatus(info *types.Info, e ast.Expr) (int, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return 0, false
	}
	n, exact := constant.Int64Val(tv.Value)
	return int(n), exact
}
