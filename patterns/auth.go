package patterns

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
	"golang.org/x/mod/modfile"

	"github.com/prodready/prodready/rewrite"
)

// RequireUser is auth/require-user: a guard at the top of the handler that
// authenticates the request and answers 401 without a user.
var RequireUser = &Pattern{
	ID:      "auth/require-user",
	Concern: "authentication",
	Rules:   []string{"missing-auth"},
	Title:   "Require an authenticated user",
	Description: `Inserts a guard at the top of the handler that authenticates the request itself and answers 401
when it carries no valid credentials, so the route is protected whatever its middleware.

The guard is the project's own: it is learned from a handler of the same package that already
authenticates its request without help from middleware (getMe calling s.auth.Authenticate(r) and
answering 401 when it fails). The call is copied with the target handler's receiver, writer and
request names, results the guard does not need become _, and the 401 branch is the sample's own
(httputil.WriteError(w, http.StatusUnauthorized, ...); return, c.AbortWithStatusJSON under gin, a
returned echo.NewHTTPError under echo). When the sample's branch uses names the target cannot see,
the branch falls back to the package's error helper (a func(http.ResponseWriter, int, string) that
handlers call with error statuses), else to http.Error with the status text. A call that only reads
a user from the context is never used: without the middleware that stores it, it would reject
every request, or worse, trust nothing. The pattern is offered only when such an authenticator
exists; unnamed handler parameters get names.`,
	Params: []Param{
		{"handler", "the handler's declaration (its name, a factory's name, or the func literal)"},
		{"guard", "the guard statement, learned from a handler of the package that authenticates its own request"},
	},
	Example: Example{
		Before: requireUserBefore,
		After:  requireUserAfter,
	},
}

// WrapRoute is auth/wrap-route: wrap the registration with the project's
// auth middleware.
var WrapRoute = &Pattern{
	ID:      "auth/wrap-route",
	Concern: "authentication",
	Rules:   []string{"missing-auth"},
	Title:   "Wrap the route with the auth middleware",
	Description: `Puts the project's auth middleware in front of the route at its registration, written exactly as a
sibling route of the package applies it: the middleware expression is copied from the sibling's
chain (s.auth.RequireUser(...), requireAuth, mw.Auth(key)), and offered only when every variable it
names is in scope at the registration with the same type.

The registration changes the framework's way: a net/http or gorilla/mux registration wraps its
handler, HandleFunc(p, h) becoming Handle(p, mw(http.HandlerFunc(h))); chi gets r.With(mw).Get(p, h);
gin gets the middleware as the first handler of the route (g.GET(p, mw, h)); echo gets it as the
first route middleware (e.GET(p, h, mw)). The route is not moved into an authenticated group:
wrapping keeps the registration where the developer put it and changes one line. The registration
may live in another package than the handler; the fix edits the registration's package.`,
	Params: []Param{
		{"registration", "the call registering the route"},
		{"style", "how the framework applies middleware to one route: wrap, with (chi), first (gin), after (echo)"},
		{"middleware", "the middleware expression, copied from a sibling route's chain"},
	},
	Example: Example{
		Before: wrapRouteBefore,
		After:  wrapRouteAfter,
	},
}

// ScaffoldMiddleware is auth/middleware: create a bearer-token auth
// middleware package and wrap the route with it.
var ScaffoldMiddleware = &Pattern{
	ID:      "auth/middleware",
	Concern: "authentication",
	Rules:   []string{"missing-auth"},
	Title:   "Scaffold an auth middleware",
	Description: `For a project with no auth middleware at all: creates a small package auth with context helpers
(WithUser, UserFrom), a Verifier type and a Verify variable to plug the project's token check into
(by default one token from the API_TOKEN environment variable, compared with
crypto/subtle.ConstantTimeCompare; none when it is unset, so it fails closed), and a Require
middleware that answers 401 with a WWW-Authenticate: Bearer challenge to requests without a valid
token and passes the others on with their user in the context. Then it wraps the route with
Require the way auth/wrap-route would.

The package uses the standard library and the router the project already depends on (Require is a
gin handler under gin and an echo.MiddlewareFunc under echo). It goes to internal/auth when the
module has an internal directory, else to auth under the module root (bearerauth when that
directory is taken); outside a module, beside the registration's package. It creates files, so it
is never the SuggestedFix that go vet or golangci-lint apply; prodready offers it as an alternative.`,
	Params: []Param{
		{"registration", "the call registering the route"},
		{"framework", "the router: net/http, chi, gorilla/mux, gin or echo"},
		{"frameworkPath", "the router's import path, for gin and echo"},
	},
	Example: Example{
		Before: scaffoldBefore,
		After:  scaffoldAfter,
	},
}

func init() {
	Register(RequireUser)
	Register(WrapRoute)
	Register(ScaffoldMiddleware)
}

// Template is Go source learned from the project with the names that differ
// from site to site abstracted. Placeholders: $recv (the method receiver),
// $w (the http.ResponseWriter), $req (the *http.Request, or the gin or echo
// context), $h (the handler a middleware wraps), and $0, $1, … for the
// packages in Imports, qualified as the edited file names them. The text
// holds no other $.
type Template struct {
	Text    string
	Imports []Import
}

// Import is a package a Template refers to.
type Import struct {
	Path, Name string
}

// RequireUserParams fill auth/require-user.
type RequireUserParams struct {
	// Handler is the position of the handler's name (a declared handler or
	// handler factory) or of its func literal.
	Handler token.Pos
	// Guard is one statement that authenticates the request and, when that
	// fails, answers 401 and leaves the handler.
	Guard Template
}

// RequireUserFix returns auth/require-user at one handler.
func RequireUserFix(p RequireUserParams) Fix {
	return Fix{Pattern: RequireUser, Apply: func(e *rewrite.Editor) error { return requireUser(e, p) }}
}

// WrapStyle is how a framework applies middleware to a single route.
type WrapStyle string

// The wrap styles.
const (
	WrapCall  WrapStyle = "wrap"  // net/http, gorilla/mux: Handle(p, $h wrapped)
	WrapWith  WrapStyle = "with"  // chi: r.With(mw).Get(p, h)
	WrapFirst WrapStyle = "first" // gin: g.GET(p, mw, h)
	WrapAfter WrapStyle = "after" // echo: e.GET(p, h, mw)
)

// WrapRouteParams fill auth/wrap-route.
type WrapRouteParams struct {
	// Registration is the position of the registering call (the call's
	// start, as the route model records it).
	Registration token.Pos
	Style        WrapStyle
	// Middleware is, for WrapCall, an expression wrapping $h; for the other
	// styles, the middleware value.
	Middleware Template
}

// WrapRouteFix returns auth/wrap-route at one registration.
func WrapRouteFix(p WrapRouteParams) Fix {
	return Fix{Pattern: WrapRoute, Apply: func(e *rewrite.Editor) error { return wrapRoute(e, p) }}
}

// MiddlewareParams fill auth/middleware.
type MiddlewareParams struct {
	Registration token.Pos
	// Framework is "net/http", "chi", "gorilla/mux", "gin" or "echo".
	Framework string
	// FrameworkPath is the import path of gin or echo as the project
	// imports it (github.com/labstack/echo/v4).
	FrameworkPath string
}

// MiddlewareFix returns auth/middleware at one registration.
func MiddlewareFix(p MiddlewareParams) Fix {
	return Fix{Pattern: ScaffoldMiddleware, Apply: func(e *rewrite.Editor) error { return scaffold(e, p) }}
}

// expand substitutes a template's placeholders: vars by name, imports by
// AddImport in file.
func (t Template) expand(e *rewrite.Editor, file *dst.File, vars map[string]string) (string, error) {
	var b strings.Builder
	s := t.Text
	for {
		i := strings.IndexByte(s, '$')
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:i])
		s = s[i+1:]
		j := 0
		for j < len(s) && (s[j] == '_' || 'a' <= s[j] && s[j] <= 'z' || 'A' <= s[j] && s[j] <= 'Z' || '0' <= s[j] && s[j] <= '9') {
			j++
		}
		name := s[:j]
		s = s[j:]
		if n, err := strconv.Atoi(name); err == nil {
			if n < 0 || n >= len(t.Imports) {
				return "", fmt.Errorf("template %q: no import $%d", t.Text, n)
			}
			q := e.AddImport(file, t.Imports[n].Path, t.Imports[n].Name)
			if q == "" {
				s = strings.TrimPrefix(s, ".") // the file's own package
			} else {
				b.WriteString(q)
			}
			continue
		}
		v, ok := vars[name]
		if !ok {
			return "", fmt.Errorf("template %q: no value for $%s here", t.Text, name)
		}
		b.WriteString(v)
	}
}

// funcTarget is a handler located in the package: the function holding the
// body to guard, and the declaration enclosing it.
type funcTarget struct {
	file  *dst.File
	decl  *dst.FuncDecl // the enclosing declaration (the handler itself, its factory, or the function holding the literal)
	ftype *dst.FuncType // the handler's signature
	body  *dst.BlockStmt
	afunc ast.Node // *ast.FuncDecl or *ast.FuncLit of the handler
}

func findHandler(e *rewrite.Editor, pos token.Pos) (*funcTarget, error) {
	pkg := e.Package()
	for _, f := range pkg.Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		var found ast.Node
		var encl *ast.FuncDecl
		ast.Inspect(f, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Name.Pos() == pos {
					found, encl = n, n
					return false
				}
				if n.Pos() <= pos && pos < n.End() {
					encl = n
				}
			case *ast.FuncLit:
				if n.Pos() == pos {
					found = n
					return false
				}
			}
			return true
		})
		if found == nil {
			break
		}
		if fd, ok := found.(*ast.FuncDecl); ok && !isHandlerSig(pkg.Info, fd.Type) {
			lit := returnedLiteral(pkg.Info, fd)
			if lit == nil {
				return nil, fmt.Errorf("%s is neither a handler nor a factory returning one literal", fd.Name.Name)
			}
			found = lit
		}
		file, err := e.FileAt(pos)
		if err != nil {
			return nil, err
		}
		t := &funcTarget{file: file, afunc: found}
		if encl != nil {
			t.decl, _ = e.Dst(encl).(*dst.FuncDecl)
		}
		switch n := e.Dst(found).(type) {
		case *dst.FuncDecl:
			t.ftype, t.body = n.Type, n.Body
		case *dst.FuncLit:
			t.ftype, t.body = n.Type, n.Body
		}
		if t.body == nil {
			return nil, fmt.Errorf("handler at %s has no body", pkg.Fset.Position(pos))
		}
		return t, nil
	}
	return nil, fmt.Errorf("no handler declared at position %d in package %s", pos, pkg.Types.Path())
}

// isHandlerSig: func(http.ResponseWriter, *http.Request), func(*gin.Context)
// or func(echo.Context) error.
func isHandlerSig(info *types.Info, ft *ast.FuncType) bool {
	return handlerKind(info, ft) != ""
}

func handlerKind(info *types.Info, ft *ast.FuncType) string {
	var params []types.Type
	for _, f := range ft.Params.List {
		t := info.TypeOf(f.Type)
		n := len(f.Names)
		if n == 0 {
			n = 1
		}
		for range n {
			params = append(params, t)
		}
	}
	results := 0
	if ft.Results != nil {
		results = ft.Results.NumFields()
	}
	switch {
	case len(params) == 2 && results == 0 && isNamedType(params[0], "net/http", "ResponseWriter") && isPtrTo(params[1], "net/http", "Request"):
		return "net/http"
	case len(params) == 1 && results == 0 && isPtrTo(params[0], "github.com/gin-gonic/gin", "Context"):
		return "gin"
	case len(params) == 1 && results == 1 && isNamedType(params[0], "github.com/labstack/echo", "Context"):
		return "echo"
	}
	return ""
}

func isNamedType(t types.Type, pkgPath, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Name() != name {
		return false
	}
	p := n.Obj().Pkg().Path()
	return p == pkgPath || strings.HasPrefix(p, pkgPath+"/v") && !strings.Contains(p[len(pkgPath)+1:], "/")
}

func isPtrTo(t types.Type, pkgPath, name string) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && isNamedType(p.Elem(), pkgPath, name)
}

// returnedLiteral finds the handler literal a factory returns:
// return func(w, r) {…} or return http.HandlerFunc(func(w, r) {…}).
func returnedLiteral(info *types.Info, fd *ast.FuncDecl) *ast.FuncLit {
	if fd.Body == nil {
		return nil
	}
	var lit *ast.FuncLit
	n := 0
	ast.Inspect(fd.Body, func(node ast.Node) bool {
		if _, ok := node.(*ast.FuncLit); ok {
			return false
		}
		ret, ok := node.(*ast.ReturnStmt)
		if !ok || len(ret.Results) != 1 {
			return true
		}
		x := ast.Unparen(ret.Results[0])
		if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 1 {
			if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
				x = ast.Unparen(call.Args[0])
			}
		}
		if l, ok := x.(*ast.FuncLit); ok && isHandlerSig(info, l.Type) {
			lit = l
			n++
		}
		return true
	})
	if n != 1 {
		return nil
	}
	return lit
}

func requireUser(e *rewrite.Editor, p RequireUserParams) error {
	t, err := findHandler(e, p.Handler)
	if err != nil {
		return err
	}
	info := e.Package().Info
	var ft *ast.FuncType
	switch f := t.afunc.(type) {
	case *ast.FuncDecl:
		ft = f.Type
	case *ast.FuncLit:
		ft = f.Type
	}
	kind := handlerKind(info, ft)
	vars := map[string]string{}
	used := identNames(t.body)
	params := t.ftype.Params.List
	switch kind {
	case "net/http":
		vars["w"] = nameParam(params, 0, "w", used)
		vars["req"] = nameParam(params, 1, "r", used)
	case "gin", "echo":
		vars["req"] = nameParam(params, 0, "c", used)
	default:
		return errors.New("the function at the handler position is not a handler")
	}
	if strings.Contains(p.Guard.Text, "$recv") {
		if t.decl == nil || t.decl.Recv == nil || len(t.decl.Recv.List) != 1 {
			return errors.New("the guard uses a receiver but the handler is not in a method")
		}
		if t.afunc != ast.Node(e.Ast(t.decl)) && t.decl.Type.Params != nil {
			// A literal: its own parameters may shadow the receiver.
			for _, f := range t.ftype.Params.List {
				for _, n := range f.Names {
					if len(t.decl.Recv.List[0].Names) == 1 && n.Name == t.decl.Recv.List[0].Names[0].Name {
						return errors.New("the handler's parameters shadow the receiver")
					}
				}
			}
		}
		declUsed := identNames(t.decl.Body)
		vars["recv"] = nameParam(t.decl.Recv.List, 0, "s", declUsed)
	}
	src, err := p.Guard.expand(e, t.file, vars)
	if err != nil {
		return err
	}
	guard, err := rewrite.ParseStmts(src)
	if err != nil {
		return err
	}
	if len(guard) == 0 {
		return errors.New("empty guard")
	}
	if len(t.body.List) > 0 {
		guard[len(guard)-1].Decorations().After = dst.EmptyLine
	}
	t.body.List = append(guard, t.body.List...)
	return nil
}

// identNames collects every identifier spelled in n.
func identNames(n dst.Node) map[string]bool {
	names := map[string]bool{}
	if n == nil {
		return names
	}
	dst.Inspect(n, func(n dst.Node) bool {
		if id, ok := n.(*dst.Ident); ok {
			names[id.Name] = true
		}
		return true
	})
	return names
}

// nameParam returns the name of the i-th parameter of fields, naming it
// (want, or want with a digit, free of the names in used) when it is
// unnamed or blank.
func nameParam(fields []*dst.Field, i int, want string, used map[string]bool) string {
	k := 0
	for _, f := range fields {
		n := len(f.Names)
		if n == 0 {
			n = 1
		}
		if i >= k+n {
			k += n
			continue
		}
		if len(f.Names) > 0 && f.Names[i-k].Name != "_" {
			return f.Names[i-k].Name
		}
		name := want
		for j := 2; used[name]; j++ {
			name = want + strconv.Itoa(j)
		}
		used[name] = true
		if len(f.Names) == 0 {
			// Unnamed parameters are all unnamed: name them all.
			for _, g := range fields {
				if len(g.Names) == 0 {
					g.Names = []*dst.Ident{dst.NewIdent("_")}
				}
			}
		}
		f.Names[i-k] = dst.NewIdent(name)
		return name
	}
	return want
}

// registrationMethods are the methods that register one route, by the
// frameworks prodready models.
var registrationMethods = map[string]bool{
	"Handle": true, "HandleFunc": true, "Handler": true, "HandlerFunc": true,
	"Get": true, "Post": true, "Put": true, "Patch": true, "Delete": true, "Head": true, "Options": true,
	"Connect": true, "Trace": true, "Method": true, "MethodFunc": true,
	"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true,
	"CONNECT": true, "TRACE": true, "Any": true, "Add": true, "Match": true,
}

// findRegistration returns the registering call starting at pos: the
// innermost call there whose method registers a route.
func findRegistration(e *rewrite.Editor, pos token.Pos) (*ast.CallExpr, error) {
	pkg := e.Package()
	var found *ast.CallExpr
	for _, f := range pkg.Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil || pos < n.Pos() || pos >= n.End() {
				return false
			}
			if call, ok := n.(*ast.CallExpr); ok && call.Pos() == pos {
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && registrationMethods[sel.Sel.Name] {
					found = call // keep the innermost
				}
			}
			return true
		})
	}
	if found == nil {
		return nil, fmt.Errorf("no route registration at position %d in package %s", pos, pkg.Types.Path())
	}
	return found, nil
}

// placeholder stands for $h while a wrapping template is parsed.
const placeholder = "prodreadyWrapped_"

func wrapRoute(e *rewrite.Editor, p WrapRouteParams) error {
	call, err := findRegistration(e, p.Registration)
	if err != nil {
		return err
	}
	file, err := e.FileAt(call.Pos())
	if err != nil {
		return err
	}
	dcall, ok := e.Dst(call).(*dst.CallExpr)
	if !ok || len(dcall.Args) == 0 {
		return errors.New("registration has no arguments")
	}
	sel := dcall.Fun.(*dst.SelectorExpr)
	info := e.Package().Info
	switch p.Style {
	case WrapCall:
		last := len(call.Args) - 1
		h := dcall.Args[last]
		switch sel.Sel.Name {
		case "HandleFunc", "HandlerFunc":
			httpName := e.AddImport(file, "net/http", "http")
			h = &dst.CallExpr{Fun: qualified(httpName, "HandlerFunc"), Args: []dst.Expr{h}}
			sel.Sel.Name = strings.TrimSuffix(sel.Sel.Name, "Func")
		case "Handle", "Handler":
			if !types.IsInterface(info.TypeOf(call.Args[last])) && !isHandlerValue(info.TypeOf(call.Args[last])) {
				return errors.New("the registered handler is not an http.Handler")
			}
		default:
			return fmt.Errorf("cannot wrap the handler of %s", sel.Sel.Name)
		}
		src, err := p.Middleware.expand(e, file, map[string]string{"h": placeholder})
		if err != nil {
			return err
		}
		x, err := rewrite.ParseExpr(src)
		if err != nil {
			return err
		}
		replaced := 0
		x = dstutil.Apply(x, func(c *dstutil.Cursor) bool {
			if id, ok := c.Node().(*dst.Ident); ok && id.Name == placeholder {
				c.Replace(h)
				replaced++
			}
			return true
		}, nil).(dst.Expr)
		if replaced != 1 {
			return fmt.Errorf("middleware template %q must use $h once", p.Middleware.Text)
		}
		dcall.Args[last] = x
		return nil
	case WrapWith, WrapFirst, WrapAfter:
		src, err := p.Middleware.expand(e, file, nil)
		if err != nil {
			return err
		}
		mw, err := rewrite.ParseExpr(src)
		if err != nil {
			return err
		}
		switch p.Style {
		case WrapWith:
			sel.X = &dst.CallExpr{Fun: &dst.SelectorExpr{X: sel.X, Sel: dst.NewIdent("With")}, Args: []dst.Expr{mw}}
		case WrapFirst:
			i := firstArg(info, call, func(t types.Type) bool { return isGinHandler(t) })
			if i < 0 {
				return errors.New("no gin handler among the registration's arguments")
			}
			dcall.Args = insertExpr(dcall.Args, i, mw)
		case WrapAfter:
			i := firstArg(info, call, func(t types.Type) bool { return isEchoHandler(t) })
			if i < 0 {
				return errors.New("no echo handler among the registration's arguments")
			}
			dcall.Args = insertExpr(dcall.Args, i+1, mw)
		}
		return nil
	}
	return fmt.Errorf("unknown wrap style %q", p.Style)
}

func qualified(pkg, name string) dst.Expr {
	if pkg == "" {
		return dst.NewIdent(name)
	}
	return &dst.SelectorExpr{X: dst.NewIdent(pkg), Sel: dst.NewIdent(name)}
}

func insertExpr(list []dst.Expr, i int, x dst.Expr) []dst.Expr {
	list = append(list, nil)
	copy(list[i+1:], list[i:])
	list[i] = x
	return list
}

func firstArg(info *types.Info, call *ast.CallExpr, pred func(types.Type) bool) int {
	for i, a := range call.Args {
		if t := info.TypeOf(a); t != nil && pred(t) {
			return i
		}
	}
	return -1
}

func isHandlerValue(t types.Type) bool {
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	return obj != nil
}

func isGinHandler(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 1 && sig.Results().Len() == 0 && isPtrTo(sig.Params().At(0).Type(), "github.com/gin-gonic/gin", "Context")
}

func isEchoHandler(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 1 && sig.Results().Len() == 1 && isNamedType(sig.Params().At(0).Type(), "github.com/labstack/echo", "Context")
}

// scaffoldLocation decides where auth/middleware puts its package: the
// directory and import path.
func scaffoldLocation(pkgDir, pkgPath string) (dir, importPath string) {
	root, modPath := findModule(pkgDir)
	var candidates []string
	if root != "" {
		base := root
		if fi, err := os.Stat(filepath.Join(root, "internal")); err == nil && fi.IsDir() {
			base = filepath.Join(root, "internal")
		}
		candidates = []string{filepath.Join(base, "auth"), filepath.Join(base, "bearerauth")}
	} else {
		parent := filepath.Dir(pkgDir)
		candidates = []string{filepath.Join(parent, "auth"), filepath.Join(parent, "bearerauth")}
	}
	dir = candidates[0]
	for _, c := range candidates {
		if _, err := os.Stat(c); errors.Is(err, os.ErrNotExist) {
			dir = c
			break
		}
	}
	if root != "" {
		rel, _ := filepath.Rel(root, dir)
		return dir, path.Join(modPath, filepath.ToSlash(rel))
	}
	parentPath := path.Dir(pkgPath)
	if parentPath == "." {
		return dir, filepath.Base(dir)
	}
	return dir, path.Join(parentPath, filepath.Base(dir))
}

// findModule walks up from dir to the go.mod and returns its directory and
// module path; "" outside a module.
func findModule(dir string) (root, modPath string) {
	for d := dir; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			if p := modfile.ModulePath(data); p != "" {
				return d, p
			}
			return "", ""
		}
		if filepath.Dir(d) == d {
			return "", ""
		}
	}
}

func scaffold(e *rewrite.Editor, p MiddlewareParams) error {
	call, err := findRegistration(e, p.Registration)
	if err != nil {
		return err
	}
	dir, importPath := scaffoldLocation(e.Dir(), e.Package().Types.Path())
	name := filepath.Base(dir)
	f, err := e.NewFile(filepath.Join(dir, name+".go"), name)
	if err != nil {
		return err
	}
	var body string
	imports := []string{"context", "crypto/subtle", "net/http", "os", "strings"}
	style, fwName := WrapCall, ""
	switch p.Framework {
	case "net/http", "gorilla/mux":
		body = scaffoldNetHTTP
	case "chi":
		body, style = scaffoldNetHTTP, WrapWith
	case "gin":
		body, style = scaffoldGin, WrapFirst
		fwName = e.AddImport(f, p.FrameworkPath, "gin")
	case "echo":
		body, style = scaffoldEcho, WrapAfter
		fwName = e.AddImport(f, p.FrameworkPath, "echo")
	default:
		return fmt.Errorf("no auth middleware scaffold for %q", p.Framework)
	}
	for _, imp := range imports {
		if q := e.AddImport(f, imp, ""); q != path.Base(imp) {
			return fmt.Errorf("scaffold: %s would be imported as %s", imp, q)
		}
	}
	body = strings.ReplaceAll(body, "FW.", fwName+".")
	decls, err := rewrite.ParseDecls(scaffoldCommon + body)
	if err != nil {
		return err
	}
	f.Decls = append(f.Decls, decls...)
	f.Decs.Start.Append("// Package " + name + " authenticates requests by bearer token: Require answers 401 to")
	f.Decs.Start.Append("// requests without a valid token, and handlers behind it read the caller with UserFrom.")
	tmpl := Template{Text: "$0.Require", Imports: []Import{{importPath, name}}}
	if style == WrapCall {
		tmpl.Text = "$0.Require($h)"
	}
	return wrapRoute(e, WrapRouteParams{Registration: call.Pos(), Style: style, Middleware: tmpl})
}

const scaffoldCommon = `// User is the caller a valid token identifies.
type User struct {
	ID string
}

// Verifier returns the user a bearer token belongs to, or false when the
// token is not valid.
type Verifier func(ctx context.Context, token string) (*User, bool)

// Verify checks the tokens Require sees. By default it accepts the one token
// in the environment variable API_TOKEN, and nothing when that is unset;
// replace it at startup with a lookup in your token or session store.
var Verify Verifier = StaticToken(os.Getenv("API_TOKEN"), &User{ID: "api"})

// StaticToken returns a Verifier accepting exactly token, compared in
// constant time, as user. An empty token accepts nothing.
func StaticToken(token string, user *User) Verifier {
	want := []byte(token)
	return func(_ context.Context, got string) (*User, bool) {
		if len(want) == 0 || subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			return nil, false
		}
		return user, true
	}
}

type userKey struct{}

// WithUser returns a copy of ctx carrying u as the current user.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the current user Require stored in ctx, if any.
func UserFrom(ctx context.Context) (*User, bool) {
	u, ok := ctx.Value(userKey{}).(*User)
	return u, ok && u != nil
}

// Authenticate returns the user of the request's bearer token.
func Authenticate(r *http.Request) (*User, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return nil, false
	}
	return Verify(r.Context(), token)
}

`

const scaffoldNetHTTP = `// Require answers 401 with a Bearer challenge to requests without a valid
// token, and passes the others to next with their user in the context.
func Require(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := Authenticate(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", ` + "`Bearer realm=\"api\"`" + `)
			http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithUser(r.Context(), u)))
	})
}
`

const scaffoldGin = `// Require aborts requests without a valid token with 401 and a Bearer
// challenge, and lets the others through with their user in the request's
// context.
func Require(c *FW.Context) {
	u, ok := Authenticate(c.Request)
	if !ok {
		c.Header("WWW-Authenticate", ` + "`Bearer realm=\"api\"`" + `)
		c.AbortWithStatusJSON(http.StatusUnauthorized, FW.H{"error": http.StatusText(http.StatusUnauthorized)})
		return
	}
	c.Request = c.Request.WithContext(WithUser(c.Request.Context(), u))
	c.Next()
}
`

const scaffoldEcho = `// Require answers 401 with a Bearer challenge to requests without a valid
// token, and passes the others to next with their user in the request's
// context.
func Require(next FW.HandlerFunc) FW.HandlerFunc {
	return func(c FW.Context) error {
		u, ok := Authenticate(c.Request())
		if !ok {
			c.Response().Header().Set("WWW-Authenticate", ` + "`Bearer realm=\"api\"`" + `)
			return FW.NewHTTPError(http.StatusUnauthorized)
		}
		c.SetRequest(c.Request().WithContext(WithUser(c.Request().Context(), u)))
		return next(c)
	}
}
`

const requireUserBefore = `package api

import (
	"database/sql"
	"net/http"
)

type Server struct{ db *sql.DB }

// userID returns the user of the request's session cookie.
func (s *Server) userID(r *http.Request) (int64, bool) {
	c, err := r.Cookie("session")
	if err != nil {
		return 0, false
	}
	var id int64
	err = s.db.QueryRowContext(r.Context(), "SELECT user_id FROM sessions WHERE token = $1", c.Value).Scan(&id)
	return id, err == nil
}

// me checks the session itself.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	id, ok := s.userID(r)
	if !ok {
		http.Error(w, "sign in first", http.StatusUnauthorized)
		return
	}
	s.db.ExecContext(r.Context(), "UPDATE users SET seen_at = now() WHERE id = $1", id)
}

func (s *Server) deleteProject(w http.ResponseWriter, r *http.Request) {
	s.db.ExecContext(r.Context(), "DELETE FROM projects WHERE id = $1", r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) Serve(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /me/seen", s.me)
	mux.HandleFunc("DELETE /projects/{id}", s.deleteProject)
	return http.ListenAndServe(addr, mux)
}
`

const requireUserAfter = `package api

import (
	"database/sql"
	"net/http"
)

type Server struct{ db *sql.DB }

// userID returns the user of the request's session cookie.
func (s *Server) userID(r *http.Request) (int64, bool) {
	c, err := r.Cookie("session")
	if err != nil {
		return 0, false
	}
	var id int64
	err = s.db.QueryRowContext(r.Context(), "SELECT user_id FROM sessions WHERE token = $1", c.Value).Scan(&id)
	return id, err == nil
}

// me checks the session itself.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	id, ok := s.userID(r)
	if !ok {
		http.Error(w, "sign in first", http.StatusUnauthorized)
		return
	}
	s.db.ExecContext(r.Context(), "UPDATE users SET seen_at = now() WHERE id = $1", id)
}

func (s *Server) deleteProject(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.userID(r); !ok {
		http.Error(w, "sign in first", http.StatusUnauthorized)
		return
	}

	s.db.ExecContext(r.Context(), "DELETE FROM projects WHERE id = $1", r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) Serve(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /me/seen", s.me)
	mux.HandleFunc("DELETE /projects/{id}", s.deleteProject)
	return http.ListenAndServe(addr, mux)
}
`

const wrapRouteBefore = `package api

import (
	"database/sql"
	"net/http"
)

type Server struct{ db *sql.DB }

var apiKeys = map[string]bool{}

// requireKey answers 401 to requests without a known API key.
func requireKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !apiKeys[r.Header.Get("X-API-Key")] {
			http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) {
	rows, _ := s.db.QueryContext(r.Context(), "SELECT id FROM projects")
	rows.Close()
}

func (s *Server) deleteProject(w http.ResponseWriter, r *http.Request) {
	s.db.ExecContext(r.Context(), "DELETE FROM projects WHERE id = $1", r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) Serve(addr string) error {
	mux := http.NewServeMux()
	mux.Handle("GET /projects", requireKey(http.HandlerFunc(s.listProjects)))
	mux.HandleFunc("DELETE /projects/{id}", s.deleteProject)
	return http.ListenAndServe(addr, mux)
}
`

const wrapRouteAfter = `package api

import (
	"database/sql"
	"net/http"
)

type Server struct{ db *sql.DB }

var apiKeys = map[string]bool{}

// requireKey answers 401 to requests without a known API key.
func requireKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !apiKeys[r.Header.Get("X-API-Key")] {
			http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) {
	rows, _ := s.db.QueryContext(r.Context(), "SELECT id FROM projects")
	rows.Close()
}

func (s *Server) deleteProject(w http.ResponseWriter, r *http.Request) {
	s.db.ExecContext(r.Context(), "DELETE FROM projects WHERE id = $1", r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) Serve(addr string) error {
	mux := http.NewServeMux()
	mux.Handle("GET /projects", requireKey(http.HandlerFunc(s.listProjects)))
	mux.Handle("DELETE /projects/{id}", requireKey(http.HandlerFunc(s.deleteProject)))
	return http.ListenAndServe(addr, mux)
}
`

const scaffoldBefore = `package api

import (
	"database/sql"
	"net/http"
)

type Server struct{ db *sql.DB }

func (s *Server) deleteProject(w http.ResponseWriter, r *http.Request) {
	s.db.ExecContext(r.Context(), "DELETE FROM projects WHERE id = $1", r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) Serve(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("DELETE /projects/{id}", s.deleteProject)
	return http.ListenAndServe(addr, mux)
}
`

const scaffoldAfter = `package api

import (
	"database/sql"
	"net/http"

	"example.com/app/auth"
)

type Server struct{ db *sql.DB }

func (s *Server) deleteProject(w http.ResponseWriter, r *http.Request) {
	s.db.ExecContext(r.Context(), "DELETE FROM projects WHERE id = $1", r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) Serve(addr string) error {
	mux := http.NewServeMux()
	mux.Handle("DELETE /projects/{id}", auth.Require(http.HandlerFunc(s.deleteProject)))
	return http.ListenAndServe(addr, mux)
}
`
