package ctxprop_test

import (
	"go/ast"
	"go/types"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/ctxprop"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxprop.Analyzer, "store", "api", "cli")
}

// modPackages are the module fixtures: database libraries (gorm, sqlx)
// and routers (gin, echo, chi, gorilla/mux).
var modPackages = []string{
	"example.com/app/gormapp", "example.com/app/sqlxapp", "example.com/app/ginapp", "example.com/app/echoapp",
	"example.com/app/chiapp", "example.com/app/muxapp",
}

// TestModules runs the module fixtures in module mode; CI runs `go mod
// download` in testdata/mod first.
func TestModules(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "mod"), ctxprop.Analyzer, modPackages...)
}

// TestFindings checks what the context/propagate pattern reads.
func TestFindings(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), ctxprop.Analyzer, "api")
	byFunc := map[string]*ctxprop.Finding{}
	related := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category != ctxprop.Rule {
				t.Errorf("category %q, want %q", d.Category, ctxprop.Rule)
			}
			related += len(d.Related)
		}
		for _, f := range r.Result.(*ctxprop.Result).Findings {
			if fd, ok := f.Func.(*ast.FuncDecl); ok {
				byFunc[fd.Name.Name] = f
			}
		}
	}
	if related == 0 {
		t.Error("no diagnostic points at the context-less call inside the callee")
	}
	lp := byFunc["listProjects"]
	if lp == nil || lp.Kind != ctxprop.Callee || lp.Callee != "store.(*Store).ListProjects" || lp.Ctx != "r.Context()" || !lp.RequestContext || lp.Inner.Call != "s.db.Query" {
		t.Errorf("listProjects: %+v", lp)
	}
	dq := byFunc["directQuery"]
	if dq == nil || dq.Kind != ctxprop.Method || dq.Method != "Query" || dq.Replacement != "QueryContext" || types.ExprString(dq.Call.Fun) != "s.db.Query" {
		t.Errorf("directQuery: %+v", dq)
	}
	bg := byFunc["background"]
	if bg == nil || bg.Kind != ctxprop.Background || types.ExprString(bg.Arg) != "context.Background()" {
		t.Errorf("background: %+v", bg)
	}
	if nr := byFunc["newRequest"]; nr == nil || nr.Kind != ctxprop.NewRequest || nr.Replacement != "NewRequestWithContext" {
		t.Errorf("newRequest: %+v", nr)
	}
	for _, neg := range []string{"getProject", "health", "queryContext", "withContextRequest", "recontexted", "detached", "subRequest"} {
		if f := byFunc[neg]; f != nil {
			t.Errorf("%s must not be reported: %+v", neg, f)
		}
	}
}
