package errhandling_test

import (
	"go/ast"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/errhandling"
	"github.com/prodready/prodready/analysis/internal/httpx"
)

// TestResult checks what the fix patterns read from the analyzer's result.
func TestResult(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), errhandling.Analyzer,
		"crosspkg/validate", "crosspkg/store", "crosspkg/httputil", "crosspkg/handler")
	var res *errhandling.Result
	var pkg *types.Package
	for _, r := range results {
		if r.Pass.Pkg.Path() == "crosspkg/handler" {
			res, pkg = r.Result.(*errhandling.Result), r.Pass.Pkg
		}
	}
	if res == nil {
		t.Fatal("no result for crosspkg/handler")
	}

	byRule := make(map[string][]*errhandling.Finding)
	for _, f := range res.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
		if f.Handler.Kind != httpx.NetHTTPHandler {
			t.Errorf("%s finding in %s: handler kind %v", f.Rule, funcName(f.Func), f.Handler.Kind)
		}
		if name, ok := errhandling.ResponseTarget(f.Handler); !ok || name != "w" {
			t.Errorf("%s finding: ResponseTarget = %q, %v", f.Rule, name, ok)
		}
	}
	if n := len(byRule[errhandling.RuleIgnoredError]); n != 1 {
		t.Fatalf("%d ignored-error findings, want 1", n)
	}
	ig := byRule[errhandling.RuleIgnoredError][0]
	if _, ok := ig.Stmt.(*ast.ExprStmt); !ok || ig.ErrResult != 0 || ig.Origin != "store.DeleteTask" || funcName(ig.Func) != "dropped" {
		t.Errorf("ignored-error finding = %+v", ig)
	}
	if v := errhandling.ErrVarAt(pkg, ig.Stmt.Pos()); v != nil {
		t.Errorf("ErrVarAt in dropped = %v, want none", v)
	}

	for _, f := range byRule[errhandling.RuleMissingReturn] {
		// The return goes after the last statement of the branch, here the
		// error write itself.
		es, ok := f.Stmt.(*ast.ExprStmt)
		if !ok || es.X != f.Call {
			t.Errorf("missing-return in %s: Stmt is not the write", funcName(f.Func))
		}
		// httputil.Error takes the status; httputil.Fail always writes 500.
		if hasStatus := f.Status != nil; hasStatus != (funcName(f.Func) == "getTask") {
			t.Errorf("missing-return in %s: status %v", funcName(f.Func), f.Status)
		}
		if v := errhandling.ErrVarAt(pkg, f.Stmt.Pos()); v == nil {
			t.Errorf("missing-return in %s: ErrVarAt found no err", funcName(f.Func))
		}
	}

	details := byRule[errhandling.RuleErrorDetail]
	if len(details) != 3 {
		t.Fatalf("%d error-detail findings, want 3", len(details))
	}
	for _, f := range details {
		id, ok := f.ErrValue.(*ast.Ident)
		if !ok || id.Name != "err" {
			t.Errorf("error-detail in %s: ErrValue = %#v, want err", funcName(f.Func), f.ErrValue)
		}
		if f.Arg == nil || f.Call == nil || f.Stmt == nil {
			t.Errorf("error-detail in %s: missing Arg, Call or Stmt", funcName(f.Func))
		}
		if funcName(f.Func) == "leakInJSON" {
			// The leak is narrowed to the map value, not the whole map.
			if call, ok := f.Arg.(*ast.CallExpr); !ok || call.Fun.(*ast.SelectorExpr).Sel.Name != "Error" {
				t.Errorf("leakInJSON: Arg = %#v, want err.Error()", f.Arg)
			}
		}
	}

	var helpers []string
	for _, h := range res.Helpers {
		helpers = append(helpers, h.Func.Name())
	}
	want := []string{"WriteJSON", "Error", "InternalError", "Fail", "Render"}
	for _, w := range want {
		found := false
		for _, h := range helpers {
			found = found || h == w
		}
		if !found {
			t.Errorf("helpers %v lack %s", helpers, w)
		}
	}
}

func funcName(n ast.Node) string {
	if d, ok := n.(*ast.FuncDecl); ok {
		return d.Name.Name
	}
	return "func literal"
}

func TestErrorResult(t *testing.T) {
	errT := types.Universe.Lookup("error").Type()
	vars := func(ts ...types.Type) *types.Tuple {
		var vs []*types.Var
		for _, t := range ts {
			vs = append(vs, types.NewParam(0, nil, "", t))
		}
		return types.NewTuple(vs...)
	}
	for _, tc := range []struct {
		results *types.Tuple
		want    int
	}{
		{vars(), -1},
		{vars(errT), 0},
		{vars(types.Typ[types.Int], errT), 1},
		{vars(types.Typ[types.String]), -1},
	} {
		sig := types.NewSignatureType(nil, nil, nil, nil, tc.results, false)
		if got := errhandling.ErrorResult(sig); got != tc.want {
			t.Errorf("ErrorResult(%v) = %d, want %d", sig, got, tc.want)
		}
	}
}
