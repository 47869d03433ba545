package patterns

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prodready/prodready/rewrite"
)

// authModule writes src as api/api.go of a module example.com/m in a
// temporary directory (with the extra directories given) and loads it.
func authModule(t *testing.T, src string, dirs ...string) *rewrite.Package {
	t.Helper()
	root := t.TempDir()
	must(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o644))
	for _, d := range append(dirs, "api") {
		must(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	must(t, os.WriteFile(filepath.Join(root, "api", "api.go"), []byte(src), 0o644))
	pkgs, err := rewrite.Load(filepath.Join(root, "api"), nil, ".")
	if err != nil {
		t.Fatal(err)
	}
	return pkgs[0]
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// posOf finds the position of the first identifier or func literal
// matching what in the package: "name" for a declaration's name,
// "lit:name" for the first func literal in that declaration, or
// "call:Method" for a call of Method.
func posOf(t *testing.T, pkg *rewrite.Package, what string) token.Pos {
	t.Helper()
	var pos token.Pos
	for _, f := range pkg.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if pos.IsValid() {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Name.Name == what {
					pos = n.Name.Pos()
				}
				if "lit:"+n.Name.Name == what {
					ast.Inspect(n.Body, func(m ast.Node) bool {
						if lit, ok := m.(*ast.FuncLit); ok && !pos.IsValid() {
							pos = lit.Pos()
						}
						return !pos.IsValid()
					})
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && "call:"+sel.Sel.Name == what {
					pos = n.Pos()
				}
			}
			return true
		})
	}
	if !pos.IsValid() {
		t.Fatalf("no %s in the package", what)
	}
	return pos
}

// applyOne applies fix and returns the new content of api.go, checking it
// type-checks with every other file the fix wrote.
func applyOne(t *testing.T, pkg *rewrite.Package, fix Fix) string {
	t.Helper()
	res, err := rewrite.Rewrite(pkg, fix.Apply)
	if err != nil {
		t.Fatal(err)
	}
	contents, err := res.Contents(os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(pkg.Fset.File(pkg.Files[0].FileStart).Name())
	if err := rewrite.TypeCheckPackages(filepath.Dir(dir), contents, "./..."); err != nil {
		t.Fatalf("%v\n%s", err, contents[filepath.Join(dir, "api.go")])
	}
	for name, data := range contents {
		if !rewrite.GofmtStable(data) {
			t.Errorf("%s is not gofmt-stable", name)
		}
	}
	return string(contents[filepath.Join(dir, "api.go")])
}

const guardSrc = `package api

import "net/http"

type Server struct{ ok bool }

func (s *Server) authenticate(r *http.Request) (string, bool) { return "", s.ok }

func (*Server) unnamed(http.ResponseWriter, *http.Request) {
	println("work")
}

func (s *Server) factory() http.HandlerFunc {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		println("work")
	})
}

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/x", func(w http.ResponseWriter, req *http.Request) {
		println("work")
	})
}
`

var guard = Template{
	Text:    "if _, ok := $recv.authenticate($req); !ok {\n$0.Error($w, \"no\", $0.StatusUnauthorized)\nreturn\n}",
	Imports: []Import{{"net/http", "http"}},
}

func TestRequireUserNamesUnnamedParameters(t *testing.T) {
	pkg := authModule(t, guardSrc)
	got := applyOne(t, pkg, RequireUserFix(RequireUserParams{Handler: posOf(t, pkg, "unnamed"), Guard: guard}))
	want := `func (s *Server) unnamed(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.authenticate(r); !ok {
		http.Error(w, "no", http.StatusUnauthorized)
		return
	}

	println("work")
}`
	if !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant it to contain\n%s", got, want)
	}
}

func TestRequireUserInFactoryAndLiteral(t *testing.T) {
	pkg := authModule(t, guardSrc)
	got := applyOne(t, pkg, RequireUserFix(RequireUserParams{Handler: posOf(t, pkg, "factory"), Guard: guard}))
	if !strings.Contains(got, "return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tif _, ok := s.authenticate(r); !ok {") {
		t.Errorf("factory: guard not at the top of the returned handler:\n%s", got)
	}
	pkg = authModule(t, guardSrc)
	got = applyOne(t, pkg, RequireUserFix(RequireUserParams{Handler: posOf(t, pkg, "lit:Routes"), Guard: guard}))
	if !strings.Contains(got, "if _, ok := s.authenticate(req); !ok {\n\t\t\thttp.Error(w,") {
		t.Errorf("literal: guard does not use the literal's names and the method's receiver:\n%s", got)
	}
}

func TestRequireUserRefusals(t *testing.T) {
	pkg := authModule(t, guardSrc)
	for name, p := range map[string]RequireUserParams{
		"not a handler":    {Handler: posOf(t, pkg, "authenticate"), Guard: guard},
		"no such position": {Handler: token.NoPos, Guard: guard},
		"unknown import":   {Handler: posOf(t, pkg, "unnamed"), Guard: Template{Text: "$1.Nope()"}},
		"unknown variable": {Handler: posOf(t, pkg, "unnamed"), Guard: Template{Text: "$c.Nope()"}},
		"bad syntax":       {Handler: posOf(t, pkg, "unnamed"), Guard: Template{Text: "if {"}},
	} {
		if _, err := rewrite.Rewrite(pkg, RequireUserFix(p).Apply); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

const wrapSrc = `package api

import "net/http"

func auth(next http.Handler) http.Handler { return next }

type item struct{}

func (item) ServeHTTP(http.ResponseWriter, *http.Request) {}

func h(w http.ResponseWriter, r *http.Request) {}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/a", h)
	mux.Handle("/b", item{}) // a comment stays
}
`

func TestWrapRouteWrapsHandlerAndHandleFunc(t *testing.T) {
	pkg := authModule(t, wrapSrc)
	mw := Template{Text: "auth($h)"}
	got := applyOne(t, pkg, WrapRouteFix(WrapRouteParams{Registration: posOf(t, pkg, "call:HandleFunc"), Style: WrapCall, Middleware: mw}))
	if !strings.Contains(got, `mux.Handle("/a", auth(http.HandlerFunc(h)))`) {
		t.Errorf("HandleFunc:\n%s", got)
	}
	pkg = authModule(t, wrapSrc)
	got = applyOne(t, pkg, WrapRouteFix(WrapRouteParams{Registration: posOf(t, pkg, "call:Handle"), Style: WrapCall, Middleware: mw}))
	if !strings.Contains(got, `mux.Handle("/b", auth(item{})) // a comment stays`) {
		t.Errorf("Handle:\n%s", got)
	}
}

func TestWrapRouteRefusals(t *testing.T) {
	pkg := authModule(t, wrapSrc)
	at := posOf(t, pkg, "call:HandleFunc")
	for name, p := range map[string]WrapRouteParams{
		"no $h":            {Registration: at, Style: WrapCall, Middleware: Template{Text: "auth"}},
		"two $h":           {Registration: at, Style: WrapCall, Middleware: Template{Text: "pair($h, $h)"}},
		"no registration":  {Registration: posOf(t, pkg, "auth"), Style: WrapCall, Middleware: Template{Text: "auth($h)"}},
		"unknown style":    {Registration: at, Style: "sideways", Middleware: Template{Text: "auth"}},
		"gin style on mux": {Registration: at, Style: WrapFirst, Middleware: Template{Text: "auth"}},
	} {
		if _, err := rewrite.Rewrite(pkg, WrapRouteFix(p).Apply); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestScaffoldLocation(t *testing.T) {
	root := t.TempDir()
	must(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n"), 0o644))
	api := filepath.Join(root, "api")
	dir, path := scaffoldLocation(api, "example.com/m/api")
	if dir != filepath.Join(root, "auth") || path != "example.com/m/auth" {
		t.Errorf("module without internal: %s %s", dir, path)
	}
	must(t, os.MkdirAll(filepath.Join(root, "internal", "auth"), 0o755))
	dir, path = scaffoldLocation(api, "example.com/m/api")
	if dir != filepath.Join(root, "internal", "bearerauth") || path != "example.com/m/internal/bearerauth" {
		t.Errorf("module with internal/auth taken: %s %s", dir, path)
	}
	gopath := t.TempDir()
	dir, path = scaffoldLocation(filepath.Join(gopath, "src", "app"), "app")
	if dir != filepath.Join(gopath, "src", "auth") || path != "auth" {
		t.Errorf("GOPATH: %s %s", dir, path)
	}
}

func TestScaffoldUsesInternal(t *testing.T) {
	pkg := authModule(t, wrapSrc, "internal")
	res, err := rewrite.Rewrite(pkg, MiddlewareFix(MiddlewareParams{Registration: posOf(t, pkg, "call:HandleFunc"), Framework: "net/http"}).Apply)
	if err != nil {
		t.Fatal(err)
	}
	var created []string
	for _, fe := range res {
		if fe.Create {
			created = append(created, filepath.ToSlash(fe.Filename))
		}
	}
	if len(created) != 1 || !strings.HasSuffix(created[0], "/internal/auth/auth.go") {
		t.Errorf("created %v, want internal/auth/auth.go", created)
	}
	pkg2 := authModule(t, wrapSrc, "internal")
	got := applyOne(t, pkg2, MiddlewareFix(MiddlewareParams{Registration: posOf(t, pkg2, "call:HandleFunc"), Framework: "net/http"}))
	if !strings.Contains(got, `mux.Handle("/a", auth2.Require(http.HandlerFunc(h)))`) || !strings.Contains(got, `auth2 "example.com/m/internal/auth"`) {
		t.Errorf("the package's own auth function must not be shadowed:\n%s", got)
	}
	if _, err := rewrite.Rewrite(pkg, MiddlewareFix(MiddlewareParams{Registration: posOf(t, pkg, "call:HandleFunc"), Framework: "fasthttp"}).Apply); err == nil {
		t.Error("unknown framework: no error")
	}
}
