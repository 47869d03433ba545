package httpmodel

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/prodready/prodready/analysis/internal/httpx"
	"golang.org/x/tools/go/types/objectpath"
)

// Model is the analyzer's result for one package: the routes whose router is
// created or served here, the registrations it could not resolve, and the
// handlers it found.
type Model struct {
	// Routes registered on routers rooted in this package (created here and
	// served, stored in a field or a global), in registration order. Routes of
	// functions that only receive or return a router are in their
	// RouterFuncFact and appear here once a caller in this package uses them.
	Routes []*Route
	// Routers groups Routes by the root router that serves them.
	Routers []*Router
	// Unresolved registrations: a path or handler only known at run time.
	Unresolved []Unresolved
	// Summaries holds, for functions of this package that register routes on
	// a router parameter or return a router, their routes relative to it.
	Summaries map[*types.Func]*RouterFuncFact
	// Instantiated lists the route functions (of any package) whose summary a
	// function of this package applied to one of its routers.
	Instantiated []string

	middlewareOnce sync.Once
	middlewareList func() []MiddlewareFunc
	middleware     []MiddlewareFunc
}

// MiddlewareFunc is a middleware function or factory and the concerns it
// answers.
type MiddlewareFunc struct {
	Func *types.Func
	Kind Kind
}

// Middleware lists the middleware functions and factories this package can
// use: its own and those of the analysed packages it imports, directly or
// not, that answer at least one concern; sorted by package path and name.
// It is computed on first use.
func (m *Model) Middleware() []MiddlewareFunc {
	m.middlewareOnce.Do(func() {
		if m.middlewareList != nil {
			m.middleware = m.middlewareList()
		}
	})
	return m.middleware
}

func sortMiddleware(list []MiddlewareFunc) {
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i].Func, list[j].Func
		if a.Pkg().Path() != b.Pkg().Path() {
			return a.Pkg().Path() < b.Pkg().Path()
		}
		return FuncName(a) < FuncName(b)
	})
}

// Router is a root router (a mux, engine or echo instance, with its groups
// and mounts) and the routes it serves.
type Router struct {
	Framework httpx.Framework
	Pos       token.Pos // where it is created, possibly in another package
	Via       token.Pos // the call in this package that built it, when Pos is elsewhere
	Routes    []*Route
	// Served lists where this package hands the router to a server:
	// http.ListenAndServe and friends, an http.Server's Handler.
	Served []Served
}

// Served is a handler expression given to a server, and the part of it that
// evaluates to the router itself (the whole expression when nothing wraps
// the router).
type Served struct {
	Pos, End             token.Pos
	RouterPos, RouterEnd token.Pos
}

// LocalPos is where a per-package driver reports about the router.
func (r *Router) LocalPos() token.Pos {
	if r.Via.IsValid() {
		return r.Via
	}
	return r.Pos
}

// RouterMessage is the related-information message pointing at a router's
// creation; drivers that see the whole program move findings there.
const RouterMessage = "router created here"

// Route is one method and path served by one handler through a chain of
// middleware.
type Route struct {
	Framework  httpx.Framework
	Method     string // upper case; "ANY" when every method matches
	Path       string // full path, in the framework's parameter syntax
	Handler    Handler
	Pos        token.Pos    // the registration call
	Middleware []Middleware // outermost first
	// Via is, for a route registered by a route function of another
	// package, the call in this package that applied it (api.Routes(r));
	// NoPos when the registration itself is in this package.
	Via token.Pos
}

// LocalPos is where a per-package driver reports about the route: the
// registration, or the call that brought it into this package.
func (r *Route) LocalPos() token.Pos {
	if r.Via.IsValid() {
		return r.Via
	}
	return r.Pos
}

// Auth reports whether the route's chain authenticates or its handler checks
// the current user itself.
func (r *Route) Auth() bool { return r.Handler.AuthCheck || r.has(KindAuth) }

// ChainAuth reports whether a middleware of the chain authenticates.
func (r *Route) ChainAuth() bool { return r.has(KindAuth) }

// RateLimited reports whether a middleware of the chain limits the request
// rate or the handler asks a rate limiter itself.
func (r *Route) RateLimited() bool { return r.Handler.RateCheck || r.has(KindRateLimit) }

// Logged reports whether a middleware of the chain logs requests.
func (r *Route) Logged() bool { return r.has(KindLogging) }

// BodyLimited reports whether a middleware of the chain limits request bodies.
func (r *Route) BodyLimited() bool { return r.has(KindBodyLimit) }

func (r *Route) has(k Kind) bool {
	for _, m := range r.Middleware {
		if m.Kind&k != 0 {
			return true
		}
	}
	return false
}

// String renders the route as "GET /tasks/{id}".
func (r *Route) String() string { return r.Method + " " + r.Path }

// Handler is the function that serves a route.
type Handler struct {
	// Name is the qualified name: example.com/app/api.(*Server).getTask, or
	// "func literal at file:line".
	Name string
	// Func is the declared function or method (the factory, for a closure
	// returned by one); nil for literals and handlers of unknown origin.
	Func *types.Func `json:"-"`
	// Pos is the declaration of the handler function (its name), or the func
	// literal; NoPos when it is not in the analysed source.
	Pos token.Pos
	// AuthCheck: the handler obtains the current user and answers 401/403
	// when there is none.
	AuthCheck bool
	// RateCheck: the handler asks a rate limiter for a token itself, or
	// through the functions it calls (a front controller dispatching to
	// handlers behind its own per-client limiter).
	RateCheck bool
}

// Kind is a set of concerns a middleware answers.
type Kind uint8

// Middleware kinds.
const (
	KindAuth Kind = 1 << iota
	KindRateLimit
	KindLogging
	KindBodyLimit
)

func (k Kind) String() string {
	var parts []string
	for _, c := range []struct {
		k Kind
		s string
	}{{KindAuth, "auth"}, {KindRateLimit, "rate-limit"}, {KindLogging, "logging"}, {KindBodyLimit, "body-limit"}} {
		if k&c.k != 0 {
			parts = append(parts, c.s)
		}
	}
	return strings.Join(parts, "+")
}

// Middleware is one link of a route's chain.
type Middleware struct {
	Name string    // qualified name of the middleware function or its factory
	Pos  token.Pos // where it is applied (Use, With, wrapping call)
	Kind Kind
}

// Unresolved is a registration whose path or handler is computed at run time.
type Unresolved struct {
	Pos    token.Pos
	Reason string
}

// MiddlewareFact marks a function as middleware (or a middleware factory) and
// says which concerns it answers. Exported for every middleware-shaped function,
// even one that answers none, so that callers in other packages can tell a
// known no-op from an unknown function.
type MiddlewareFact struct {
	Kind Kind
}

func (*MiddlewareFact) AFact()           {}
func (f *MiddlewareFact) String() string { return "middleware(" + f.Kind.String() + ")" }

// RejectsFact marks a function that, given the request, answers 401/403
// (KindAuth) or 429 (KindRateLimit), directly or through helpers it calls.
type RejectsFact struct {
	Kind Kind
}

func (*RejectsFact) AFact()           {}
func (f *RejectsFact) String() string { return "rejects(" + f.Kind.String() + ")" }

// AuthCheckFact marks a function (a handler, a handler factory or a helper
// taking the request) that obtains the current user and rejects with 401/403
// when absent.
type AuthCheckFact struct{}

func (*AuthCheckFact) AFact()         {}
func (*AuthCheckFact) String() string { return "authcheck" }

// RateCheckFact marks a function that asks a rate limiter
// (golang.org/x/time/rate) for a token, itself or through its callees.
type RateCheckFact struct{}

func (*RateCheckFact) AFact()         {}
func (*RateCheckFact) String() string { return "ratecheck" }

// CurrentUserFact marks a function that returns the current user from the
// request or its context.
type CurrentUserFact struct{}

func (*CurrentUserFact) AFact()         {}
func (*CurrentUserFact) String() string { return "currentuser" }

// RouterFuncFact summarises a function that registers routes on one of its
// router parameters (Param ≥ 0, receiver excluded) or returns a router it
// built (Param == -1). Paths and chains are relative to that router.
type RouterFuncFact struct {
	Param      int
	RouterPos  token.Pos // creation of the returned router (Param == -1)
	Routes     []SummaryRoute
	Unresolved []Unresolved
}

// SummaryRoute is a route relative to the summarised router.
type SummaryRoute struct {
	Framework  httpx.Framework
	Method     string
	Path       string
	Handler    HandlerRef
	Pos        token.Pos
	Middleware []Middleware
}

// HandlerRef is a Handler as facts carry it: plain data, the function
// named by package path and object path.
type HandlerRef struct {
	Name      string
	Pos       token.Pos
	AuthCheck bool
	RateCheck bool
	Pkg       string          // package path of the function, if any
	Obj       objectpath.Path // its object path within that package
}

func (*RouterFuncFact) AFact() {}
func (f *RouterFuncFact) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "routes(param=%d", f.Param)
	for _, r := range f.Routes {
		fmt.Fprintf(&b, "; %s %s -> %s", r.Method, r.Path, r.Handler.Name)
		if len(r.Middleware) > 0 {
			names := make([]string, len(r.Middleware))
			for i, m := range r.Middleware {
				names[i] = m.Name
			}
			fmt.Fprintf(&b, " [%s]", strings.Join(names, ", "))
		}
	}
	if len(f.Unresolved) > 0 {
		fmt.Fprintf(&b, "; %d unresolved", len(f.Unresolved))
	}
	b.WriteString(")")
	return b.String()
}

// FuncName renders fn the way routes name handlers and middleware:
// pkg/path.Func, pkg/path.(*T).Method or pkg/path.T.Method.
func FuncName(fn *types.Func) string {
	if fn.Pkg() == nil {
		return fn.Name()
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return fn.Pkg().Path() + "." + fn.Name()
	}
	recv := sig.Recv().Type()
	ptr := false
	if p, ok := recv.(*types.Pointer); ok {
		recv, ptr = p.Elem(), true
	}
	typeName := types.TypeString(recv, func(*types.Package) string { return "" })
	if i := strings.IndexByte(typeName, '['); i >= 0 {
		typeName = typeName[:i]
	}
	if ptr {
		return fmt.Sprintf("%s.(*%s).%s", fn.Pkg().Path(), typeName, fn.Name())
	}
	return fmt.Sprintf("%s.%s.%s", fn.Pkg().Path(), typeName, fn.Name())
}

// literalName names a func literal by its position, relative to the module
// root when it is known.
func literalName(fset *token.FileSet, pos token.Pos, moduleDir string) string {
	p := fset.Position(pos)
	file := p.Filename
	if moduleDir != "" {
		if rel, err := filepath.Rel(moduleDir, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
	}
	return fmt.Sprintf("func literal at %s:%d", filepath.ToSlash(file), p.Line)
}
