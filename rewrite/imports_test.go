package rewrite

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"testing"
)

// memPackage parses and type-checks files (base name to source) as package
// path in directory /mem. Standard library imports resolve for real; other
// imports resolve to empty packages, and the type errors that follow are
// ignored, as an editor sees half-typed code.
func memPackage(t *testing.T, path string, files map[string]string) *Package {
	t.Helper()
	fset := token.NewFileSet()
	pkg := &Package{Fset: fset, Src: map[string][]byte{}}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		full := "/mem/" + name
		f, err := parser.ParseFile(fset, full, files[name], parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		pkg.Files = append(pkg.Files, f)
		pkg.Src[full] = []byte(files[name])
	}
	std := importer.Default()
	conf := types.Config{
		Importer: importerFunc(func(p string) (*types.Package, error) {
			if isStd(p) {
				return std.Import(p)
			}
			fake := types.NewPackage(p, guessName(p))
			fake.MarkComplete()
			return fake, nil
		}),
		Error: func(error) {},
	}
	pkg.Info = &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Defs:  map[*ast.Ident]types.Object{},
		Uses:  map[*ast.Ident]types.Object{},
	}
	pkg.Types, _ = conf.Check(path, fset, pkg.Files, pkg.Info)
	return pkg
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// addImports rewrites /mem/a.go adding each path and using it in a
// declaration, and returns the names AddImport chose and the new content.
func addImports(t *testing.T, pkg *Package, paths ...string) ([]string, string) {
	t.Helper()
	var names []string
	res, err := Rewrite(pkg, func(e *Editor) error {
		f, err := e.File("a.go")
		if err != nil {
			return err
		}
		for i, p := range paths {
			name := e.AddImport(f, p, "")
			names = append(names, name)
			if name == "" {
				continue
			}
			use, err := ParseDecls(fmt.Sprintf("var _ = %s.X%d", name, i))
			if err != nil {
				return err
			}
			f.Decls = append(f.Decls, use...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	switch len(res) {
	case 0:
		return names, string(pkg.Src["/mem/a.go"])
	case 1:
		return names, string(res[0].NewContent)
	}
	t.Fatalf("want at most one file edit, got %+v", res)
	return nil, ""
}

// importBlock returns the text from the first import to the first blank
// line after the imports.
func importBlock(src string) string {
	i := strings.Index(src, "import")
	j := strings.Index(src[i:], "\n\nvar")
	if j < 0 {
		j = strings.Index(src[i:], "\n\nfunc")
	}
	return src[i : i+j]
}

func TestAddImportStdlibIntoSingleImport(t *testing.T) {
	pkg := memPackage(t, "example.com/app/api", map[string]string{
		"a.go": "package api\n\nimport \"net/http\"\n\nvar _ http.Handler\n",
	})
	names, out := addImports(t, pkg, "log/slog", "crypto/subtle")
	if names[0] != "slog" || names[1] != "subtle" {
		t.Errorf("names = %q", names)
	}
	want := "import (\n\t\"crypto/subtle\"\n\t\"log/slog\"\n\t\"net/http\"\n)"
	if got := importBlock(out); got != want {
		t.Errorf("imports:\n%s\nwant:\n%s", got, want)
	}
}

func TestAddImportManyIntoSingleImport(t *testing.T) {
	pkg := memPackage(t, "example.com/app/api", map[string]string{
		"a.go": "package api\n\nimport \"net/http\"\n\nvar _ http.Handler\n",
	})
	_, out := addImports(t, pkg, "time", "log/slog", "strconv")
	want := "import (\n\t\"log/slog\"\n\t\"net/http\"\n\t\"strconv\"\n\t\"time\"\n)"
	if got := importBlock(out); got != want {
		t.Errorf("imports:\n%s\nwant:\n%s", got, want)
	}
}

func TestAddImportWithoutImports(t *testing.T) {
	pkg := memPackage(t, "example.com/app/api", map[string]string{
		"a.go": "// Package api is documented.\npackage api // trailing\n\n// V is a value.\nvar V = 1\n",
	})
	_, out := addImports(t, pkg, "log/slog")
	want := "// Package api is documented.\npackage api // trailing\n\nimport \"log/slog\"\n\n// V is a value.\nvar V = 1\n\nvar _ = slog.X0\n"
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

func TestAddImportKeepsGroups(t *testing.T) {
	src := `package api

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/app/store"
)

var _ context.Context
var _ http.Handler
var _ = chi.X
var _ = store.X
`
	pkg := memPackage(t, "example.com/app/api", map[string]string{"a.go": src})
	_, out := addImports(t, pkg, "example.com/app/auth", "github.com/go-chi/chi/v5/middleware", "os", "github.com/google/uuid")
	want := `import (
	"context"
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/google/uuid"

	"example.com/app/auth"
	"example.com/app/store"
)`
	if got := importBlock(out); got != want {
		t.Errorf("imports:\n%s\nwant:\n%s", got, want)
	}
}

func TestAddImportReusesNames(t *testing.T) {
	pkg := memPackage(t, "example.com/app/api", map[string]string{
		"a.go": "package api\n\nimport (\n\tstdlog \"log\"\n\t. \"strings\"\n)\n\nvar _ = stdlog.Println\nvar _ = ToUpper\n",
		"b.go": "package api\n\nimport jsonv1 \"encoding/json\"\n\nvar _ = jsonv1.Marshal\n",
	})
	// Already imported (under an alias, dot-imported), the package itself,
	// and a package another file of the package imports under an alias.
	names, out := addImports(t, pkg, "log", "strings", "example.com/app/api", "encoding/json")
	if want := []string{"stdlog", "", "", "jsonv1"}; fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("names = %q, want %q", names, want)
	}
	if !strings.Contains(out, "\tjsonv1 \"encoding/json\"\n") {
		t.Errorf("project alias not used:\n%s", out)
	}
	if strings.Count(out, "\"log\"") != 1 || strings.Count(out, "\"strings\"") != 1 {
		t.Errorf("duplicate import:\n%s", out)
	}
}

func TestAddImportAvoidsClashes(t *testing.T) {
	pkg := memPackage(t, "example.com/app/api", map[string]string{
		"a.go": `package api

import "net/http"

func handle(w http.ResponseWriter, r *http.Request) {
	log := r.URL.Query().Get("log") // a local named like the package
	_ = log
}
`,
		"b.go": "package api\n\n// subtle is a package-level name.\nvar subtle = 1\n",
	})
	names, out := addImports(t, pkg, "log", "crypto/subtle")
	if names[0] != "log2" || names[1] != "subtle2" {
		t.Errorf("names = %q, want log2 subtle2", names)
	}
	if !strings.Contains(out, "\tlog2 \"log\"\n") || !strings.Contains(out, "\tsubtle2 \"crypto/subtle\"\n") {
		t.Errorf("aliases missing:\n%s", out)
	}
}

func TestAddImportNamesBlankImport(t *testing.T) {
	pkg := memPackage(t, "example.com/app/api", map[string]string{
		"a.go": "package api\n\nimport (\n\t\"net/http\"\n\t_ \"net/http/pprof\"\n)\n\nvar _ http.Handler\n",
	})
	names, out := addImports(t, pkg, "net/http/pprof")
	if names[0] != "pprof" {
		t.Errorf("name = %q", names[0])
	}
	if !strings.Contains(out, "\t\"net/http/pprof\"\n") || strings.Count(out, "pprof\"") != 1 {
		t.Errorf("blank import not turned into a named one:\n%s", out)
	}
}

func TestAddImportUnusedIsPruned(t *testing.T) {
	src := "package api\n\nimport \"net/http\"\n\nvar _ http.Handler\n"
	pkg := memPackage(t, "example.com/app/api", map[string]string{"a.go": src})
	res, err := Rewrite(pkg, func(e *Editor) error {
		f, err := e.File("a.go")
		if err != nil {
			return err
		}
		e.AddImport(f, "log/slog", "")
		return nil
	})
	if err != nil || len(res) != 0 {
		t.Fatalf("unused AddImport gave %+v, %v; want no change", res, err)
	}
}

func TestPruneLeavesOthersAlone(t *testing.T) {
	// os was unused before the rewrite (the code is half-typed): not ours to
	// remove. embed is blank. fmt's only use goes away: removed, with the
	// blank line that opened its group kept for the next import.
	src := `package api

import (
	_ "embed"
	"os"

	"fmt"
	"net/http"
)

var _ http.Handler

func f() { fmt.Println() }
`
	pkg := memPackage(t, "example.com/app/api", map[string]string{"a.go": src})
	res, err := Rewrite(pkg, func(e *Editor) error {
		f, err := e.File("a.go")
		if err != nil {
			return err
		}
		f.Decls = f.Decls[:len(f.Decls)-1]
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "package api\n\nimport (\n\t_ \"embed\"\n\t\"os\"\n\n\t\"net/http\"\n)\n\nvar _ http.Handler\n"
	if len(res) != 1 || string(res[0].NewContent) != want {
		t.Fatalf("got %+v\nwant:\n%s", res, want)
	}
}

func TestGuessName(t *testing.T) {
	for path, want := range map[string]string{
		"github.com/go-chi/chi/v5":      "chi",
		"gopkg.in/yaml.v3":              "yaml",
		"github.com/mattn/go-sqlite3":   "sqlite3",
		"example.com/x/client-go":       "client",
		"example.com/x/1up":             "up",
		"github.com/labstack/echo/v4":   "echo",
		"example.com/app/internal/auth": "auth",
	} {
		if got := guessName(path); got != want {
			t.Errorf("guessName(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestImportsInNewFile(t *testing.T) {
	pkg := memPackage(t, "example.com/app/api", map[string]string{
		"a.go": "package api\n\n// Handler is taken.\ntype Handler int\n",
	})
	res, err := Rewrite(pkg, func(e *Editor) error {
		f, err := e.NewFile("b.go", "api")
		if err != nil {
			return err
		}
		// net/http's name is free, but the package declares Handler: no
		// clash, as names of a package never clash with a qualifier.
		h := e.AddImport(f, "net/http", "")
		decls, err := ParseDecls("var _ " + h + ".Handler")
		if err != nil {
			return err
		}
		f.Decls = append(f.Decls, decls...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "package api\n\nimport \"net/http\"\n\nvar _ http.Handler\n"
	if len(res) != 1 || !res[0].Create || string(res[0].NewContent) != want {
		t.Fatalf("got %+v, want content:\n%s", res, want)
	}
}

func TestUnformattedFileLookedAtIsNotReformatted(t *testing.T) {
	src := "package api\nvar x=1\n"
	pkg := memPackage(t, "example.com/app/api", map[string]string{"a.go": src})
	res, err := Rewrite(pkg, func(e *Editor) error {
		_, err := e.File("a.go")
		return err
	})
	if err != nil || len(res) != 0 {
		t.Fatalf("looking at an unformatted file gave %+v, %v; want nothing", res, err)
	}
	// Changing it formats it: the result is always gofmt-clean.
	res, err = Rewrite(pkg, func(e *Editor) error {
		f, err := e.File("a.go")
		if err != nil {
			return err
		}
		decls, err := ParseDecls("var y = 2")
		f.Decls = append(f.Decls, decls...)
		return err
	})
	if err != nil || len(res) != 1 || string(res[0].NewContent) != "package api\n\nvar x = 1\n\nvar y = 2\n" {
		t.Fatalf("got %+v, %v", res, err)
	}
}

func TestFragments(t *testing.T) {
	stmts, err := ParseStmts("// check first\nif x {\n\treturn\n}\ny()")
	if err != nil || len(stmts) != 2 {
		t.Fatalf("ParseStmts = %v, %v", stmts, err)
	}
	if got := stmts[0].Decorations().Start.All(); len(got) != 1 || got[0] != "// check first" {
		t.Errorf("comment not attached: %q", got)
	}
	if _, err := ParseExpr("a, b"); err == nil {
		t.Error("ParseExpr accepted two expressions")
	}
	if _, err := ParseExpr("f(x"); err == nil {
		t.Error("ParseExpr accepted a syntax error")
	}
	if _, err := ParseDecls("import \"fmt\""); err == nil {
		t.Error("ParseDecls accepted an import")
	}
}
