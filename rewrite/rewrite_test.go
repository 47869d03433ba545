package rewrite

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dave/dst"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const appDir = "testdata/app"

var (
	apiOnce sync.Once
	apiPkg  *Package
	apiErr  error
)

// api returns the fixture package example.com/app/api, loaded once: Rewrite
// never modifies its input, so tests share it.
func api(t *testing.T) *Package {
	t.Helper()
	apiOnce.Do(func() {
		var pkgs []*Package
		pkgs, apiErr = Load(appDir, nil, "./api")
		if apiErr == nil && len(pkgs) != 1 {
			apiErr = fmt.Errorf("loaded %d packages, want 1", len(pkgs))
		}
		if apiErr == nil {
			apiPkg = pkgs[0]
		}
	})
	if apiErr != nil {
		t.Fatal(apiErr)
	}
	return apiPkg
}

func fixturePath(t *testing.T, rel string) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join(appDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// funcDecl returns the dst declaration of the function or method name.
func funcDecl(t *testing.T, f *dst.File, name string) *dst.FuncDecl {
	t.Helper()
	for _, d := range f.Decls {
		if fd, ok := d.(*dst.FuncDecl); ok && fd.Name.Name == name {
			return fd
		}
	}
	t.Fatalf("no func %s", name)
	return nil
}

// verify checks what every rewrite must guarantee: the edits rebuild
// NewContent from the original, the output is gofmt-clean, no original
// comment is lost, and the whole fixture module type-checks with the result.
func verify(t *testing.T, pkg *Package, res Result) {
	t.Helper()
	for _, fe := range res {
		var orig []byte
		if !fe.Create {
			orig = pkg.Src[fe.Filename]
			if fe.Guard != GuardOf(orig) {
				t.Errorf("%s: guard does not match the original", fe.Filename)
			}
		}
		got, err := ApplyEdits(orig, fe.Edits)
		if err != nil {
			t.Fatalf("%s: %v", fe.Filename, err)
		}
		if !bytes.Equal(got, fe.NewContent) {
			t.Errorf("%s: edits do not rebuild NewContent:\n%s", fe.Filename, got)
		}
		if !GofmtStable(fe.NewContent) {
			t.Errorf("%s: result is not gofmt-clean", fe.Filename)
		}
		if lost := CommentsKept(orig, fe.NewContent); len(lost) > 0 {
			t.Errorf("%s: comments lost: %q", fe.Filename, lost)
		}
	}
	contents, err := res.Contents(os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := TypeCheckPackages(appDir, contents, "./..."); err != nil {
		t.Errorf("result does not type-check: %v", err)
	}
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestNoOpGivesEmptyResult(t *testing.T) {
	pkg := api(t)
	res, err := Rewrite(pkg, func(e *Editor) error { return nil })
	if err != nil || len(res) != 0 {
		t.Fatalf("Rewrite(no-op) = %v, %v; want empty", res, err)
	}
	// Decorating every file and printing it unchanged yields no edit either:
	// the round trip through dst is exact, comments and all.
	res, err = Rewrite(pkg, func(e *Editor) error {
		for name := range pkg.Src {
			if _, err := e.File(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, fe := range res {
		t.Errorf("untouched %s got edits: %+v", fe.Filename, fe.Edits)
	}
}

func TestRoundTripManyCommentPlacements(t *testing.T) {
	pkg := api(t)
	name := fixturePath(t, "api/comments.go")
	src := pkg.Src[name]
	for _, want := range []string{"//go:build", "//go:generate", "/* inline */", "// comment after the last statement"} {
		if !bytes.Contains(src, []byte(want)) {
			t.Fatalf("fixture lacks %q", want)
		}
	}
	res, err := Rewrite(pkg, func(e *Editor) error {
		f, err := e.File(name)
		if err != nil {
			return err
		}
		// Visit every node, as a transformation looking for its site would.
		n := 0
		dst.Inspect(f, func(dst.Node) bool { n++; return true })
		if n < 100 {
			return fmt.Errorf("only %d nodes", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 0 {
		t.Fatalf("round trip of comments.go changed it: %+v", res)
	}
}

const guardSrc = `u, ok := %s.UserFrom(r.Context())
if !ok {
	http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
	return
}
w.Header().Set("X-User", u.Name)`

func TestInsertAuthGuard(t *testing.T) {
	pkg := api(t)
	name := fixturePath(t, "api/server.go")
	res, err := Rewrite(pkg, func(e *Editor) error {
		f, err := e.File(name)
		if err != nil {
			return err
		}
		fd := funcDecl(t, f, "getTask")
		authName := e.AddImport(f, "example.com/app/auth", "")
		stmts, err := ParseStmts(fmt.Sprintf(guardSrc, authName))
		if err != nil {
			return err
		}
		fd.Body.List = append(stmts, fd.Body.List...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Filename != name || res[0].Create {
		t.Fatalf("want one edit of %s, got %+v", name, res)
	}
	verify(t, pkg, res)
	golden(t, "server.go.golden", res[0].NewContent)

	// The edits touch only the import block and the top of getTask's body.
	src := pkg.Src[name]
	importEnd := bytes.Index(src, []byte("\n)\n"))
	bodyStart := bytes.Index(src, []byte("// The id comes from the path."))
	bodyOpen := bytes.LastIndex(src[:bodyStart], []byte("{"))
	for _, ed := range res[0].Edits {
		inImports := ed.End <= importEnd
		atTop := ed.Start > bodyOpen && ed.End <= bodyStart
		if !inImports && !atTop {
			t.Errorf("edit [%d,%d) %q is outside the import block and the top of getTask", ed.Start, ed.End, ed.New)
		}
	}
	// The guard lands between the brace and the comment that led the body.
	out := string(res[0].NewContent)
	if !strings.Contains(out, "w.Header().Set(\"X-User\", u.Name)\n\t// The id comes from the path.\n") {
		t.Errorf("guard is not right above the body's first comment:\n%s", out)
	}
}

func TestAddStructTagInAnotherFile(t *testing.T) {
	pkg := api(t)
	// The finding is in accounts.go (the Account is encoded there); the fix
	// edits the declaration in types.go, found through the type checker.
	acc := pkg.Types.Scope().Lookup("Account").Type().Underlying().(*types.Struct)
	var field *types.Var
	for i := range acc.NumFields() {
		if acc.Field(i).Name() == "PasswordHash" {
			field = acc.Field(i)
		}
	}
	res, err := Rewrite(pkg, func(e *Editor) error {
		if _, err := e.File("accounts.go"); err != nil {
			return err
		}
		astField := fieldDecl(pkg, field)
		if astField == nil {
			return fmt.Errorf("no declaration of %v", field)
		}
		df, ok := e.Dst(astField).(*dst.Field)
		if !ok {
			return fmt.Errorf("Dst(%T) is not a *dst.Field", astField)
		}
		if got := e.TypeOf(df.Type); got == nil || got.String() != "string" {
			return fmt.Errorf("TypeOf(field type) = %v, want string", got)
		}
		df.Tag = &dst.BasicLit{Kind: token.STRING, Value: "`json:\"-\"`"}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || filepath.Base(res[0].Filename) != "types.go" {
		t.Fatalf("want one edit of types.go, got %+v", res)
	}
	verify(t, pkg, res)
	golden(t, "types.go.golden", res[0].NewContent)
}

// fieldDecl returns the *ast.Field declaring v.
func fieldDecl(pkg *Package, v *types.Var) *ast.Field {
	var found *ast.Field
	for _, f := range pkg.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if fl, ok := n.(*ast.Field); ok {
				for _, id := range fl.Names {
					if pkg.Info.Defs[id] == v {
						found = fl
					}
				}
			}
			return found == nil
		})
	}
	return found
}

func TestCreateFiles(t *testing.T) {
	pkg := api(t)
	res, err := Rewrite(pkg, func(e *Editor) error {
		// A scaffold in a new directory: its own package.
		mw, err := e.NewFile(filepath.Join(e.Dir(), "..", "requestlog", "requestlog.go"), "requestlog")
		if err != nil {
			return err
		}
		slogName := e.AddImport(mw, "log/slog", "")
		httpName := e.AddImport(mw, "net/http", "")
		decls, err := ParseDecls(fmt.Sprintf(`// Middleware logs every request.
func Middleware(next %[2]s.Handler) %[2]s.Handler {
	return %[2]s.HandlerFunc(func(w %[2]s.ResponseWriter, r *%[2]s.Request) {
		%[1]s.Info("request", "method", r.Method, "path", r.URL.Path) // one line per request
		next.ServeHTTP(w, r)
	})
}`, slogName, httpName))
		if err != nil {
			return err
		}
		mw.Decls = append(mw.Decls, decls...)
		mw.Decs.Start.Append("// Package requestlog logs requests.")

		// A file beside the handlers, using the package's own names.
		f, err := e.NewFile("health.go", "api")
		if err != nil {
			return err
		}
		e.AddImport(f, "net/http", "")
		e.AddImport(f, "strings", "") // never used: pruned
		decls, err = ParseDecls(`// health answers GET /healthz.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}`)
		if err != nil {
			return err
		}
		f.Decls = append(f.Decls, decls...)

		// Wire the middleware into the router in server.go.
		sf, err := e.File("server.go")
		if err != nil {
			return err
		}
		rl := e.AddImport(sf, "example.com/app/requestlog", "requestlog")
		use, err := ParseStmts(rl + ".Middleware(nil).ServeHTTP(nil, nil)")
		if err != nil {
			return err
		}
		routes := funcDecl(t, sf, "Routes")
		routes.Body.List = append([]dst.Stmt{use[0]}, routes.Body.List...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("want 3 file edits, got %d: %+v", len(res), res)
	}
	verify(t, pkg, res)
	for _, fe := range res {
		switch filepath.Base(fe.Filename) {
		case "health.go":
			if !fe.Create || fe.Guard != "" {
				t.Errorf("health.go: Create=%v Guard=%q", fe.Create, fe.Guard)
			}
			golden(t, "health.go.golden", fe.NewContent)
		case "requestlog.go":
			if fe.Filename != fixturePath(t, "requestlog/requestlog.go") {
				t.Errorf("new file at %s", fe.Filename)
			}
			golden(t, "requestlog.go.golden", fe.NewContent)
		case "server.go":
			if fe.Create {
				t.Errorf("server.go marked Create")
			}
		}
	}
}

func TestNewFileRefusesExisting(t *testing.T) {
	pkg := api(t)
	_, err := Rewrite(pkg, func(e *Editor) error {
		_, err := e.NewFile("server.go", "api")
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("NewFile(existing) error = %v", err)
	}
}

func TestRemovesImportLeftUnused(t *testing.T) {
	pkg := api(t)
	res, err := Rewrite(pkg, func(e *Editor) error {
		f, err := e.File("server.go")
		if err != nil {
			return err
		}
		// Replace the strconv.ParseInt call (strconv's only use) with a
		// literal: the import must go, the others stay.
		fd := funcDecl(t, f, "getTask")
		assign := fd.Body.List[0].(*dst.AssignStmt)
		one, err := ParseExpr("int64(1)")
		if err != nil {
			return err
		}
		nilErr, err := ParseExpr("error(nil)")
		if err != nil {
			return err
		}
		assign.Rhs = []dst.Expr{one, nilErr}
		// chi stays: Routes still uses it.
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 {
		t.Fatalf("want one file edit, got %+v", res)
	}
	out := string(res[0].NewContent)
	if strings.Contains(out, `"strconv"`) {
		t.Errorf("strconv import kept:\n%s", out)
	}
	for _, keep := range []string{`"github.com/go-chi/chi/v5"`, `"net/http"`, `"example.com/app/store"`} {
		if !strings.Contains(out, keep) {
			t.Errorf("import %s removed", keep)
		}
	}
	verify(t, pkg, res)
}

func TestUnicodeOffsetsAreBytes(t *testing.T) {
	pkg := api(t)
	name := fixturePath(t, "api/unicode.go")
	res, err := Rewrite(pkg, func(e *Editor) error {
		f, err := e.File(name)
		if err != nil {
			return err
		}
		fd := funcDecl(t, f, "hello")
		stmts, err := ParseStmts(`w.Header().Set("Content-Type", "text/plain; charset=utf-8")`)
		if err != nil {
			return err
		}
		// After the msg assignment, before the write.
		fd.Body.List = append(fd.Body.List[:1], append(stmts, fd.Body.List[1:]...)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 {
		t.Fatalf("want one file edit, got %+v", res)
	}
	verify(t, pkg, res)
	src := pkg.Src[name]
	// The insertion goes after the line holding the string literal; in
	// bytes that is past the multi-byte runes before it.
	after := bytes.Index(src, []byte("// ünïcødé 😀\n\t_, _ = w.Write")) + len("// ünïcødé 😀\n")
	if len(res[0].Edits) != 1 {
		t.Fatalf("want one edit, got %+v", res[0].Edits)
	}
	ed := res[0].Edits[0]
	if ed.Start != ed.End || ed.Start < after-len("// ünïcødé 😀\n") || ed.Start > after+1 {
		t.Errorf("insertion at byte %d, want near byte %d: %+v", ed.Start, after, ed)
	}
	if !strings.Contains(string(res[0].NewContent), "msg := \"grüß dich 😀\" // ünïcødé 😀\n\tw.Header().Set(") {
		t.Errorf("statement misplaced:\n%s", res[0].NewContent)
	}
}

func TestAstDstMapping(t *testing.T) {
	pkg := api(t)
	_, err := Rewrite(pkg, func(e *Editor) error {
		// From go/ast to dst and back, in a file not decorated yet.
		obj := pkg.Types.Scope().Lookup("Server")
		var spec *ast.TypeSpec
		for _, f := range pkg.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if ts, ok := n.(*ast.TypeSpec); ok && pkg.Info.Defs[ts.Name] == obj {
					spec = ts
				}
				return spec == nil
			})
		}
		ds, ok := e.Dst(spec).(*dst.TypeSpec)
		if !ok {
			return fmt.Errorf("Dst(TypeSpec) = %T", e.Dst(spec))
		}
		if e.Ast(ds) != spec {
			return fmt.Errorf("Ast(Dst(spec)) is not spec")
		}
		if got := e.ObjectOf(ds.Name); got != obj {
			return fmt.Errorf("ObjectOf = %v, want %v", got, obj)
		}
		if e.TypeOf(dst.NewIdent("x")) != nil {
			return fmt.Errorf("TypeOf(new node) is not nil")
		}
		if _, err := e.File("nosuch.go"); err == nil {
			return fmt.Errorf("File(nosuch.go) succeeded")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMalformedOutputFailsClearly(t *testing.T) {
	pkg := api(t)
	_, err := Rewrite(pkg, func(e *Editor) error {
		f, err := e.File("unicode.go")
		if err != nil {
			return err
		}
		fd := funcDecl(t, f, "hello")
		fd.Body.List = append(fd.Body.List, &dst.ExprStmt{X: dst.NewIdent("not valid")})
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "does not parse") || !strings.Contains(err.Error(), "unicode.go") {
		t.Fatalf("error = %v, want one naming unicode.go and saying it does not parse", err)
	}
}

func TestRefusesFilesWithoutComments(t *testing.T) {
	pkg := api(t)
	name := fixturePath(t, "api/server.go")
	var f *ast.File
	for _, af := range pkg.Files {
		if pkg.Fset.File(af.FileStart).Name() == name {
			f = af
		}
	}
	stripped := *f
	stripped.Comments = nil
	bare := *pkg
	bare.Files = []*ast.File{&stripped}
	_, err := Rewrite(&bare, func(e *Editor) error {
		_, err := e.File(name)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "ParseComments") {
		t.Fatalf("error = %v, want a ParseComments hint", err)
	}
}
