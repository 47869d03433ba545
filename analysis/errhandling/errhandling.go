package errhandling

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

//go:embed doc.go
var doc string

// The rule IDs this analyzer reports, as Diagnostic.Category.
const (
	RuleIgnoredError  = "ignored-error"
	RuleMissingReturn = "missing-return"
	RuleErrorDetail   = "error-detail"
)

// Analyzer reports discarded errors, error responses the handler does not
// return after, and error text sent to the client.
var Analyzer = &analysis.Analyzer{
	Name:       "errhandling",
	Doc:        analysisDoc(doc, "errhandling"),
	URL:        "https://pkg.go.dev/github.com/prodready/prodready/analysis/errhandling",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	FactTypes:  []analysis.Fact{new(Responder), new(SafeError)},
	ResultType: reflect.TypeFor[*Result](),
	Run:        run,
}

// analysisDoc extracts doc.go's package comment from its "# Analyzer name"
// heading to the end; the first line "name: title" becomes the title line.
func analysisDoc(src, name string) string {
	var lines []string
	in := false
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(line, "package ") {
			break
		}
		text, ok := strings.CutPrefix(line, "//")
		if !ok {
			continue
		}
		text = strings.TrimPrefix(text, " ")
		if !in {
			in = text == "# Analyzer "+name
			continue
		}
		if in {
			lines = append(lines, text)
		}
	}
	return strings.TrimPrefix(strings.TrimSpace(strings.Join(lines, "\n")), name+": ")
}

// Responder is the fact exported for a function that writes an HTTP
// response through one of its parameters, or builds an error whose text
// echo sends to the client: writeError(w, status, msg),
// internalError(w, err), fail(c, err) error, badRequest(err) *echo.HTTPError.
// Call sites in other packages use it to recognise error responses
// (missing-return) and text sent to the client (error-detail).
type Responder struct {
	// Writer is the index of the http.ResponseWriter, *gin.Context or
	// echo.Context parameter written to; -1 for echo error constructors.
	Writer int
	// Status is the 4xx/5xx status the function writes unconditionally,
	// 0 when none or when it comes from StatusParam.
	Status int
	// StatusParam is the index of the parameter written unconditionally as
	// the status, -1 when none.
	StatusParam int
	// Sends lists the parameters whose content reaches the response body,
	// on any path. A variadic parameter's index stands for all its arguments.
	Sends []int
}

// AFact marks Responder as an analysis fact.
func (*Responder) AFact() {}

func (f *Responder) String() string {
	var parts []string
	if f.Writer >= 0 {
		parts = append(parts, fmt.Sprintf("writer %d", f.Writer))
	}
	if f.Status != 0 {
		parts = append(parts, fmt.Sprintf("status %d", f.Status))
	}
	if f.StatusParam >= 0 {
		parts = append(parts, fmt.Sprintf("status param %d", f.StatusParam))
	}
	if len(f.Sends) > 0 {
		parts = append(parts, fmt.Sprintf("sends %v", f.Sends))
	}
	return "responder: " + strings.Join(parts, ", ")
}

// WritesError reports whether a call with these arguments writes an error
// status: the fixed Status, or a constant 4xx/5xx at StatusParam.
func (f *Responder) WritesError(info *types.Info, args []ast.Expr) bool {
	if f.Writer < 0 {
		return false
	}
	if f.StatusParam >= 0 {
		return f.StatusParam < len(args) && isErrorStatus(info, args[f.StatusParam])
	}
	return f.Status >= 400
}

// SafeError is the fact exported for a function whose error results are
// all client-facing messages: nil, errors.New or fmt.Errorf of text that
// carries no other error, package-level sentinels, or results of other
// SafeError functions — a validator such as validateTask. Its errors may
// be sent to the client.
type SafeError struct{}

// AFact marks SafeError as an analysis fact.
func (*SafeError) AFact() {}

func (*SafeError) String() string { return "safe error" }

// Result lists the package's findings with what the fix patterns need, and
// the error-response helpers the package defines or calls.
type Result struct {
	Findings []*Finding
	// Helpers are the functions with a Responder fact that this package
	// defines or calls, in source order of first appearance: candidates for
	// the project's own way of answering with an error.
	Helpers []Helper

	// planned fills the findings' Fixes, when they were left to be
	// planned on demand (patterns.Eager off).
	planned patterns.Deferred
}

// Helper is a function that writes responses, with its fact.
type Helper struct {
	Func *types.Func
	Fact *Responder
}

// Finding is one reported site.
type Finding struct {
	// Rule is one of RuleIgnoredError, RuleMissingReturn, RuleErrorDetail.
	Rule string
	// Func is the innermost *ast.FuncDecl or *ast.FuncLit holding the site,
	// and Handler its handler parameters (Kind is httpx.NotHandler for an
	// error-detail finding outside a handler).
	Func    ast.Node
	Handler httpx.HandlerParams
	// Stmt is the statement holding the site.
	//   ignored-error: the *ast.ExprStmt or *ast.AssignStmt that drops the
	//   error, to be replaced by a check (errors/check-and-respond).
	//   missing-return: the last statement of the block that writes the
	//   error response; the return goes after it (errors/add-return).
	//   error-detail: the statement that sends the error text; a log call
	//   goes before it (errors/generic-message).
	Stmt ast.Stmt
	// Call is the call whose error is dropped (ignored-error), the call that
	// writes the error response (missing-return), or the call that sends
	// the error text (error-detail).
	Call *ast.CallExpr
	// ErrResult is, for ignored-error, the index of the error in Call's
	// results.
	ErrResult int
	// Arg is, for error-detail, the expression carrying the error text
	// (err.Error(), fmt.Sprintf("…: %v", err), err): replace it by a generic
	// message. ErrValue is the error value inside it (err), to log; nil when
	// the text reached Arg through a string variable.
	Arg      ast.Expr
	ErrValue ast.Expr
	// Status is, for missing-return and error-detail, the status expression
	// of the write, when it has one.
	Status ast.Expr
	// Origin names the call the error comes from ("store.DeleteTask").
	Origin string
	// Fixes are the patterns that apply, preferred first.
	Fixes []patterns.Fix

	at ast.Node // where the diagnostic is reported
}

type analyzer struct {
	pass    *analysis.Pass
	ins     *inspector.Inspector
	rw      *types.Interface // http.ResponseWriter, when reachable
	safe    map[*types.Func]bool
	local   map[*types.Func]*Responder
	ctxs    map[ast.Node]*fnCtx
	result  *Result
	helpers map[*types.Func]bool
	errType types.Type
	funcs   []*funcInfo // every function with a body, in source order
	diags   []analysis.Diagnostic
	// Memos of questions asked at every call and write: whether a type
	// is a ResponseWriter, the fact of a function of another package.
	writers  map[types.Type]bool
	imported map[*types.Func]*Responder
	safeImp  map[*types.Func]bool
}

func run(pass *analysis.Pass) (any, error) {
	a := &analyzer{
		pass:     pass,
		ins:      pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		safe:     make(map[*types.Func]bool),
		local:    make(map[*types.Func]*Responder),
		ctxs:     make(map[ast.Node]*fnCtx),
		result:   new(Result),
		helpers:  make(map[*types.Func]bool),
		errType:  types.Universe.Lookup("error").Type(),
		writers:  make(map[types.Type]bool),
		imported: make(map[*types.Func]*Responder),
		safeImp:  make(map[*types.Func]bool),
	}
	a.rw = findResponseWriter(pass.Pkg)

	var decls []inspector.Cursor
	for cur := range a.ins.Root().Preorder((*ast.FuncDecl)(nil)) {
		if cur.Node().(*ast.FuncDecl).Body != nil {
			decls = append(decls, cur)
		}
	}

	// SafeError facts are computed for every package: validators often live
	// in packages that do not import net/http.
	a.computeSafe(decls)
	if !httpx.ImportsHTTP(pass.Pkg) {
		return a.result, nil
	}
	a.computeResponders(decls)

	for cur := range a.ins.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var body *ast.BlockStmt
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		}
		if body == nil || isTestFile(pass, body) {
			continue
		}
		hp, isHandler := httpx.ParamsOf(pass.TypesInfo, cur.Node())
		fc := a.ctxFor(cur)
		a.funcs = append(a.funcs, a.newFuncInfo(cur, body, hp, fc))
		if isHandler {
			a.checkIgnored(fc, cur, hp)
			a.checkMissingReturn(fc, cur, hp)
		}
		a.checkDetail(fc, cur, hp)
	}
	slices.SortFunc(a.result.Helpers, func(x, y Helper) int { return int(x.Func.Pos() - y.Func.Pos()) })
	if len(a.result.Findings) > 0 {
		if patterns.Eager() {
			newFixer(a).fixAll()
		} else {
			// Learning the package's conventions costs a third of the
			// analysis, and an editor asks for the fixes of few findings.
			a.result.planned.Defer(func() { newFixer(a).fixAll() })
		}
	}
	for i, d := range a.diags {
		patterns.Attach(pass, &d, a.result.Findings[i].Fixes)
		pass.Report(d)
	}
	return a.result, nil
}

func isTestFile(pass *analysis.Pass, n ast.Node) bool {
	return strings.HasSuffix(pass.Fset.Position(n.Pos()).Filename, "_test.go")
}

// report records a finding and its diagnostic, reported once the fixes of
// every finding are known.
func (a *analyzer) report(f *Finding, at ast.Node, msg string) {
	f.at = at
	a.result.Findings = append(a.result.Findings, f)
	a.diags = append(a.diags, analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Category: f.Rule, Message: msg})
}

// findResponseWriter finds the http.ResponseWriter interface among the
// packages pkg depends on.
func findResponseWriter(pkg *types.Package) *types.Interface {
	seen := make(map[*types.Package]bool)
	var walk func(p *types.Package) *types.Interface
	walk = func(p *types.Package) *types.Interface {
		if seen[p] {
			return nil
		}
		seen[p] = true
		if p.Path() == httpx.NetHTTP {
			if obj := p.Scope().Lookup("ResponseWriter"); obj != nil {
				iface, _ := obj.Type().Underlying().(*types.Interface)
				return iface
			}
			return nil
		}
		for _, imp := range p.Imports() {
			if it := walk(imp); it != nil {
				return it
			}
		}
		return nil
	}
	return walk(pkg)
}

// isResponseWriter reports whether e's type implements http.ResponseWriter
// (w, c.Writer, c.Response(), a wrapping writer type).
func (a *analyzer) isResponseWriter(e ast.Expr) bool {
	t := a.pass.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	is, ok := a.writers[t]
	if !ok {
		is = httpx.IsResponseWriter(t) || a.rw != nil && types.Implements(t, a.rw)
		a.writers[t] = is
	}
	return is
}

// isError reports whether t is the error interface.
func (a *analyzer) isError(t types.Type) bool { return t != nil && types.Identical(t, a.errType) }

// implementsError reports whether t is or implements error.
func (a *analyzer) implementsError(t types.Type) bool {
	if t == nil {
		return false
	}
	return types.Implements(t, a.errType.Underlying().(*types.Interface))
}

// responder returns what is known of fn: this package's fixed point or the
// fact its package exported.
func (a *analyzer) responder(fn *types.Func) *Responder {
	if fn.Pkg() == a.pass.Pkg {
		return a.local[fn]
	}
	f, seen := a.imported[fn]
	if !seen {
		f = new(Responder)
		if !a.pass.ImportObjectFact(fn, f) {
			f = nil
		}
		a.imported[fn] = f
	}
	if f != nil && !a.helpers[fn] {
		a.helpers[fn] = true
		a.result.Helpers = append(a.result.Helpers, Helper{Func: fn, Fact: f})
	}
	return f
}

// isSafe reports whether fn's errors are client-facing messages.
func (a *analyzer) isSafe(fn *types.Func) bool {
	if fn.Pkg() == a.pass.Pkg {
		return a.safe[fn]
	}
	safe, seen := a.safeImp[fn]
	if !seen {
		safe = a.pass.ImportObjectFact(fn, new(SafeError))
		a.safeImp[fn] = safe
	}
	return safe
}

// computeSafe finds, to a fixed point, the package's functions whose error
// results are all client-facing, and exports SafeError facts for them.
func (a *analyzer) computeSafe(decls []inspector.Cursor) {
	type unit struct {
		cur inspector.Cursor
		fn  *types.Func
		sig *types.Signature
	}
	var units []unit
	for _, cur := range decls {
		decl := cur.Node().(*ast.FuncDecl)
		fn, _ := a.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if fn == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if errorResult(sig, a.isError) < 0 || httpx.KindOf(sig) != httpx.NotHandler {
			continue // handlers are not called for their errors
		}
		units = append(units, unit{cur, fn, sig})
	}
	for changed := true; changed; {
		changed = false
		for _, u := range units {
			if a.safe[u.fn] {
				continue
			}
			if a.returnsSafe(a.ctxFor(u.cur), u.cur, u.sig) {
				a.safe[u.fn] = true
				changed = true
			}
		}
	}
	for _, u := range units {
		if a.safe[u.fn] {
			a.pass.ExportObjectFact(u.fn, new(SafeError))
		}
	}
}

// returnsSafe reports whether every error the function at cur returns is
// free of error text from elsewhere and of its parameters.
func (a *analyzer) returnsSafe(fc *fnCtx, cur inspector.Cursor, sig *types.Signature) bool {
	ok := true
	results := sig.Results()
	decl := cur.Node().(*ast.FuncDecl)
	for rc := range cur.Preorder((*ast.ReturnStmt)(nil), (*ast.FuncLit)(nil)) {
		ret, isRet := rc.Node().(*ast.ReturnStmt)
		if !isRet || !ok || innermostFunc(rc) != decl {
			continue
		}
		switch {
		case len(ret.Results) == 0:
			// Naked return: the named results as they stand.
			for i := range results.Len() {
				if !a.isError(results.At(i).Type()) {
					continue
				}
				v := results.At(i)
				if !fc.varTaint(v, ret.Pos(), rc, 0).clean() {
					ok = false
				}
			}
		case len(ret.Results) == 1 && results.Len() > 1:
			call, isCall := ast.Unparen(ret.Results[0]).(*ast.CallExpr)
			if !isCall || !fc.callErrTaint(call, rc, 0).clean() {
				ok = false
			}
		default:
			for i, e := range ret.Results {
				if i < results.Len() && a.isError(results.At(i).Type()) && !fc.exprTaint(e, rc, 0).clean() {
					ok = false
				}
			}
		}
	}
	return ok
}

// errorResult returns the index of the first result of sig that is an
// error, or -1.
func errorResult(sig *types.Signature, isErr func(types.Type) bool) int {
	for i := range sig.Results().Len() {
		if isErr(sig.Results().At(i).Type()) {
			return i
		}
	}
	return -1
}

// ErrorResult returns the index of the first result of sig whose type is
// the error interface, or -1. The errors/check-and-respond pattern uses it
// to name the variable that replaces a blank.
func ErrorResult(sig *types.Signature) int {
	return errorResult(sig, func(t types.Type) bool {
		return types.Identical(t, types.Universe.Lookup("error").Type())
	})
}

// ErrVarAt returns the variable named err, of type error, declared in a
// function and visible at pos in pkg, or nil. The errors/check-and-respond
// pattern uses it to choose between err := and err =: when
// v.Parent() is the scope of the block holding the statement, a new err
// cannot be declared there with := alone.
func ErrVarAt(pkg *types.Package, pos token.Pos) *types.Var {
	scope := pkg.Scope().Innermost(pos)
	if scope == nil {
		return nil
	}
	_, obj := scope.LookupParent("err", pos)
	v, _ := obj.(*types.Var)
	if v == nil || isPackageLevel(v) || !types.Identical(v.Type(), types.Universe.Lookup("error").Type()) {
		return nil
	}
	return v
}

// innermostFunc returns the innermost FuncDecl or FuncLit enclosing cur
// (cur itself when it is one), or nil.
func innermostFunc(cur inspector.Cursor) ast.Node {
	for p := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return p.Node()
	}
	return nil
}

// outermostFunc returns the cursor of the outermost function enclosing cur.
func outermostFunc(cur inspector.Cursor) inspector.Cursor {
	var out inspector.Cursor
	for p := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		out = p
	}
	return out
}

// HandlerName names the function at fn for messages: the declared name, or
// for a literal the function that returns it (a handler factory), or
// "func literal in F".
func HandlerName(fn inspector.Cursor) string {
	switch n := fn.Node().(type) {
	case *ast.FuncDecl:
		return n.Name.Name
	case *ast.FuncLit:
		// Skip conversions and the call the literal is an argument of.
		p := fn.Parent()
		for {
			switch p.Node().(type) {
			case *ast.ParenExpr, *ast.CallExpr:
				p = p.Parent()
				continue
			}
			break
		}
		_, returned := p.Node().(*ast.ReturnStmt)
		if outer, ok := innermostFunc(p).(*ast.FuncDecl); ok {
			if returned {
				return outer.Name.Name
			}
			return "func literal in " + outer.Name.Name
		}
	}
	return "func literal"
}

// calleeName renders a call's function for messages: store.DeleteTask,
// tx.Commit, http.Error, json.NewEncoder().Encode.
func calleeName(fun ast.Expr) string {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.IndexExpr:
		return calleeName(f.X)
	case *ast.IndexListExpr:
		return calleeName(f.X)
	case *ast.SelectorExpr:
		switch x := ast.Unparen(f.X).(type) {
		case *ast.Ident:
			return x.Name + "." + f.Sel.Name
		case *ast.SelectorExpr:
			return x.Sel.Name + "." + f.Sel.Name
		case *ast.CallExpr:
			return calleeName(x.Fun) + "()." + f.Sel.Name
		case *ast.IndexExpr:
			return calleeName(x.X) + "[]." + f.Sel.Name
		}
		return f.Sel.Name
	case *ast.FuncLit:
		return "func literal"
	}
	return "call"
}
