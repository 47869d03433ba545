package scope_test

import (
	"go/ast"
	"go/types"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/scope"
)

// TestNetHTTP runs the net/http and database/sql fixtures (GOPATH mode),
// with the store and service in other packages, and checks their fixes.
func TestNetHTTP(t *testing.T) {
	testFixes(t, fixture{"nethttp", analysistest.TestData(),
		[]string{"example.com/store", "example.com/service", "example.com/api", "example.com/direct", "example.com/nouser", "example.com/split"}})
}

// TestModules runs the framework and driver fixtures in module mode, and
// checks their fixes; CI runs `go mod download` in testdata/mod first.
func TestModules(t *testing.T) {
	testFixes(t, fixture{"mod", filepath.Join(analysistest.TestData(), "mod"),
		[]string{"example.com/app/gormstore", "example.com/app/ginapp", "example.com/app/echoapp", "example.com/app/pgxapp", "example.com/app/gormapp"}})
}

// TestFindings checks what the fix patterns read from the result: the
// call, the loaded variable, the query's placeholder style and literal.
func TestFindings(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), scope.Analyzer, "example.com/api", "example.com/direct")
	byFunc := map[string]*scope.Finding{}
	related := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category != scope.Rule {
				t.Errorf("category %q, want %q", d.Category, scope.Rule)
			}
			related += len(d.Related)
		}
		res := r.Result.(*scope.Result)
		for _, f := range res.Findings {
			if decl, ok := f.Handler.(*ast.FuncDecl); ok {
				byFunc[decl.Name.Name] = f
			}
		}
	}
	if related == 0 {
		t.Error("no diagnostic carries the query as related information")
	}

	get := byFunc["getTask"]
	if get == nil {
		t.Fatal("no finding for getTask")
	}
	if get.Loaded == nil || get.Loaded.Name() != "t" {
		t.Errorf("getTask: loaded = %v, want t", get.Loaded)
	}
	if q := get.Query; q.Style != scope.StyleDollar || q.Args != 1 || q.Column != "id" || q.Table != "tasks" || q.Verb != "select" || q.Short != "store.GetTask" {
		t.Errorf("getTask: query = %+v", q)
	}
	if get.Sources != scope.FromPath || types.ExprString(get.ID) != "id" {
		t.Errorf("getTask: sources %v id %s", get.Sources, types.ExprString(get.ID))
	}

	del := byFunc["oldStylePath"]
	if del == nil {
		t.Fatal("no finding for oldStylePath")
	}
	if del.Loaded != nil || del.Query.Style != scope.StyleQuestion || !del.Query.LitPos.IsValid() || del.Query.LitPos == del.Query.SQLPos {
		t.Errorf("oldStylePath: %+v", del)
	}

	direct := byFunc["get"]
	if direct == nil || direct.Loaded == nil || direct.Loaded.Name() != "t" || direct.Call.Pos() != direct.Query.Call || len(direct.Via) != 0 {
		t.Errorf("direct get: %+v", direct)
	}
}
