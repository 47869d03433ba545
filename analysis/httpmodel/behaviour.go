package httpmodel

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// behaviour is what a function body does that matters for classification.
type behaviour struct {
	callsNext   bool // calls a handler it received (next.ServeHTTP, next(w, r), next(c), c.Next())
	rejectsAuth bool // answers 401 or 403
	rejectsRate bool // answers 429
	logs        bool // calls a logger
	readsReq    bool // reads the request's method or URL
	limitsBody  bool // calls http.MaxBytesReader
	getsUser    bool // obtains the current user (or credentials)
	checksAuth  bool // calls a function that performs an auth check itself
	ctxValue    bool // reads a value from a context
	limitsRate  bool // asks a rate limiter for a token (golang.org/x/time/rate), or calls a function that does
}

// kind turns middleware behaviour into the concerns it answers. A middleware
// that never calls next is an endpoint, not a middleware, so it answers none.
func (b behaviour) kind() Kind {
	if !b.callsNext {
		return 0
	}
	var k Kind
	if b.rejectsAuth {
		k |= KindAuth
	}
	if b.rejectsRate {
		k |= KindRateLimit
	}
	if b.logs && b.readsReq {
		k |= KindLogging
	}
	if b.limitsBody {
		k |= KindBodyLimit
	}
	return k
}

// authCheck reports whether a handler or helper body performs its own
// authentication check.
func (b behaviour) authCheck() bool {
	return b.checksAuth || b.rejectsAuth && b.getsUser
}

// loggerPackages are the logging libraries whose calls count as logging.
var loggerPackages = []string{
	"log", "log/slog", "go.uber.org/zap", "github.com/rs/zerolog", "github.com/sirupsen/logrus",
	"github.com/charmbracelet/log", "github.com/go-kit/log",
}

func isLoggerPackage(path string) bool {
	for _, p := range loggerPackages {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// scan walks body (including nested literals) and records its behaviour.
// facts answers questions about called functions.
func (a *analyzer) scan(body ast.Node) behaviour {
	var b behaviour
	info := a.pass.TypesInfo
	nexts := map[types.Object]bool{}
	// One walk: a parameter's FuncType precedes, in preorder, every use of
	// the parameter.
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncType:
			// Parameters of handler type anywhere in the function are "next".
			if n.Params != nil {
				for _, f := range n.Params.List {
					for _, name := range f.Names {
						if obj := info.Defs[name]; obj != nil && isNextType(obj.Type()) {
							nexts[obj] = true
						}
					}
				}
			}
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[n]; ok && sel.Kind() == types.FieldVal {
				if (n.Sel.Name == "Method" || n.Sel.Name == "URL" || n.Sel.Name == "RequestURI") && httpx.IsNamed(sel.Recv(), httpx.NetHTTP, "Request") {
					b.readsReq = true
				}
			}
			if obj, ok := info.Uses[n.Sel].(*types.Var); ok && obj.Pkg() != nil && httpx.SamePackage(obj.Pkg().Path(), httpx.Echo) {
				switch obj.Name() {
				case "ErrUnauthorized", "ErrForbidden":
					b.rejectsAuth = true
				case "ErrTooManyRequests":
					b.rejectsRate = true
				}
			}
		case *ast.CallExpr:
			a.scanCall(n, nexts, &b)
		}
		return true
	})
	return b
}

func (a *analyzer) scanCall(call *ast.CallExpr, nexts map[types.Object]bool, b *behaviour) {
	info := a.pass.TypesInfo
	for _, arg := range call.Args {
		if tv, ok := info.Types[arg]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
			if v, ok := constant.Int64Val(tv.Value); ok {
				switch v {
				case http.StatusUnauthorized, http.StatusForbidden:
					b.rejectsAuth = true
				case http.StatusTooManyRequests:
					b.rejectsRate = true
				}
			}
		}
	}
	// next(w, r), next(c)
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && nexts[info.Uses[id]] {
		b.callsNext = true
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		// next.ServeHTTP(w, r) through the http.Handler interface.
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "ServeHTTP" {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && nexts[info.Uses[id]] {
				b.callsNext = true
			}
		}
		if f, ok := typeutil.Callee(info, call).(*types.Func); ok {
			a.scanCallee(f, call, nexts, b)
		}
		return
	}
	a.scanCallee(fn, call, nexts, b)
}

func (a *analyzer) scanCallee(fn *types.Func, call *ast.CallExpr, nexts map[types.Object]bool, b *behaviour) {
	pkg := fn.Pkg()
	if pkg == nil {
		return
	}
	if a.consulted != nil && pkg == a.pass.Pkg {
		a.consulted[fn.Origin()] = true
	}
	path, name := pkg.Path(), fn.Name()
	recv := recvNamed(fn)
	switch {
	case name == "ServeHTTP":
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && nexts[a.pass.TypesInfo.Uses[id]] {
				b.callsNext = true
			}
		}
	case path == httpx.NetHTTP && name == "MaxBytesReader":
		b.limitsBody = true
	case path == httpx.NetHTTP && recv == "Request" && name == "BasicAuth":
		b.getsUser = true
	case path == httpx.NetHTTP && recv == "Header" && name == "Get":
		if len(call.Args) == 1 {
			if s, ok := a.constString(call.Args[0]); ok && strings.EqualFold(s, "Authorization") {
				b.getsUser = true
			}
		}
	case path == httpx.NetHTTP && recv == "Request" && name == "Cookie":
		b.getsUser = true
	case path == "context" && name == "Value":
		b.ctxValue = true
	case httpx.SamePackage(path, httpx.Gin) && recv == "Context":
		switch name {
		case "Next":
			b.callsNext = true
		case "Get", "MustGet", "GetString":
			b.getsUser = true
		case "GetHeader":
			if len(call.Args) == 1 {
				if s, ok := a.constString(call.Args[0]); ok && strings.EqualFold(s, "Authorization") {
					b.getsUser = true
				}
			}
		}
	case httpx.SamePackage(path, httpx.Echo) && recv == "Context" && name == "Get":
		b.getsUser = true
	case isLoggerPackage(path):
		b.logs = true
	case path == "golang.org/x/time/rate" && recv == "Limiter" && limiterDecisions[name]:
		b.limitsRate = true
	}
	if a.isRateCheckFunc(fn) {
		b.limitsRate = true
	}
	if k := a.rejectsOf(fn); k != 0 {
		b.rejectsAuth = b.rejectsAuth || k&KindAuth != 0
		b.rejectsRate = b.rejectsRate || k&KindRateLimit != 0
	}
	if a.isCurrentUserFunc(fn) {
		b.getsUser = true
	}
	if a.isAuthCheckFunc(fn) {
		b.checksAuth = true
	}
}

// limiterDecisions are the methods of rate.Limiter that take a token for an
// event; Limit, Burst and Tokens only read it.
var limiterDecisions = map[string]bool{"Allow": true, "AllowN": true, "Reserve": true, "ReserveN": true, "Wait": true, "WaitN": true}

func (a *analyzer) constString(e ast.Expr) (string, bool) {
	tv, ok := a.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// recvNamed names the receiver's type of a method ("" for functions).
func recvNamed(fn *types.Func) string {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// isNextType: a value of this type is a next handler a middleware may call.
func isNextType(t types.Type) bool {
	if httpx.IsHTTPHandlerType(t) || httpx.IsNamed(t, httpx.Echo, "HandlerFunc") {
		return true
	}
	sig, ok := t.Underlying().(*types.Signature)
	return ok && httpx.KindOf(sig) == httpx.NetHTTPHandler
}

// isHandlerValueType: a value of this type serves requests.
func isHandlerValueType(t types.Type) bool {
	if isNextType(t) || httpx.IsNamed(t, httpx.Gin, "HandlerFunc") {
		return true
	}
	sig, ok := t.Underlying().(*types.Signature)
	return ok && httpx.KindOf(sig) != httpx.NotHandler
}

// isMiddlewareFuncType: func(http.Handler) http.Handler and its framework
// equivalents (mux.MiddlewareFunc, echo.MiddlewareFunc).
func isMiddlewareFuncType(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 || sig.Results().Len() != 1 {
		return false
	}
	return isHandlerValueType(sig.Params().At(0).Type()) && isHandlerValueType(sig.Results().At(0).Type())
}

// middlewareShape classifies a declared function's signature.
type shape int

const (
	shapeNone       shape = iota
	shapeWrapper          // func(next http.Handler, ...) http.Handler
	shapeFactory          // func(...) func(http.Handler) http.Handler
	shapeGinHandler       // func(*gin.Context): middleware when passed to Use
	shapeGinFactory       // func(...) gin.HandlerFunc
)

func shapeOf(sig *types.Signature) shape {
	if sig.Results().Len() == 1 {
		res := sig.Results().At(0).Type()
		if isMiddlewareFuncType(res) {
			return shapeFactory
		}
		if isHandlerValueType(res) {
			for i := 0; i < sig.Params().Len(); i++ {
				if isHandlerValueType(sig.Params().At(i).Type()) {
					return shapeWrapper
				}
			}
			if httpx.IsNamed(res, httpx.Gin, "HandlerFunc") {
				return shapeGinFactory
			}
		}
	}
	if httpx.KindOf(sig) == httpx.GinHandler {
		return shapeGinHandler
	}
	return shapeNone
}

// moduleRoot finds the directory of the go.mod above file, so that literal
// names are stable wherever the tool runs.
var moduleRoots sync.Map // dir -> root

func moduleRoot(file string) string {
	dir := filepath.Dir(file)
	if v, ok := moduleRoots.Load(dir); ok {
		return v.(string)
	}
	root := ""
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			root = d
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	moduleRoots.Store(dir, root)
	return root
}

func (a *analyzer) literalName(pos token.Pos) string {
	file := a.pass.Fset.Position(pos).Filename
	return literalName(a.pass.Fset, pos, moduleRoot(file))
}
