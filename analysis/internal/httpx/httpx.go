// Package httpx holds the type predicates every analyzer shares: what is an
// http.ResponseWriter, an *http.Request, a gin or echo context, and which
// function signatures are HTTP handlers in each supported framework.
package httpx

import (
	"go/ast"
	"go/types"
	"strings"
)

// Import paths of the supported frameworks. Major-version suffixes are
// matched by prefix so that chi/v5 and echo/v4 are both recognised.
const (
	NetHTTP = "net/http"
	Chi     = "github.com/go-chi/chi"
	Gorilla = "github.com/gorilla/mux"
	Gin     = "github.com/gin-gonic/gin"
	Echo    = "github.com/labstack/echo"
)

// Framework names a router library.
type Framework string

// The frameworks prodready models.
const (
	FrameworkNetHTTP Framework = "net/http"
	FrameworkChi     Framework = "chi"
	FrameworkGorilla Framework = "gorilla/mux"
	FrameworkGin     Framework = "gin"
	FrameworkEcho    Framework = "echo"
)

// FrameworkOf reports which framework an import path belongs to, if any.
func FrameworkOf(path string) (Framework, bool) {
	switch {
	case path == NetHTTP:
		return FrameworkNetHTTP, true
	case hasPathPrefix(path, Chi):
		return FrameworkChi, true
	case path == Gorilla:
		return FrameworkGorilla, true
	case path == Gin:
		return FrameworkGin, true
	case hasPathPrefix(path, Echo):
		return FrameworkEcho, true
	}
	return "", false
}

// hasPathPrefix matches prefix itself, a major-version suffix of it
// (prefix/v5) and its subpackages (prefix/v5/middleware).
func hasPathPrefix(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// ImportsHTTP reports whether pkg imports net/http or one of the supported
// routers, directly. Analyzers use it to skip packages cheaply.
func ImportsHTTP(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if _, ok := FrameworkOf(imp.Path()); ok {
			return true
		}
	}
	return false
}

// IsNamed reports whether t (after removing one pointer) is the named type
// pkgPath.name. pkgPath may be a framework prefix such as Echo.
func IsNamed(t types.Type, pkgPath, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	t = types.Unalias(t)
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	if obj.Pkg() == nil || obj.Name() != name {
		return false
	}
	return SamePackage(obj.Pkg().Path(), pkgPath)
}

// SamePackage reports whether path is base or base with a major-version
// suffix (github.com/go-chi/chi/v5 for github.com/go-chi/chi).
func SamePackage(path, base string) bool {
	return path == base || strings.HasPrefix(path, base) && isVersionSuffix(path[len(base):])
}

func isVersionSuffix(s string) bool {
	if s == "" {
		return true
	}
	if len(s) < 3 || s[0] != '/' || s[1] != 'v' {
		return false
	}
	for _, c := range s[2:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// IsResponseWriter reports whether t is http.ResponseWriter.
func IsResponseWriter(t types.Type) bool { return IsNamed(t, NetHTTP, "ResponseWriter") }

// IsRequest reports whether t is *http.Request.
func IsRequest(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	return ok && IsNamed(p.Elem(), NetHTTP, "Request")
}

// IsHTTPHandlerType reports whether t is the interface http.Handler or
// the func type http.HandlerFunc.
func IsHTTPHandlerType(t types.Type) bool {
	return IsNamed(t, NetHTTP, "Handler") || IsNamed(t, NetHTTP, "HandlerFunc")
}

// IsGinContext reports whether t is *gin.Context.
func IsGinContext(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	return ok && IsNamed(p.Elem(), Gin, "Context")
}

// IsEchoContext reports whether t is echo.Context (an interface in echo v4).
func IsEchoContext(t types.Type) bool { return IsNamed(t, Echo, "Context") }

// HandlerKind classifies a function signature.
type HandlerKind int

// The handler shapes prodready recognises.
const (
	NotHandler     HandlerKind = iota
	NetHTTPHandler             // func(http.ResponseWriter, *http.Request)
	GinHandler                 // func(*gin.Context)
	EchoHandler                // func(echo.Context) error
)

// KindOf classifies sig as a handler signature. Receivers are ignored, so
// methods such as (*Server).getTask and ServeHTTP classify as handlers.
func KindOf(sig *types.Signature) HandlerKind {
	if sig == nil {
		return NotHandler
	}
	params, results := sig.Params(), sig.Results()
	switch params.Len() {
	case 2:
		if results.Len() == 0 && IsResponseWriter(params.At(0).Type()) && IsRequest(params.At(1).Type()) {
			return NetHTTPHandler
		}
	case 1:
		if results.Len() == 0 && IsGinContext(params.At(0).Type()) {
			return GinHandler
		}
		if results.Len() == 1 && IsEchoContext(params.At(0).Type()) && isError(results.At(0).Type()) {
			return EchoHandler
		}
	}
	return NotHandler
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// HandlerParams returns, for a handler function declared or written as a
// literal, the objects of its ResponseWriter, *Request, gin or echo context
// parameters (nil where absent). ok is false when the function is no handler.
type HandlerParams struct {
	Kind     HandlerKind
	Writer   *types.Var // net/http
	Request  *types.Var // net/http
	Context  *types.Var // gin or echo
	FuncType *ast.FuncType
	Body     *ast.BlockStmt
}

// ParamsOf inspects a *ast.FuncDecl or *ast.FuncLit.
func ParamsOf(info *types.Info, fn ast.Node) (HandlerParams, bool) {
	var ftype *ast.FuncType
	var body *ast.BlockStmt
	var sig *types.Signature
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		ftype, body = fn.Type, fn.Body
		if obj, ok := info.Defs[fn.Name].(*types.Func); ok {
			sig = obj.Type().(*types.Signature)
		}
	case *ast.FuncLit:
		ftype, body = fn.Type, fn.Body
		sig, _ = info.TypeOf(fn).(*types.Signature)
	default:
		return HandlerParams{}, false
	}
	kind := KindOf(sig)
	if kind == NotHandler || body == nil {
		return HandlerParams{}, false
	}
	hp := HandlerParams{Kind: kind, FuncType: ftype, Body: body}
	var vars []*types.Var
	for _, field := range ftype.Params.List {
		for _, name := range field.Names {
			v, _ := info.Defs[name].(*types.Var)
			vars = append(vars, v)
		}
		if len(field.Names) == 0 {
			vars = append(vars, nil)
		}
	}
	switch kind {
	case NetHTTPHandler:
		if len(vars) == 2 {
			hp.Writer, hp.Request = vars[0], vars[1]
		}
	case GinHandler, EchoHandler:
		if len(vars) == 1 {
			hp.Context = vars[0]
		}
	}
	return hp, true
}
