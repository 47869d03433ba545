package limits_test

import (
	"go/ast"
	"go/types"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/limits"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), limits.Analyzer, "httputil", "api", "limited", "fixes", "configured")
}

// TestModules runs the gin, echo, chi and gorilla/mux fixtures in module
// mode; CI runs `go mod download` in testdata/mod first.
func TestModules(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "mod"), limits.Analyzer,
		"example.com/app/ginapp", "example.com/app/echoapp", "example.com/app/chiapp", "example.com/app/muxapp")
}

// TestFindings checks what the validation/limit-body pattern reads.
func TestFindings(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), limits.Analyzer, "api")
	byHandler := map[string]*limits.Finding{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category != limits.Rule {
				t.Errorf("category %q, want %q", d.Category, limits.Rule)
			}
		}
		for _, f := range r.Result.(*limits.Result).Findings {
			if fd, ok := f.Handler.(*ast.FuncDecl); ok {
				byHandler[fd.Name.Name] = f
			}
		}
	}
	up := byHandler["updateTask"]
	if up == nil {
		t.Fatal("no finding for updateTask")
	}
	if types.ExprString(up.Body) != "r.Body" || types.ExprString(up.Request) != "r" || up.Writer == nil || up.Writer.Name() != "w" {
		t.Errorf("updateTask: body %s request %s writer %v", types.ExprString(up.Body), types.ExprString(up.Request), up.Writer)
	}
	if types.ExprString(up.Call) != "json.NewDecoder(r.Body)" || types.ExprString(up.Reported.(ast.Expr)) != "json.NewDecoder(r.Body).Decode(&in)" {
		t.Errorf("updateTask: call %s reported %s", types.ExprString(up.Call), types.ExprString(up.Reported.(ast.Expr)))
	}
	h := byHandler["viaHelper"]
	if h == nil || h.Helper != "httputil.DecodeLoose" || h.Body != nil || types.ExprString(h.Request) != "r" {
		t.Errorf("viaHelper: %+v", h)
	}
	if _, ok := byHandler["createProject"]; ok {
		t.Error("createProject decodes through the limiting helper and must not be reported")
	}
}
