package sqlconcat

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// origin computes where the text of e can come from. 0 means it cannot
// carry attacker-chosen text: a constant, a number, a placeholder list, an
// allow-listed value, or configuration (receiver fields, package
// variables, the environment).
func (fs *fnState) origin(e ast.Expr) Source {
	info := fs.p.pass.TypesInfo
	if e == nil {
		return fromOther
	}
	if tv, ok := info.Types[e]; ok && (tv.Value != nil || tv.IsNil()) {
		return 0
	}
	if t := info.TypeOf(e); t != nil && !canInject(t) {
		return 0
	}
	return fs.originRaw(e)
}

// originRaw is origin without the type filter: the origin of a struct,
// request or map value whose fields or entries are read.
func (fs *fnState) originRaw(e ast.Expr) Source {
	info := fs.p.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && (tv.Value != nil || tv.IsNil()) {
		return 0
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return fs.varOrigin(x)
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
			if s := requestField(info, x); s != 0 {
				return s
			}
			if id, ok := rootIdent(x.X); ok {
				if v, ok := info.ObjectOf(id).(*types.Var); ok && v == fs.recv {
					return 0 // s.table: configuration set at construction
				}
			}
			// A field of a local or parameter struct: the struct's origin.
			return fs.originRaw(x.X)
		}
		return 0 // pkg.Var: configuration
	case *ast.StarExpr:
		return fs.originRaw(x.X)
	case *ast.UnaryExpr:
		return fs.originRaw(x.X)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return fs.origin(x.X) | fs.origin(x.Y)
		}
		return 0
	case *ast.IndexExpr:
		if t := info.TypeOf(x.X); t != nil && isMap(t) {
			if fs.constContainer(x.X) {
				return 0 // allowed[sort]: a lookup in an allow-list
			}
		}
		return fs.originRaw(x.X)
	case *ast.SliceExpr:
		return fs.origin(x.X)
	case *ast.CompositeLit:
		var s Source
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			s |= fs.origin(el)
		}
		return s
	case *ast.CallExpr:
		return fs.callOrigin(x)
	}
	return fromOther
}

// constContainer reports a map or slice holding only constants: a package
// variable initialised with a literal of constants and never assigned, or
// a local one whose only assignment is such a literal.
func (fs *fnState) constContainer(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else {
			return constLiteral(fs.p.pass.TypesInfo, e)
		}
	}
	v, ok := fs.p.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok {
		return false
	}
	if fs.p.consts[v] {
		return true
	}
	as := fs.assigns[v]
	return len(as) == 1 && as[0].rhs != nil && constLiteral(fs.p.pass.TypesInfo, as[0].rhs)
}

// varOrigin follows a variable: parameters, locals through their
// assignments, package variables (configuration).
func (fs *fnState) varOrigin(id *ast.Ident) Source {
	info := fs.p.pass.TypesInfo
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok {
		return 0 // a constant, a function
	}
	if v == fs.recv {
		return 0
	}
	if fs.guarded[v] {
		return 0
	}
	if i := fs.paramIndex(v); i >= 0 {
		return paramSource(i)
	}
	if v.Parent() == fs.p.pass.Pkg.Scope() || v.Pkg() != fs.p.pass.Pkg {
		return 0 // package-level: configuration
	}
	if s, ok := fs.memo[v]; ok {
		return s
	}
	if fs.busy[v] {
		return 0
	}
	fs.busy[v] = true
	var s Source
	as := fs.assigns[v]
	if len(as) == 0 && fs.addr[v] {
		s = fromOther // filled through its address: Scan(&name)
	}
	for _, a := range as {
		s |= fs.assignOrigin(a)
	}
	if fs.addr[v] && !isBuilder(v.Type()) {
		s |= fs.decodedInto(v)
	}
	delete(fs.busy, v)
	fs.memo[v] = s
	return s
}

func (fs *fnState) assignOrigin(a assign) Source {
	switch {
	case a.rhs == nil:
		return fromOther
	case a.fprintf:
		call := a.rhs.(*ast.CallExpr)
		var s Source
		for _, arg := range call.Args[2:] {
			s |= fs.origin(arg)
		}
		return s
	case a.parts != nil:
		var s Source
		for _, p := range a.parts {
			s |= fs.origin(p)
		}
		return s
	}
	if _, ok := a.node.(*ast.RangeStmt); ok {
		return fs.origin(a.rhs)
	}
	return fs.origin(a.rhs)
}

// decodedInto reports request input decoded into v: json Decode or
// Unmarshal of the request body, gin ShouldBind*, echo Bind.
func (fs *fnState) decodedInto(v *types.Var) Source {
	info := fs.p.pass.TypesInfo
	var s Source
	ast.Inspect(fs.decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		fn := calleeFunc(info, call)
		if fn == nil {
			return true
		}
		last := call.Args[len(call.Args)-1]
		u, ok := ast.Unparen(last).(*ast.UnaryExpr)
		if !ok || u.Op != token.AND || fs.localVar(u.X) != v {
			return true
		}
		switch name := fn.Name(); {
		case name == "Decode":
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && fs.originRaw(sel.X)&fromRequest != 0 {
				s |= FromBody
			}
		case name == "Unmarshal" && len(call.Args) == 2:
			if fs.origin(call.Args[0])&fromRequest != 0 {
				s |= FromBody
			}
		case recvIs(fn, httpx.IsGinContext) && (strings.HasPrefix(name, "Bind") || strings.HasPrefix(name, "ShouldBind")):
			s |= FromBody
		case recvIs(fn, httpx.IsEchoContext) && name == "Bind":
			s |= FromBody
		}
		return true
	})
	return s
}

func recvIs(fn *types.Func, pred func(types.Type) bool) bool {
	t := recvType(fn)
	return t != nil && pred(t)
}

// callOrigin follows calls: request accessors, string functions, fmt,
// builders, quoting helpers, and functions with facts.
func (fs *fnState) callOrigin(call *ast.CallExpr) Source {
	info := fs.p.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		return fs.origin(call.Args[0]) // a conversion
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "append":
				var s Source
				for _, a := range call.Args {
					s |= fs.origin(a)
				}
				return s
			case "make", "new", "len", "cap":
				return 0
			}
		}
	}
	if s := requestSource(info, call); s != 0 {
		return s
	}
	fn := calleeFunc(info, call)
	if fn == nil {
		return fromOther
	}
	name := fn.Name()
	argOrigin := func(i int) Source {
		if i < len(call.Args) {
			return fs.origin(call.Args[i])
		}
		return 0
	}
	allArgs := func(from int) Source {
		var s Source
		for i := from; i < len(call.Args); i++ {
			s |= fs.origin(call.Args[i])
		}
		return s
	}
	if isQuoting(name) {
		return 0 // pq.QuoteIdentifier, pgx.Identifier.Sanitize, escapeLike
	}
	if i, ok := passThroughSQL(fn); ok {
		return argOrigin(i)
	}
	if fn.Pkg() != nil && recvType(fn) == nil {
		switch fn.Pkg().Path() {
		case "strconv":
			if strings.HasPrefix(name, "Format") || strings.HasPrefix(name, "Append") || name == "Itoa" {
				return 0
			}
			return argOrigin(0)
		case "strings":
			switch name {
			case "Join":
				return argOrigin(0) | argOrigin(1)
			case "Repeat", "ToLower", "ToUpper", "TrimSpace", "Trim", "TrimLeft", "TrimRight",
				"TrimPrefix", "TrimSuffix", "Title", "ToTitle", "Clone":
				return argOrigin(0)
			case "Replace", "ReplaceAll":
				// Doubling single quotes escapes a value inside '…'.
				if len(call.Args) < 3 {
					return argOrigin(0)
				}
				if old, ok := constString(info, call.Args[1]); ok && old == "'" {
					return 0
				}
				return argOrigin(0) | argOrigin(2)
			}
		case "fmt":
			switch name {
			case "Sprintf":
				return allArgs(1)
			case "Sprint", "Sprintln":
				return allArgs(0)
			}
		case "encoding/json", "encoding/xml":
			if name == "NewDecoder" && len(call.Args) == 1 {
				return fs.originRaw(call.Args[0])
			}
		case "os":
			if name == "Getenv" || name == "LookupEnv" {
				return 0 // configuration
			}
		}
	}
	if t := recvType(fn); t != nil {
		sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		switch {
		case isBuilder(t) && (name == "String" || name == "Bytes") && sel != nil:
			return fs.originRaw(sel.X)
		case (name == "String" || name == "Format" || name == "Hex") && !canInject(t) && !isBuilder(t):
			return 0 // uuid.UUID.String(), time.Time.Format()
		case sel != nil && fn.Pkg() != nil && (fn.Pkg().Path() == "net/url" || fn.Pkg().Path() == "net/http"):
			// r.URL.Query().Get("sort"), r.Header.Get("X-Sort"), cookie.Value.
			return fs.originRaw(sel.X)
		}
	}
	if f := fs.p.factOf(fn); f != nil && f.Returns {
		s := f.Results & fromOther
		for _, p := range f.Results.params() {
			s |= argOrigin(p)
		}
		return s
	}
	return fromOther
}

// isQuoting recognises functions that quote or escape a value for SQL.
func isQuoting(name string) bool {
	l := strings.ToLower(name)
	return strings.Contains(l, "quote") || strings.Contains(l, "escape") || strings.Contains(l, "sanitize")
}

// requestSource recognises the calls that read request input.
func requestSource(info *types.Info, call *ast.CallExpr) Source {
	fn := calleeFunc(info, call)
	if fn == nil || fn.Pkg() == nil {
		return 0
	}
	name, path := fn.Name(), fn.Pkg().Path()
	switch {
	case recvIs(fn, httpx.IsRequest):
		switch name {
		case "PathValue":
			return FromPath
		case "FormValue", "PostFormValue":
			return FromForm
		case "Cookie", "Referer", "UserAgent":
			return FromHeader
		}
	case httpx.SamePackage(path, httpx.Chi) && (name == "URLParam" || name == "URLParamFromCtx"):
		return FromPath
	case path == httpx.Gorilla && name == "Vars":
		return FromPath
	case recvIs(fn, httpx.IsGinContext):
		switch name {
		case "Param":
			return FromPath
		case "Query", "DefaultQuery", "GetQuery", "QueryArray", "GetQueryArray":
			return FromQuery
		case "PostForm", "DefaultPostForm", "GetPostForm", "PostFormArray":
			return FromForm
		case "GetHeader", "Cookie":
			return FromHeader
		}
	case recvIs(fn, httpx.IsEchoContext):
		switch name {
		case "Param", "ParamValues":
			return FromPath
		case "QueryParam", "QueryParams", "QueryString":
			return FromQuery
		case "FormValue", "FormParams":
			return FromForm
		}
	}
	return 0
}

// requestField recognises the request's fields that carry input.
func requestField(info *types.Info, sel *ast.SelectorExpr) Source {
	t := info.TypeOf(sel.X)
	if t == nil || !httpx.IsRequest(t) {
		return 0
	}
	switch sel.Sel.Name {
	case "URL", "RequestURI":
		return FromQuery
	case "Form", "PostForm", "MultipartForm":
		return FromForm
	case "Header":
		return FromHeader
	case "Body":
		return FromBody
	}
	return 0
}

func constString(info *types.Info, e ast.Expr) (string, bool) {
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	return "", false
}

// collectGuards finds variables checked against an allow-list: a lookup
// as a map key (allowed[v]), a switch with non-empty constant cases, a
// comparison with a non-empty constant, slices.Contains, a regexp match,
// or a call of a function named like a validator (isValidColumn(v)).
// The analysis is not path-sensitive: such a check anywhere in the
// function clears the variable.
func (fs *fnState) collectGuards() {
	info := fs.p.pass.TypesInfo
	nonEmpty := func(e ast.Expr) bool {
		s, ok := constString(info, e)
		return ok && s != ""
	}
	mark := func(e ast.Expr) {
		if v := fs.localVar(e); v != nil && canInject(v.Type()) {
			fs.guarded[v] = true
		}
	}
	ast.Inspect(fs.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IndexExpr:
			if t := info.TypeOf(n.X); t != nil && isMap(t) {
				mark(n.Index)
			}
		case *ast.SwitchStmt:
			if n.Tag == nil {
				return true
			}
			for _, c := range n.Body.List {
				cc := c.(*ast.CaseClause)
				for _, e := range cc.List {
					if nonEmpty(e) {
						mark(n.Tag)
					}
				}
			}
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				if nonEmpty(n.Y) {
					mark(n.X)
				}
				if nonEmpty(n.X) {
					mark(n.Y)
				}
			}
		case *ast.CallExpr:
			fn := calleeFunc(info, n)
			if fn == nil {
				return true
			}
			name := strings.ToLower(fn.Name())
			guard := false
			switch {
			case fn.Pkg() != nil && (fn.Pkg().Path() == "slices" || fn.Pkg().Path() == "sort") &&
				(name == "contains" || name == "index" || strings.HasPrefix(name, "search")):
				guard = true
			case fn.Pkg() != nil && fn.Pkg().Path() == "regexp" && strings.HasPrefix(name, "match"):
				guard = true
			case fn.Pkg() != nil && fn.Pkg().Path() == "strings" && name == "equalfold":
				guard = nonEmpty(n.Args[0]) || nonEmpty(n.Args[1])
			default:
				for _, w := range []string{"valid", "allow", "whitelist", "permit", "known", "iscolumn", "issortable"} {
					if strings.Contains(name, w) {
						guard = true
					}
				}
				// inList(v, sortFields), strSliceContains(v, fields): a
				// lookup in a list of constants.
				if strings.Contains(name, "contain") || strings.HasPrefix(name, "in") && len(name) > 2 && fn.Name()[2] >= 'A' && fn.Name()[2] <= 'Z' {
					guard = guard || slices.ContainsFunc(n.Args, fs.constContainer)
				}
			}
			if guard {
				for _, a := range n.Args {
					mark(a)
				}
			}
		}
		return true
	})
}

func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}
