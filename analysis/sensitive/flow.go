package sensitive

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// jsonPackages are the JSON libraries whose Marshal, MarshalIndent,
// NewEncoder and Encoder.Encode behave like encoding/json's.
var jsonPackages = map[string]bool{
	"encoding/json":                      true,
	"encoding/json/v2":                   true,
	"github.com/goccy/go-json":           true,
	"github.com/segmentio/encoding/json": true,
	"github.com/json-iterator/go":        true,
}

// frameworkWrite is a gin or echo context method that writes one argument
// as the response body.
type frameworkWrite struct {
	arg int
	raw bool // the argument is already-encoded bytes or a reader of them
}

var ginWrites = map[string]frameworkWrite{
	"JSON": {arg: 1}, "IndentedJSON": {arg: 1}, "SecureJSON": {arg: 1}, "JSONP": {arg: 1},
	"AsciiJSON": {arg: 1}, "PureJSON": {arg: 1}, "AbortWithStatusJSON": {arg: 1},
	"Data": {arg: 2, raw: true}, "DataFromReader": {arg: 3, raw: true},
}

var echoWrites = map[string]frameworkWrite{
	"JSON": {arg: 1}, "JSONPretty": {arg: 1}, "JSONP": {arg: 2},
	"JSONBlob": {arg: 1, raw: true}, "JSONPBlob": {arg: 2, raw: true},
	"Blob": {arg: 2, raw: true}, "Stream": {arg: 2, raw: true},
}

type analyzer struct {
	pass    *analysis.Pass
	result  *Result
	m       *matcher
	local   map[*types.Func]*WritesBody
	assigns map[*types.Var][]ast.Expr
	diags   []analysis.Diagnostic // one per finding, reported once fixes are planned
}

// funcUnit is a function declaration, or a function literal outside any
// function (a package-level var), scanned as one body.
type funcUnit struct {
	cur  inspector.Cursor
	decl *ast.FuncDecl
	fn   *types.Func
	body *ast.BlockStmt
}

// collectAssigns maps every variable to the right-hand sides assigned to
// it (nil for one it cannot pair, as in a, b := f()), so that a variable
// assigned exactly once can be followed to its value.
func collectAssigns(info *types.Info, ins *inspector.Inspector) map[*types.Var][]ast.Expr {
	m := make(map[*types.Var][]ast.Expr)
	record := func(lhs []ast.Expr, rhs []ast.Expr) {
		for i, l := range lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok {
				continue
			}
			v, ok := info.ObjectOf(id).(*types.Var)
			if !ok {
				continue
			}
			var r ast.Expr
			if len(lhs) == len(rhs) {
				r = rhs[i]
			}
			m[v] = append(m[v], r)
		}
	}
	for n := range ins.PreorderSeq((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil)) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			record(n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			if len(n.Values) > 0 {
				record(lhs, n.Values)
			}
		case *ast.RangeStmt:
			var lhs []ast.Expr
			if n.Key != nil {
				lhs = append(lhs, n.Key)
			}
			if n.Value != nil {
				lhs = append(lhs, n.Value)
			}
			record(lhs, nil)
		}
	}
	return m
}

// single returns the one value assigned to v, or nil.
func (a *analyzer) single(v *types.Var) ast.Expr {
	if rs := a.assigns[v]; len(rs) == 1 {
		return rs[0]
	}
	return nil
}

// encodeEvent: value is serialised to dest (or to the response itself
// when resp is set).
type encodeEvent struct {
	dest  ast.Expr
	resp  bool
	value ast.Expr
	at    inspector.Cursor
	// param is the callee's parameter type when the write happens in a
	// helper; a secret visible in it is reported inside the helper.
	param types.Type
}

// writeEvent: data, bytes or a reader of them, is copied to dest.
type writeEvent struct {
	dest ast.Expr
	resp bool
	data ast.Expr
	at   inspector.Cursor
}

// flowVal is a value serialised at some point of the function.
type flowVal struct {
	value ast.Expr
	at    inspector.Cursor
}

type destination struct {
	resp  bool
	param int // index of the io.Writer parameter written to, or -1
}

func (d destination) ok() bool { return d.resp || d.param >= 0 }

type scan struct {
	a        *analyzer
	info     *types.Info
	u        funcUnit
	report   bool
	params   map[*types.Var]int
	variadic *types.Var
	carriers map[*types.Var][]flowVal
	encodes  []encodeEvent
	writes   []writeEvent
	out      []BodyWrite
	reported map[token.Pos]bool
}

// scan finds the response writes in u. It returns the writes of u's own
// parameters (for its fact) and, when report is set, reports secrets.
func (a *analyzer) scan(u funcUnit, report bool) []BodyWrite {
	s := &scan{
		a: a, info: a.pass.TypesInfo, u: u, report: report,
		params:   make(map[*types.Var]int),
		carriers: make(map[*types.Var][]flowVal),
		reported: make(map[token.Pos]bool),
	}
	if u.fn != nil {
		sig := u.fn.Signature()
		for i := 0; i < sig.Params().Len(); i++ {
			s.params[sig.Params().At(i)] = i
		}
		if sig.Variadic() {
			s.variadic = sig.Params().At(sig.Params().Len() - 1)
		}
	}
	for cur := range u.cur.Preorder((*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && len(n.Lhs) >= 1 {
				s.marshalInto(n.Lhs[0], n.Rhs[0], cur)
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 && len(n.Names) >= 1 {
				s.marshalInto(n.Names[0], n.Values[0], cur)
			}
		case *ast.CallExpr:
			s.call(n, cur)
		}
	}
	for _, e := range s.encodes {
		d := destination{resp: e.resp, param: -1}
		if !d.resp {
			d = s.dest(e.dest, 0)
		}
		if d.ok() {
			s.sink(e.value, e.at, d, e.param)
		} else if buf := s.localBuffer(e.dest); buf != nil {
			s.carriers[buf] = append(s.carriers[buf], flowVal{e.value, e.at})
		}
	}
	for _, w := range s.writes {
		d := destination{resp: w.resp, param: -1}
		if !d.resp {
			d = s.dest(w.dest, 0)
		}
		if !d.ok() {
			continue
		}
		if p, ok := s.ownParam(s.bytesSource(w.data, 0), w.at); ok {
			s.out = append(s.out, BodyWrite{Param: p, Writer: d.param, Raw: true})
		}
		for _, fv := range s.carried(w.data, 0) {
			s.sink(fv.value, fv.at, d, nil)
		}
	}
	return s.out
}

// marshalInto records b, err := json.Marshal(v): b carries v.
func (s *scan) marshalInto(lhs, rhs ast.Expr, at inspector.Cursor) {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return
	}
	fn := s.callee(call)
	if fn == nil || !isJSONFunc(fn, "Marshal", "MarshalIndent") {
		return
	}
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return
	}
	if v, ok := s.info.ObjectOf(id).(*types.Var); ok {
		s.carriers[v] = append(s.carriers[v], flowVal{call.Args[0], at})
	}
}

func (s *scan) callee(call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(s.info, call).(*types.Func)
	if fn != nil {
		fn = fn.Origin()
	}
	return fn
}

// isJSONFunc reports whether fn is a package-level function of a JSON
// library with one of the names.
func isJSONFunc(fn *types.Func, names ...string) bool {
	if fn.Pkg() == nil || !jsonPackages[fn.Pkg().Path()] || fn.Signature().Recv() != nil {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// recvNamed returns the named receiver type of a method.
func recvNamed(fn *types.Func) *types.Named {
	recv := fn.Signature().Recv()
	if recv == nil {
		return nil
	}
	t := types.Unalias(recv.Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

// call classifies one call of the function body.
func (s *scan) call(call *ast.CallExpr, at inspector.Cursor) {
	fn := s.callee(call)
	if fn == nil || fn.Pkg() == nil {
		return
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	args := call.Args
	pkg, name := fn.Pkg().Path(), fn.Name()
	recv := fn.Signature().Recv()

	switch {
	case recv == nil && pkg == "encoding/json/v2" && name == "MarshalWrite" && len(args) >= 2:
		s.encodes = append(s.encodes, encodeEvent{dest: args[0], value: args[1], at: at})
		return
	case recv == nil && pkg == "fmt" && strings.HasPrefix(name, "Fprint") && len(args) >= 2:
		for _, d := range args[1:] {
			s.writes = append(s.writes, writeEvent{dest: args[0], data: d, at: at})
		}
		return
	case recv == nil && pkg == "io" && (name == "WriteString" || name == "Copy" || name == "CopyN" || name == "CopyBuffer") && len(args) >= 2:
		s.writes = append(s.writes, writeEvent{dest: args[0], data: args[1], at: at})
		return
	}

	if recv != nil && sel != nil {
		rt := recv.Type()
		if n := recvNamed(fn); n != nil && jsonPackages[pkg] && n.Obj().Name() == "Encoder" && name == "Encode" && len(args) == 1 {
			if dest := s.encoderDest(sel.X, 0); dest != nil {
				s.encodes = append(s.encodes, encodeEvent{dest: dest, value: args[0], at: at})
			}
			return
		}
		var table map[string]frameworkWrite
		switch {
		case httpx.IsGinContext(rt):
			table = ginWrites
		case httpx.IsEchoContext(rt):
			table = echoWrites
		}
		if fw, ok := table[name]; ok && fw.arg < len(args) {
			if fw.raw {
				s.writes = append(s.writes, writeEvent{resp: true, data: args[fw.arg], at: at})
			} else {
				s.encodes = append(s.encodes, encodeEvent{resp: true, value: args[fw.arg], at: at})
			}
			return
		}
		if (name == "Write" || name == "WriteString") && len(args) == 1 {
			s.writes = append(s.writes, writeEvent{dest: sel.X, data: args[0], at: at})
			return
		}
		if name == "WriteTo" && len(args) == 1 {
			s.writes = append(s.writes, writeEvent{dest: args[0], data: sel.X, at: at})
			return
		}
	}

	// A helper known to write some of its parameters.
	f := s.a.fact(fn)
	if f == nil {
		return
	}
	offset := 0
	if sel != nil {
		if selection, ok := s.info.Selections[sel]; ok && selection.Kind() == types.MethodExpr {
			offset = 1
		}
	}
	sig := fn.Signature()
	for _, w := range f.Writes {
		i := w.Param + offset
		if i >= len(args) || w.Param >= sig.Params().Len() {
			continue
		}
		ev := encodeEvent{resp: w.Writer < 0, value: args[i], at: at, param: sig.Params().At(w.Param).Type()}
		if w.Writer >= 0 {
			if w.Writer+offset >= len(args) {
				continue
			}
			ev.dest = args[w.Writer+offset]
		}
		if w.Raw {
			s.writes = append(s.writes, writeEvent{dest: ev.dest, resp: ev.resp, data: ev.value, at: at})
		} else {
			s.encodes = append(s.encodes, ev)
		}
	}
}

// encoderDest returns the writer of json.NewEncoder(w), directly or through
// a variable assigned once.
func (s *scan) encoderDest(e ast.Expr, depth int) ast.Expr {
	if depth > 4 {
		return nil
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if fn := s.callee(e); fn != nil && isJSONFunc(fn, "NewEncoder") && len(e.Args) == 1 {
			return e.Args[0]
		}
	case *ast.Ident:
		if v, ok := s.info.Uses[e].(*types.Var); ok {
			if r := s.a.single(v); r != nil {
				return s.encoderDest(r, depth+1)
			}
		}
	}
	return nil
}

// dest tells whether a writer expression is the response (its type is
// http.ResponseWriter, gin's ResponseWriter, *echo.Response or any type
// with the ResponseWriter methods, or it wraps one: gzip.NewWriter(w),
// &recorder{w}) or an io.Writer parameter of the function.
func (s *scan) dest(e ast.Expr, depth int) destination {
	none := destination{param: -1}
	if e == nil || depth > 6 {
		return none
	}
	e = ast.Unparen(e)
	t := s.info.TypeOf(e)
	if t == nil {
		return none
	}
	if isResponseType(t) {
		return destination{resp: true, param: -1}
	}
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := s.info.Uses[e].(*types.Var)
		if !ok {
			return none
		}
		if i, ok := s.params[v]; ok && v != s.variadic && isWriter(t) {
			return destination{param: i}
		}
		if r := s.a.single(v); r != nil {
			return s.dest(r, depth+1)
		}
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return s.dest(e.X, depth+1)
		}
	case *ast.CallExpr:
		if tv, ok := s.info.Types[e.Fun]; ok && tv.IsType() {
			if len(e.Args) == 1 {
				return s.dest(e.Args[0], depth+1)
			}
			return none
		}
		if !isWriter(t) {
			return none
		}
		for _, arg := range e.Args {
			if d := s.dest(arg, depth+1); d.ok() {
				return d
			}
		}
	case *ast.CompositeLit:
		if !isWriter(types.NewPointer(t)) {
			return none
		}
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			if d := s.dest(elt, depth+1); d.ok() {
				return d
			}
		}
	}
	return none
}

// isResponseType reports whether values of t are HTTP responses.
func isResponseType(t types.Type) bool {
	if httpx.IsResponseWriter(t) || httpx.IsNamed(t, httpx.Gin, "ResponseWriter") || httpx.IsNamed(t, httpx.Echo, "Response") {
		return true
	}
	hdr, _, _ := types.LookupFieldOrMethod(t, false, nil, "Header")
	fn, ok := hdr.(*types.Func)
	if !ok || fn.Signature().Results().Len() != 1 || !httpx.IsNamed(fn.Signature().Results().At(0).Type(), httpx.NetHTTP, "Header") {
		return false
	}
	wh, _, _ := types.LookupFieldOrMethod(t, false, nil, "WriteHeader")
	_, ok = wh.(*types.Func)
	return ok && isWriter(t)
}

// isWriter reports whether t has a Write([]byte) (int, error) method.
func isWriter(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "Write")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Signature()
	return sig.Params().Len() == 1 && isByteSlice(sig.Params().At(0).Type()) && sig.Results().Len() == 2
}

func isByteSlice(t types.Type) bool {
	s, ok := types.Unalias(t).Underlying().(*types.Slice)
	return ok && isByte(s.Elem())
}

// localBuffer returns the bytes.Buffer or strings.Builder variable that e
// (buf or &buf) denotes.
func (s *scan) localBuffer(e ast.Expr) *types.Var {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := s.info.Uses[id].(*types.Var)
	if !ok || !isBuffer(v.Type()) {
		return nil
	}
	return v
}

func isBuffer(t types.Type) bool {
	return httpx.IsNamed(t, "bytes", "Buffer") || httpx.IsNamed(t, "strings", "Builder")
}

// unwrapBytes peels what leaves encoded bytes unchanged: conversions,
// &buf, buf.Bytes(), buf.String(), bytes.NewReader(b) and the like.
func (s *scan) unwrapBytes(e ast.Expr) (ast.Expr, bool) {
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return x.X, true
		}
	case *ast.CallExpr:
		if tv, ok := s.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return x.Args[0], true
		}
		fn := s.callee(x)
		if fn == nil || fn.Pkg() == nil {
			return nil, false
		}
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && fn.Signature().Recv() != nil &&
			(fn.Name() == "Bytes" || fn.Name() == "String") && isBuffer(fn.Signature().Recv().Type()) {
			return sel.X, true
		}
		if fn.Signature().Recv() == nil && len(x.Args) == 1 {
			switch fn.Pkg().Path() + "." + fn.Name() {
			case "bytes.NewReader", "bytes.NewBuffer", "bytes.NewBufferString", "strings.NewReader":
				return x.Args[0], true
			}
		}
	}
	return nil, false
}

// carried returns the values whose encoding data holds.
func (s *scan) carried(data ast.Expr, depth int) []flowVal {
	if depth > 6 {
		return nil
	}
	if inner, ok := s.unwrapBytes(data); ok {
		return s.carried(inner, depth+1)
	}
	id, ok := ast.Unparen(data).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := s.info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	out := s.carriers[v]
	if r := s.a.single(v); r != nil {
		out = append(out, s.carried(r, depth+1)...)
	}
	return out
}

// bytesSource peels data down to the expression the bytes come from.
func (s *scan) bytesSource(data ast.Expr, depth int) ast.Expr {
	if inner, ok := s.unwrapBytes(data); ok && depth < 6 {
		return s.bytesSource(inner, depth+1)
	}
	return data
}

// ownParam reports whether e is a parameter of the function being scanned,
// used directly in its body (not in a nested closure).
func (s *scan) ownParam(e ast.Expr, at inspector.Cursor) (int, bool) {
	if s.u.decl == nil {
		return 0, false
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, ok := s.info.Uses[id].(*types.Var)
	if !ok || v == s.variadic {
		return 0, false
	}
	i, ok := s.params[v]
	if !ok {
		return 0, false
	}
	for enc := range at.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if enc.Node() != s.u.decl {
			return 0, false
		}
		break
	}
	return i, true
}

// valueParams lists the parameters that a written value is built from: the
// parameter itself, or one placed in a composite literal (gin.H{"data": v}).
func (s *scan) valueParams(e ast.Expr, at inspector.Cursor, depth int, out []int) []int {
	if depth > 4 {
		return out
	}
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return s.valueParams(x.X, at, depth+1, out)
		}
	case *ast.StarExpr:
		return s.valueParams(x.X, at, depth+1, out)
	case *ast.CompositeLit:
		for _, elt := range x.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			out = s.valueParams(elt, at, depth+1, out)
		}
		return out
	case *ast.CallExpr:
		if tv, ok := s.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return s.valueParams(x.Args[0], at, depth+1, out)
		}
	}
	if i, ok := s.ownParam(e, at); ok {
		out = append(out, i)
	}
	return out
}

// sink handles a value written to d: a parameter written becomes part of
// the function's fact, and a value written to the response is checked.
// param is the helper's parameter type when the write happens in a helper.
func (s *scan) sink(value ast.Expr, at inspector.Cursor, d destination, param types.Type) {
	for _, p := range s.valueParams(value, at, 0, nil) {
		s.out = append(s.out, BodyWrite{Param: p, Writer: d.param})
	}
	if !d.resp || !s.report || s.reported[value.Pos()] {
		return
	}
	if param != nil && len(s.a.m.secrets(param, "")) > 0 {
		return // the helper's own write of its typed parameter is reported there
	}
	var exposed []Secret
	for _, h := range s.exprSecrets(value, "", 0) {
		if h.root != nil && h.Chain != nil && s.cleared(at, value, h.root, h.Chain) {
			continue
		}
		if h.root != nil && h.Chain == nil && s.clearedEach(at, value, h.root, h.Secret) {
			continue
		}
		exposed = append(exposed, h.Secret)
	}
	if len(exposed) == 0 {
		return
	}
	s.reported[value.Pos()] = true
	h := exposed[0]
	s.a.diags = append(s.a.diags, analysis.Diagnostic{
		Pos:      value.Pos(),
		End:      value.End(),
		Category: Rule,
		Message:  fmt.Sprintf("response writes %s (json %q) to the client, exposing a secret", h.Path, h.JSONName),
		Related: []analysis.RelatedInformation{{
			Pos:     h.Field.Pos(),
			End:     h.Field.Pos() + token.Pos(len(h.Field.Name())),
			Message: "secret field declared here",
		}},
	})
	var fn ast.Node
	for enc := range at.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fn = enc.Node()
		break
	}
	s.a.result.Findings = append(s.a.result.Findings, &Finding{
		Value:   value,
		Type:    s.info.TypeOf(value),
		Secrets: exposed,
		Func:    fn,
	})
}

// exprSecret is a secret reached from a written expression; root is the
// variable the value is read from, for the clearing check.
type exprSecret struct {
	Secret
	root *types.Var
}

// exprSecrets finds the secrets a written expression exposes. Composite
// literals are looked into: fields they leave unset are zero and expose
// nothing, and the elements of map[string]any literals (gin.H) are what
// gets written.
func (s *scan) exprSecrets(e ast.Expr, label string, depth int) []exprSecret {
	if depth > maxDepth {
		return nil
	}
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return s.exprSecrets(x.X, label, depth+1)
		}
	case *ast.StarExpr:
		return s.exprSecrets(x.X, label, depth+1)
	case *ast.CompositeLit:
		return s.literalSecrets(x, label, depth)
	case *ast.CallExpr:
		if tv, ok := s.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 && types.IsInterface(tv.Type) {
			return s.exprSecrets(x.Args[0], label, depth+1)
		}
	case *ast.Ident:
		v, _ := s.info.Uses[x].(*types.Var)
		if v != nil && types.IsInterface(v.Type()) {
			// var resp any = u: follow a variable assigned once.
			if r := s.a.single(v); r != nil {
				return s.exprSecrets(r, label, depth+1)
			}
			return nil
		}
		var out []exprSecret
		for _, sec := range s.a.m.secrets(s.info.TypeOf(x), label) {
			out = append(out, exprSecret{sec, v})
		}
		return out
	}
	t := s.info.TypeOf(e)
	if t == nil {
		return nil
	}
	var out []exprSecret
	for _, sec := range s.a.m.secrets(t, label) {
		out = append(out, exprSecret{Secret: sec})
	}
	return out
}

func (s *scan) literalSecrets(lit *ast.CompositeLit, label string, depth int) []exprSecret {
	t := s.info.TypeOf(lit)
	if t == nil || hasCustomMarshal(t) {
		return nil
	}
	var out []exprSecret
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Struct:
		named, _ := types.Unalias(t).(*types.Named)
		if label == "" && named != nil {
			label = named.Obj().Name()
		}
		fields := jsonFields(u)
		for i, elt := range lit.Elts {
			var fv *types.Var
			val := elt
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				val = kv.Value
				if id, ok := kv.Key.(*ast.Ident); ok {
					fv, _ = s.info.Uses[id].(*types.Var)
				}
			} else if i < u.NumFields() {
				fv = u.Field(i)
			}
			if fv == nil || isZeroExpr(s.info, val) {
				continue
			}
			for _, f := range fields {
				if f.chain[0] != fv {
					continue
				}
				if len(f.chain) > 1 {
					// A field promoted from an inlined embedded struct
					// and not shadowed: walk it as part of this type.
					w := &walker{m: s.a.m, onStack: make(map[types.Type]bool)}
					w.field(f, named, label, nil, false, depth)
					for _, sec := range w.found {
						out = append(out, exprSecret{Secret: sec})
					}
					continue
				}
				path := join(label, fv.Name())
				switch s.a.m.classify(fv.Name(), f.name) {
				case issued:
					if isCredentialType(named) {
						continue
					}
					fallthrough
				case stored:
					if named == nil {
						continue // an anonymous response shape sends it on purpose
					}
					if canCarry(fv.Type(), 0) {
						out = append(out, exprSecret{Secret: Secret{Path: path, JSONName: f.name, Field: fv, Owner: named}})
						continue
					}
				}
				out = append(out, s.exprSecrets(val, path, depth+1)...)
			}
		}
	case *types.Map, *types.Slice, *types.Array:
		// Elements of a []User literal are named []User like the type
		// would be; values of a map[string]any (gin.H) start afresh.
		elem := u.(interface{ Elem() types.Type }).Elem()
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			elabel := ""
			if !types.IsInterface(elem) {
				if name, _, _ := rootOf(elem); name != "" {
					elabel = "[]" + name
				}
			}
			out = append(out, s.exprSecrets(elt, elabel, depth+1)...)
		}
	}
	return out
}

// isZeroExpr reports whether e is a literal zero value: "", 0, nil, T{}.
func isZeroExpr(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	tv, ok := info.Types[e]
	if !ok {
		return false
	}
	if tv.IsNil() {
		return true
	}
	if tv.Value != nil {
		switch v := tv.Value.String(); v {
		case `""`, "0", "false":
			return true
		}
		return false
	}
	lit, ok := e.(*ast.CompositeLit)
	return ok && len(lit.Elts) == 0
}
