package limits

import (
	"cmp"
	"go/ast"
	"go/build"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/internal/astx"
	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

// FixSites returns one site per finding with its fixes: the handler's
// validation/limit-body, the same for every finding in one handler.
func (r *Result) FixSites() []patterns.Site {
	r.planned.Run()
	var out []patterns.Site
	for _, f := range r.Findings {
		if len(f.Fixes) > 0 {
			out = append(out, patterns.Site{Rule: Rule, Pos: f.Reported.Pos(), End: f.Reported.End(), Fixes: f.Fixes})
		}
	}
	return out
}

var _ patterns.Sites = (*Result)(nil)

// The defaults of validation/limit-body when neither the project nor the
// configuration names a limit: 1 MiB for bodies, and for multipart uploads
// net/http's own in-memory cap of FormFile.
const (
	defaultBodyLimit   = 1 << 20
	defaultUploadLimit = 32 << 20
)

// tooLargeMessage is the message of the 413 answers the pattern writes.
const tooLargeMessage = "request body too large"

// fixer builds the validation/limit-body fix of each handler of a package.
type fixer struct {
	c   *checker
	cfg *config.Config

	learned bool
	helpers []helper          // limiting JSON decoders visible here, most used first
	consts  []*types.Const    // integer constants, this package's first
	errorFn *types.Func       // the package's func(http.ResponseWriter, int, string) error writer
	src     map[string][]byte // file contents, for copying statements
}

type helper struct {
	fn   *types.Func
	fact *JSONDecoderFact
}

// limitBody returns the fix of a handler whose body is read without a
// limit by sinks: one cap before the first read (or every JSON decode
// switched to the project's limiting helper), and a 413 branch in every
// read's error check.
func (fx *fixer) limitBody(u *unit, sinks []*sink) (patterns.LimitBodyParams, bool) {
	var p patterns.LimitBodyParams
	if len(sinks) == 0 {
		return p, false
	}
	fx.learn()
	req := fx.requestVar(sinks[0].request)
	if req == nil {
		return p, false
	}
	first, upload := sinks[0], false
	for _, s := range sinks {
		if fx.requestVar(s.request) != req {
			return p, false
		}
		if s.origin < first.origin {
			first = s
		}
		upload = upload || s.kind == multipart
	}
	body, writer, needs, ok := fx.bodyAndWriter(u, req)
	if !ok {
		return p, false
	}
	if hs, ok := fx.switchToHelper(u, req, sinks); ok {
		p.Helpers = hs
	} else {
		before, ok := fx.anchor(u, first.origin, needs)
		if !ok {
			return p, false
		}
		p.Before, p.Body, p.Writer, p.Limit = before.Pos(), body, writer, fx.limit(upload)
	}
	for _, s := range sinks {
		if s.kind == viaHelper || s.kind == binds && !strings.HasPrefix(s.what, "c.Should") && fx.isGin(u) {
			continue // gin's Bind* answer 413 themselves; a helper's error is its own
		}
		call, ok := s.reported.(*ast.CallExpr)
		if !ok {
			continue
		}
		check, errVar, ok := fx.errCheck(call)
		if !ok {
			continue
		}
		answer, ok := fx.answer(u, check)
		if !ok {
			continue
		}
		p.TooLarge = append(p.TooLarge, patterns.TooLargeCheck{Check: check.Pos(), Err: errVar.Name(), Answer: answer})
	}
	return p, true
}

func (fx *fixer) isGin(u *unit) bool { return u.hp.Kind == httpx.GinHandler }

// requestVar resolves the request a sink reads to its variable: r for
// r.Body, c for gin's c.Request.Body and echo's c.Request().Body.
func (fx *fixer) requestVar(e ast.Expr) *types.Var {
	info := fx.c.pass.TypesInfo
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.SelectorExpr:
		if x.Sel.Name == "Request" && httpx.IsGinContext(info.TypeOf(x.X)) {
			e = ast.Unparen(x.X)
		}
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Request" && httpx.IsEchoContext(info.TypeOf(sel.X)) {
			e = ast.Unparen(sel.X)
		}
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil || v.IsField() || !isRequestish(v.Type()) {
		return nil
	}
	return v
}

func named(v *types.Var) bool { return v != nil && v.Name() != "" && v.Name() != "_" }

// bodyAndWriter returns the body and response writer expressions of the
// cap, and the variables they use.
func (fx *fixer) bodyAndWriter(u *unit, req *types.Var) (body, writer patterns.Snippet, needs []*types.Var, ok bool) {
	switch t := req.Type(); {
	case httpx.IsRequest(t):
		body = patterns.Snippet{Src: req.Name() + ".Body"}
	case httpx.IsGinContext(t):
		body = patterns.Snippet{Src: req.Name() + ".Request.Body"}
	case httpx.IsEchoContext(t):
		body = patterns.Snippet{Src: req.Name() + ".Request().Body"}
	}
	needs = []*types.Var{req}
	switch u.hp.Kind {
	case httpx.NetHTTPHandler:
		if !named(u.hp.Writer) {
			return body, writer, nil, false
		}
		writer = patterns.Snippet{Src: u.hp.Writer.Name()}
		needs = append(needs, u.hp.Writer)
	case httpx.GinHandler:
		if !named(u.hp.Context) {
			return body, writer, nil, false
		}
		writer = patterns.Snippet{Src: u.hp.Context.Name() + ".Writer"}
		needs = append(needs, u.hp.Context)
	case httpx.EchoHandler:
		if !named(u.hp.Context) {
			return body, writer, nil, false
		}
		writer = patterns.Snippet{Src: u.hp.Context.Name() + ".Response()"}
		needs = append(needs, u.hp.Context)
	default:
		return body, writer, nil, false
	}
	return body, writer, needs, body.Src != ""
}

// anchor returns the statement the cap goes before: the outermost
// statement of the handler's body that holds pos and sees every variable
// of needs.
func (fx *fixer) anchor(u *unit, pos token.Pos, needs []*types.Var) (ast.Stmt, bool) {
	file := fx.fileOf(pos)
	if file == nil {
		return nil, false
	}
	cands := astx.Placeable(file, pos, pos, u.body)
	for i := len(cands) - 1; i >= 0; i-- {
		s := cands[i]
		if !slices.ContainsFunc(needs, func(v *types.Var) bool { return v.Pos() >= s.Pos() }) {
			return s, true
		}
	}
	return nil, false
}

func (fx *fixer) fileOf(pos token.Pos) *ast.File { return astx.FileOf(fx.c.pass.Files, pos) }

// --- the limit ---

// limitNames match the names of constants that hold a body or an upload
// limit: maxBodyBytes, MaxRequestBodySize, bodyLimit, maxUploadSize.
var (
	bodyLimitName   = regexp.MustCompile(`(?i)((max|limit).*(body|payload|request(bytes|size)))|((body|payload).*(max|limit|size|bytes))`)
	uploadLimitName = regexp.MustCompile(`(?i)((max|limit).*(upload|multipart))|((upload|multipart).*(max|limit|size|bytes))`)
)

// limit returns the size of the cap: the project's constant for it, else
// the configured size, else the default.
func (fx *fixer) limit(upload bool) patterns.Snippet {
	name, def := bodyLimitName, int64(defaultBodyLimit)
	if upload {
		name, def = uploadLimitName, defaultUploadLimit
	}
	var want int64
	if fx.cfg != nil && !upload {
		want = fx.cfg.Limits.MaxBodyBytes
	}
	for _, k := range fx.consts {
		if !name.MatchString(k.Name()) {
			continue
		}
		v, ok := constant.Int64Val(k.Val())
		if !ok || v <= 0 || want > 0 && v != want {
			continue
		}
		return fx.constRef(k)
	}
	if want > 0 {
		return patterns.Snippet{Src: sizeLiteral(want)}
	}
	return patterns.Snippet{Src: sizeLiteral(def)}
}

// constRef refers to k as an int64 from the analysed package.
func (fx *fixer) constRef(k *types.Const) patterns.Snippet {
	s := patterns.Snippet{Src: k.Name()}
	if k.Pkg() != fx.c.pass.Pkg {
		s = patterns.Snippet{Src: k.Pkg().Name() + "." + k.Name(), Imports: map[string]string{k.Pkg().Name(): k.Pkg().Path()}}
	}
	if b, ok := k.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsUntyped == 0 && b.Kind() != types.Int64 {
		s.Src = "int64(" + s.Src + ")"
	}
	return s
}

// sizeLiteral writes n in MiB or KiB shifts when it is a whole number of them.
func sizeLiteral(n int64) string {
	switch {
	case n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " << 20"
	case n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " << 10"
	}
	return strconv.FormatInt(n, 10)
}

// --- the project's helpers, learned once per package ---

func (fx *fixer) learn() {
	if fx.learned {
		return
	}
	fx.learned = true
	pass := fx.c.pass
	fx.src = map[string][]byte{}
	uses := map[types.Object]int{}
	for _, obj := range pass.TypesInfo.Uses {
		uses[obj]++
	}
	// Limiting JSON decoders: this package's and its imports'.
	for fn, f := range fx.c.decoders {
		fx.helpers = append(fx.helpers, helper{fn, f})
	}
	pkgs := append([]*types.Package(nil), pass.Pkg.Imports()...)
	slices.SortFunc(pkgs, func(a, b *types.Package) int { return cmp.Compare(a.Path(), b.Path()) })
	for _, pkg := range pkgs {
		if _, framework := httpx.FrameworkOf(pkg.Path()); framework || isStd(pkg.Path()) {
			continue
		}
		for _, name := range pkg.Scope().Names() {
			obj := pkg.Scope().Lookup(name)
			if !obj.Exported() {
				continue
			}
			switch obj := obj.(type) {
			case *types.Func:
				var f JSONDecoderFact
				if pass.ImportObjectFact(obj, &f) {
					fx.helpers = append(fx.helpers, helper{obj, &f})
				}
			case *types.Const:
				fx.consts = append(fx.consts, obj)
			}
		}
	}
	slices.SortStableFunc(fx.helpers, func(a, b helper) int {
		return cmp.Or(cmp.Compare(uses[b.fn], uses[a.fn]), cmp.Compare(a.fn.FullName(), b.fn.FullName()))
	})
	// Size constants: this package's first.
	var own []*types.Const
	for _, name := range pass.Pkg.Scope().Names() {
		if k, ok := pass.Pkg.Scope().Lookup(name).(*types.Const); ok {
			own = append(own, k)
		}
	}
	fx.consts = append(own, fx.consts...)
	fx.consts = slices.DeleteFunc(fx.consts, func(k *types.Const) bool {
		b, ok := k.Type().Underlying().(*types.Basic)
		return !ok || b.Info()&types.IsInteger == 0 || k.Val().Kind() != constant.Int
	})
	fx.errorFn = fx.errorWriter()
}

// isStd reports whether path is a package of the standard library: no
// dot in its first element and a directory in GOROOT (a module may be
// named without a dot too).
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") {
		return false
	}
	goroot := build.Default.GOROOT
	if goroot == "" {
		return true
	}
	fi, err := os.Stat(filepath.Join(goroot, "src", filepath.FromSlash(path)))
	return err == nil && fi.IsDir()
}

// errorWriter finds the function the package's handlers answer errors
// with: a func(http.ResponseWriter, int, string) most often called with a
// 4xx or 5xx status.
func (fx *fixer) errorWriter() *types.Func {
	info := fx.c.pass.TypesInfo
	count := map[*types.Func]int{}
	for _, f := range fx.c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 3 {
				return true
			}
			fn, _ := typeutil.Callee(info, call).(*types.Func)
			if fn == nil || fn.Signature().Recv() != nil || !isErrorWriter(fn.Signature()) {
				return true
			}
			if st, ok := statusOf(info, call.Args[1]); ok && st >= 400 {
				count[fn]++
			}
			return true
		})
	}
	var best *types.Func
	for fn, n := range count {
		if best == nil || n > count[best] || n == count[best] && fn.FullName() < best.FullName() {
			best = fn
		}
	}
	return best
}

func isErrorWriter(sig *types.Signature) bool {
	ps := sig.Params()
	if ps.Len() != 3 || sig.Variadic() || sig.Results().Len() != 0 {
		return false
	}
	i, ok1 := ps.At(1).Type().Underlying().(*types.Basic)
	s, ok2 := ps.At(2).Type().Underlying().(*types.Basic)
	return httpx.IsResponseWriter(ps.At(0).Type()) && ok1 && i.Kind() == types.Int && ok2 && s.Kind() == types.String
}

// statusOf returns the value of an HTTP status constant.
func statusOf(info *types.Info, e ast.Expr) (int64, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return 0, false
	}
	v, ok := constant.Int64Val(tv.Value)
	return v, ok && 100 <= v && v <= 599
}

// --- switching to the project's helper ---

// switchToHelper switches every sink, each a json.NewDecoder(r.Body).Decode(&v)
// of a net/http handler, to the project's limiting JSON decoder.
func (fx *fixer) switchToHelper(u *unit, req *types.Var, sinks []*sink) ([]patterns.HelperCall, bool) {
	if len(fx.helpers) == 0 || u.hp.Kind != httpx.NetHTTPHandler || !httpx.IsRequest(req.Type()) {
		return nil, false
	}
	h := fx.helpers[0]
	fn := patterns.Snippet{Src: h.fn.Name()}
	if pkg := h.fn.Pkg(); pkg != fx.c.pass.Pkg {
		fn = patterns.Snippet{Src: pkg.Name() + "." + h.fn.Name(), Imports: map[string]string{pkg.Name(): pkg.Path()}}
	}
	var out []patterns.HelperCall
	for _, s := range sinks {
		dec, ok := s.reported.(*ast.CallExpr)
		if !ok || s.kind != decodes || s.what != "json.NewDecoder" || dec == s.call || len(dec.Args) != 1 {
			return nil, false
		}
		if _, direct := ast.Unparen(s.body).(*ast.SelectorExpr); !direct || fx.hasComments(dec) {
			return nil, false
		}
		args := make([]patterns.Arg, 3)
		args[h.fact.Writer] = patterns.Arg{Src: patterns.Snippet{Src: u.hp.Writer.Name()}}
		args[h.fact.Request] = patterns.Arg{Src: patterns.Snippet{Src: req.Name()}}
		args[h.fact.Dst] = patterns.Arg{Expr: dec.Args[0].Pos(), End: dec.Args[0].End()}
		out = append(out, patterns.HelperCall{Call: dec.Pos(), End: dec.End(), Func: fn, Args: args})
	}
	return out, true
}

func (fx *fixer) hasComments(n ast.Node) bool {
	f := fx.fileOf(n.Pos())
	if f == nil {
		return true
	}
	for _, cg := range f.Comments {
		if n.Pos() <= cg.Pos() && cg.End() <= n.End() {
			return true
		}
	}
	return false
}

// jsonDecoder reports whether a declared function is a limiting JSON
// decoder (JSONDecoderFact): func(w http.ResponseWriter, r *http.Request,
// dst any) error, in any order, that limits r's body and returns the
// error of a (*json.Decoder).Decode(dst).
func (c *checker) jsonDecoder(u *unit) *JSONDecoderFact {
	if u.fn == nil || u.handler || u.fn.Signature().Recv() != nil {
		return nil
	}
	sig := u.fn.Signature()
	if sig.Params().Len() != 3 || sig.Variadic() || sig.Results().Len() != 1 || !isErrorType(sig.Results().At(0).Type()) {
		return nil
	}
	f := &JSONDecoderFact{Writer: -1, Request: -1, Dst: -1}
	for i := range 3 {
		t := sig.Params().At(i).Type()
		switch {
		case httpx.IsResponseWriter(t):
			f.Writer = i
		case httpx.IsRequest(t):
			f.Request = i
		case isEmptyInterface(t):
			f.Dst = i
		}
	}
	if f.Writer < 0 || f.Request < 0 || f.Dst < 0 || !slices.Contains(c.limits[u.fn], f.Request) {
		return nil
	}
	dst := sig.Params().At(f.Dst)
	returned := false
	ast.Inspect(u.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 1 && c.decodesInto(n.Results[0], dst) {
				returned = true
			}
		case *ast.IfStmt:
			// if err := dec.Decode(dst); err != nil { return err }
			as, ok := n.Init.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !c.decodesInto(as.Rhs[0], dst) || len(n.Body.List) == 0 {
				return true
			}
			errID, _ := as.Lhs[0].(*ast.Ident)
			ret, _ := n.Body.List[0].(*ast.ReturnStmt)
			if errID != nil && ret != nil && len(ret.Results) == 1 {
				if id, ok := ret.Results[0].(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == c.pass.TypesInfo.ObjectOf(errID) {
					returned = true
				}
			}
		}
		return !returned
	})
	if !returned {
		return nil
	}
	return f
}

// decodesInto: e is (*encoding/json.Decoder).Decode(dst).
func (c *checker) decodesInto(e ast.Expr, dst *types.Var) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Name() != "Decode" || fn.Pkg() == nil || fn.Pkg().Path() != "encoding/json" {
		return false
	}
	id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	return ok && c.pass.TypesInfo.Uses[id] == dst
}

func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func isEmptyInterface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.Empty()
}

// --- the 413 answer ---

// errCheck finds the if statement that checks the error of call:
// if err := call; err != nil {…}, or err := call followed by
// if err != nil {…}.
func (fx *fixer) errCheck(call *ast.CallExpr) (*ast.IfStmt, *types.Var, bool) {
	file := fx.fileOf(call.Pos())
	if file == nil {
		return nil, nil, false
	}
	path, _ := astutil.PathEnclosingInterval(file, call.Pos(), call.End())
	if len(path) < 3 || path[0] != ast.Node(call) {
		return nil, nil, false
	}
	as, ok := path[1].(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != ast.Expr(call) {
		return nil, nil, false
	}
	id, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
	if !ok {
		return nil, nil, false
	}
	errVar, _ := fx.c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if errVar == nil || !isErrorType(errVar.Type()) {
		return nil, nil, false
	}
	var check *ast.IfStmt
	switch parent := path[2].(type) {
	case *ast.IfStmt:
		if parent.Init == as {
			check = parent
		}
	case *ast.BlockStmt:
		if i := slices.Index(parent.List, ast.Stmt(as)); i >= 0 && i+1 < len(parent.List) {
			check, _ = parent.List[i+1].(*ast.IfStmt)
			if check != nil && check.Init != nil {
				check = nil
			}
		}
	}
	if check == nil || !fx.isErrNotNil(check.Cond, errVar) {
		return nil, nil, false
	}
	return check, errVar, true
}

func (fx *fixer) isErrNotNil(cond ast.Expr, errVar *types.Var) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ {
		return false
	}
	info := fx.c.pass.TypesInfo
	is := func(x ast.Expr, v types.Object) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	isNil := func(x ast.Expr) bool { return is(x, types.Universe.Lookup("nil")) }
	return is(b.X, errVar) && isNil(b.Y) || isNil(b.X) && is(b.Y, errVar)
}

// answer returns the statements answering 413 at the top of the error
// check's body: the check's own answer with the status and message
// swapped, else the package's error writer, else the framework's answer.
func (fx *fixer) answer(u *unit, check *ast.IfStmt) (patterns.Snippet, bool) {
	if s, ok := fx.swapped(u, check.Body); ok {
		return s, true
	}
	status := patterns.Snippet{Src: "http.StatusRequestEntityTooLarge", Imports: map[string]string{"http": httpx.NetHTTP}}
	msg := strconv.Quote(tooLargeMessage)
	switch u.hp.Kind {
	case httpx.NetHTTPHandler:
		w := u.hp.Writer.Name()
		if fn := fx.errorFn; fn != nil {
			call := patterns.Snippet{Src: fn.Name()}
			if fn.Pkg() != fx.c.pass.Pkg {
				call = patterns.Snippet{Src: fn.Pkg().Name() + "." + fn.Name(), Imports: map[string]string{fn.Pkg().Name(): fn.Pkg().Path()}}
			}
			return patterns.JoinSnippets("", call, patterns.Snippet{Src: "(" + w + ", "}, status, patterns.Snippet{Src: ", " + msg + ")\nreturn"}), true
		}
		return patterns.JoinSnippets("", patterns.Snippet{Src: "http.Error(" + w + ", " + msg + ", "}, status, patterns.Snippet{Src: ")\nreturn"}), true
	case httpx.GinHandler:
		return patterns.JoinSnippets("", patterns.Snippet{Src: u.hp.Context.Name() + ".AbortWithStatus("}, status, patterns.Snippet{Src: ")\nreturn"}), true
	case httpx.EchoHandler:
		echo := echoPath(u.hp.Context.Type())
		if echo == "" {
			return patterns.Snippet{}, false
		}
		return patterns.JoinSnippets("", patterns.Snippet{Src: "return echo.NewHTTPError(", Imports: map[string]string{"echo": echo}}, status, patterns.Snippet{Src: ", " + msg + ")"}), true
	}
	return patterns.Snippet{}, false
}

func echoPath(t types.Type) string {
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Path()
	}
	return ""
}

// swapped copies the statements of an error check's body with the status
// of its response (the first call given a 4xx or 5xx status) turned into
// 413 and the call's message literals into tooLargeMessage. The copy goes
// at the top of the same body, so every name in it resolves as before.
func (fx *fixer) swapped(u *unit, body *ast.BlockStmt) (patterns.Snippet, bool) {
	info := fx.c.pass.TypesInfo
	if len(body.List) == 0 {
		return patterns.Snippet{}, false
	}
	var resp *ast.CallExpr
	var statusArg ast.Expr
	labels := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			labels = true
		case *ast.CallExpr:
			if resp != nil {
				return false
			}
			for _, a := range n.Args {
				if st, ok := statusOf(info, a); ok && st >= 400 {
					resp, statusArg = n, a
					return false
				}
			}
		}
		return true
	})
	if resp == nil || labels {
		return patterns.Snippet{}, false
	}
	last := body.List[len(body.List)-1]
	_, returns := last.(*ast.ReturnStmt)
	if !returns && u.hp.Kind == httpx.EchoHandler {
		return patterns.Snippet{}, false
	}
	status, _ := statusOf(info, statusArg)
	repl := map[ast.Node]string{}
	// The status, also where it is spelled out again: http.StatusText(400).
	ast.Inspect(resp, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			if st, ok := statusOf(info, e); ok && st == status {
				repl[e] = "http.StatusRequestEntityTooLarge"
				return false
			}
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	// The messages: string arguments of the response call, and values of
	// the literals given to it or to a call that writes the response
	// (json.NewEncoder(w).Encode(map[string]string{"error": "…"})).
	message := func(e ast.Expr) {
		if lit, ok := ast.Unparen(e).(*ast.BasicLit); ok && lit.Kind == token.STRING && !strings.Contains(lit.Value, "%") {
			repl[lit] = strconv.Quote(tooLargeMessage)
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			_, lit := n.(*ast.FuncLit)
			return !lit
		}
		if call != resp && !fx.mentions(call, u.hp.Writer, u.hp.Context) {
			return true
		}
		for _, a := range call.Args {
			if call == resp {
				message(a)
			}
			if cl, ok := ast.Unparen(a).(*ast.CompositeLit); ok {
				for _, el := range cl.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						message(kv.Value)
					}
				}
			}
		}
		return true
	})
	src, ok := fx.render(body.List[0].Pos(), last.End(), repl)
	if !ok {
		return patterns.Snippet{}, false
	}
	if !returns {
		src += "\nreturn"
	}
	return patterns.Snippet{Src: src, Imports: map[string]string{"http": httpx.NetHTTP}}, true
}

// mentions reports whether the call's function or arguments use one of vars.
func (fx *fixer) mentions(call *ast.CallExpr, vars ...*types.Var) bool {
	found := false
	ast.Inspect(call, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name != "_" {
			if v, ok := fx.c.pass.TypesInfo.Uses[id].(*types.Var); ok && slices.Contains(vars, v) {
				found = true
			}
		}
		return !found
	})
	return found
}

// render returns the source from..to with the nodes of repl replaced and
// comments left out.
func (fx *fixer) render(from, to token.Pos, repl map[ast.Node]string) (string, bool) {
	pass := fx.c.pass
	tf := pass.Fset.File(from)
	file := fx.fileOf(from)
	if tf == nil || file == nil {
		return "", false
	}
	src, ok := fx.src[tf.Name()]
	if !ok {
		var err error
		src, err = pass.ReadFile(tf.Name())
		if err != nil || len(src) != tf.Size() {
			return "", false
		}
		fx.src[tf.Name()] = src
	}
	type cut struct {
		start, end int
		text       string
	}
	var cuts []cut
	for n, text := range repl {
		cuts = append(cuts, cut{tf.Offset(n.Pos()), tf.Offset(n.End()), text})
	}
	for _, cg := range file.Comments {
		if from <= cg.Pos() && cg.End() <= to {
			cuts = append(cuts, cut{tf.Offset(cg.Pos()), tf.Offset(cg.End()), ""})
		}
	}
	slices.SortFunc(cuts, func(a, b cut) int { return cmp.Compare(a.start, b.start) })
	var b strings.Builder
	last := tf.Offset(from)
	for _, c := range cuts {
		if c.start < last {
			return "", false
		}
		b.Write(src[last:c.start])
		b.WriteString(c.text)
		last = c.end
	}
	b.Write(src[last:tf.Offset(to)])
	return b.String(), true
}
