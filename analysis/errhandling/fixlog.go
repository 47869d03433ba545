package errhandling

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/astx"
	"github.com/prodready/prodready/analysis/internal/httpx"
)

// logKind is a logging API the fixes can write a call of.
type logKind int

const (
	slogLogger    logKind = iota + 1 // (*slog.Logger).Error, ErrorContext
	slogPkg                          // slog.Error, slog.ErrorContext
	stdLogger                        // (*log.Logger).Printf
	stdPkg                           // log.Printf
	zapLogger                        // (*zap.Logger).Error
	zapSugar                         // (*zap.SugaredLogger).Errorw
	zerologLogger                    // (*zerolog.Logger).Error().Err(err).Msg
	zerologPkg                       // zerolog's log.Error().Err(err).Msg
)

const (
	pkgSlog       = "log/slog"
	pkgZap        = "go.uber.org/zap"
	pkgZerolog    = "github.com/rs/zerolog"
	pkgZerologLog = "github.com/rs/zerolog/log"
)

// logUse is a way the package logs, learned from its calls.
type logUse struct {
	kind logKind
	fi   *funcInfo // the function of the first call
	x    ast.Expr  // the logger (s.logger); nil for package functions
	ctx  bool      // slog: the …Context variant
	key  string    // slog, zap's sugar: the key the error is logged under
	// weight ranks the uses: calls at error level, or given an error, count
	// three times.
	weight int
	group  string
}

var slogMethods = map[string]bool{
	"Error": true, "ErrorContext": true, "Warn": true, "WarnContext": true,
	"Info": true, "InfoContext": true, "Debug": true, "DebugContext": true,
}

var levelMethods = map[string]bool{"Error": true, "Err": true, "Warn": true, "Info": true, "Debug": true}

// logCall recognises a call of a logger the fixes can imitate.
func (fx *fixer) logCall(fi *funcInfo, call *ast.CallExpr) *logUse {
	fn, _ := typeutil.Callee(fx.info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if sel == nil {
		return nil // a dot import
	}
	name, path, recv := fn.Name(), fn.Pkg().Path(), fn.Signature().Recv()
	lu := &logUse{fi: fi, key: "err", weight: 1}
	method := func(pkg, typ string, kind logKind) bool {
		if recv == nil || !httpx.IsNamed(derefType(recv.Type()), pkg, typ) || !pure(fx.info, sel.X) {
			return false
		}
		lu.kind, lu.x = kind, sel.X
		return true
	}
	errorLevel := strings.HasPrefix(name, "Error") || name == "Err"
	switch {
	case path == pkgSlog && slogMethods[name]:
		if recv == nil {
			lu.kind = slogPkg
		} else if !method(pkgSlog, "Logger", slogLogger) {
			return nil
		}
		lu.ctx = strings.HasSuffix(name, "Context")
		lu.key = fx.errKey(call.Args)
	case path == "log" && strings.HasPrefix(name, "Print"):
		if recv == nil {
			lu.kind = stdPkg
		} else if !method("log", "Logger", stdLogger) {
			return nil
		}
		errorLevel = slices.ContainsFunc(call.Args, func(e ast.Expr) bool { return fx.a.implementsError(fx.info.TypeOf(e)) })
	case path == pkgZap && name != "Err" && levelMethods[strings.TrimRight(name, "wf")]:
		if !method(pkgZap, "Logger", zapLogger) && !method(pkgZap, "SugaredLogger", zapSugar) {
			return nil
		}
		if name == "Errorw" {
			lu.key = fx.errKey(call.Args)
		}
	case path == pkgZerologLog && levelMethods[name] && recv == nil:
		lu.kind = zerologPkg
	case path == pkgZerolog && levelMethods[name]:
		if !method(pkgZerolog, "Logger", zerologLogger) {
			return nil
		}
	default:
		return nil
	}
	if errorLevel {
		lu.weight = 3
	}
	x := ""
	if lu.x != nil {
		p, ok := fx.render(lu.x, map[types.Object]target{fi.recv: {name: "recv"}})
		if !ok {
			return nil
		}
		x = p.src
	}
	lu.group = strconv.Itoa(int(lu.kind)) + " " + x + " " + strconv.FormatBool(lu.ctx)
	return lu
}

func derefType(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// errKey returns the key an error is logged under among slog-style
// alternating arguments ("err", err) or in slog.Any("error", err).
func (fx *fixer) errKey(args []ast.Expr) string {
	for i, arg := range args {
		if call, ok := ast.Unparen(arg).(*ast.CallExpr); ok && len(call.Args) == 2 && fx.a.implementsError(fx.info.TypeOf(call.Args[1])) {
			if k := stringLit(call.Args[0]); k != "" {
				return k // slog.Any("error", err)
			}
		}
		if i > 0 && fx.a.implementsError(fx.info.TypeOf(arg)) {
			if k := stringLit(args[i-1]); k != "" {
				return k
			}
		}
	}
	return "err"
}

func stringLit(e ast.Expr) string {
	b, ok := ast.Unparen(e).(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return ""
	}
	s, err := strconv.Unquote(b.Value)
	if err != nil {
		return ""
	}
	return s
}

// addLogger counts a use into its group.
func (fx *fixer) addLogger(lu *logUse) {
	for _, g := range fx.loggers {
		if g.group == lu.group {
			g.weight += lu.weight
			return
		}
	}
	fx.loggers = append(fx.loggers, lu)
}

// logStmt renders, for fi at pos, a statement logging errExpr with msg:
// with the package's most used logger that fi can reach, else with
// log/slog and the request's context.
func (fx *fixer) logStmt(fi *funcInfo, msg, errExpr string, pos token.Pos) (piece, bool) {
	for _, lu := range fx.loggers {
		if p, ok := fx.logWith(lu, fi, msg, errExpr); ok && fx.resolves(p, pos) {
			return p, true
		}
	}
	p, ok := fx.logWith(&logUse{kind: slogPkg, ctx: true, key: "err"}, fi, msg, errExpr)
	return p, ok && fx.resolves(p, pos)
}

func (fx *fixer) logWith(lu *logUse, fi *funcInfo, msg, errExpr string) (piece, bool) {
	var head piece
	switch lu.kind {
	case slogPkg:
		head = newPiece("slog").imp("slog", pkgSlog)
	case stdPkg:
		head = newPiece("log").imp("log", "log")
	case zerologPkg:
		head = newPiece("log").imp("log", pkgZerologLog)
	default:
		rename := map[types.Object]target{}
		if lu.fi.recv != nil && fi.recv != nil && types.Identical(lu.fi.recv.Type(), fi.recv.Type()) {
			rename[lu.fi.recv] = target{fi.recv.Name(), fi.recv}
		}
		x, ok := fx.render(lu.x, rename)
		if !ok {
			return piece{}, false
		}
		head = x
	}
	q, key := strconv.Quote(msg), strconv.Quote(lu.key)
	switch lu.kind {
	case slogLogger, slogPkg:
		if ctx, ok := fx.requestContext(fi); ok && lu.ctx {
			return head.join(newPiece(".ErrorContext("), ctx, newPiece(", "+q+", "+key+", "+errExpr+")")), true
		}
		return head.join(newPiece(".Error(" + q + ", " + key + ", " + errExpr + ")")), true
	case stdLogger, stdPkg:
		return head.join(newPiece(".Printf(" + strconv.Quote(msg+": %v") + ", " + errExpr + ")")), true
	case zapLogger:
		return head.join(newPiece(".Error("+q+", zap.Error("+errExpr+"))").imp("zap", pkgZap)), true
	case zapSugar:
		return head.join(newPiece(".Errorw(" + q + ", " + key + ", " + errExpr + ")")), true
	case zerologLogger, zerologPkg:
		return head.join(newPiece(".Error().Err(" + errExpr + ").Msg(" + q + ")")), true
	}
	return piece{}, false
}

// requestContext renders the request's context in fi: r.Context(),
// c.Request.Context() (gin), c.Request().Context() (echo).
func (fx *fixer) requestContext(fi *funcInfo) (piece, bool) {
	v := fi.req
	if v == nil {
		return piece{}, false
	}
	p := newPiece(v.Name()).bind(v)
	switch t := v.Type(); {
	case httpx.IsRequest(t):
		return p.join(newPiece(".Context()")), true
	case httpx.IsGinContext(t):
		return p.join(newPiece(".Request.Context()")), true
	case httpx.IsEchoContext(t):
		return p.join(newPiece(".Request().Context()")), true
	}
	return piece{}, false
}

// logMessage is the log message for an error of the call origin names:
// its function's name in words ("store.CreateProject" → "create project").
func logMessage(origin string) string {
	words := splitWords(lastName(origin))
	if len(words) == 0 {
		return "request failed"
	}
	return strings.Join(words, " ")
}

// lastName returns the name of the function a call name ends with:
// CreateProject for store.CreateProject, Decode for
// json.NewDecoder().Decode; "" when there is none.
func lastName(origin string) string {
	if i := strings.LastIndex(origin, "."); i >= 0 {
		origin = origin[i+1:]
	}
	if !token.IsIdentifier(origin) || origin == "call" {
		return ""
	}
	return origin
}

// splitWords splits a Go name into lower-case words: GetTaskByID → get
// task by id, URLParse → url parse.
func splitWords(name string) []string {
	rs := []rune(name)
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = nil
		}
	}
	for i, r := range rs {
		if r == '_' {
			flush()
			continue
		}
		if i > 0 && unicode.IsUpper(r) {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || unicode.IsUpper(prev) && nextLower {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

func lowerFirst(s string) string {
	rs := []rune(s)
	if len(rs) == 0 {
		return s
	}
	rs[0] = unicode.ToLower(rs[0])
	return string(rs)
}

// resolves reports whether p means at pos what it meant where it was
// written: each identifier it binds denotes the same object there, each
// package it qualifies is either not imported by the file (the fix imports
// it under a fresh name) or imported under a name nothing shadows at pos.
// newNames are the names the fix declares around p.
func (fx *fixer) resolves(p piece, pos token.Pos, newNames ...string) bool {
	file := astx.FileOf(fx.a.pass.Files, pos)
	if file == nil {
		return false
	}
	scope := fx.a.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	for name, obj := range p.binds {
		if slices.Contains(newNames, name) {
			return false
		}
		if _, o := scope.LookupParent(name, pos); o != obj {
			return false
		}
	}
	for _, path := range p.imports {
		name, ok := fx.importName(file, path)
		switch {
		case !ok || name == "_":
			continue
		case name == "." || slices.Contains(newNames, name):
			return false
		}
		_, o := scope.LookupParent(name, pos)
		if pn, ok := o.(*types.PkgName); !ok || pn.Imported().Path() != path {
			return false
		}
	}
	return true
}

// importName returns the name file imports path under.
func (fx *fixer) importName(file *ast.File, path string) (string, bool) {
	for _, spec := range file.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err != nil || p != path {
			continue
		}
		if spec.Name != nil {
			return spec.Name.Name, true
		}
		if pn, ok := fx.info.Implicits[spec].(*types.PkgName); ok {
			return pn.Name(), true
		}
	}
	return "", false
}
