package httpmodel_test

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/httpmodel"
)

// reporter turns the model of each package into diagnostics, so that
// fixtures state the expected routes with // want comments.
var reporter = &analysis.Analyzer{
	Name:     "routereporter",
	Doc:      "reports every route of the HTTP model",
	Requires: []*analysis.Analyzer{httpmodel.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
		for _, r := range m.Routes {
			names := make([]string, len(r.Middleware))
			for i, mw := range r.Middleware {
				names[i] = short(mw.Name)
			}
			pass.Reportf(r.LocalPos(), "route %s %s -> %s [%s] auth=%v logged=%v ratelimited=%v",
				r.Method, r.Path, short(r.Handler.Name), strings.Join(names, " "), r.Auth(), r.Logged(), r.RateLimited())
		}
		for _, u := range m.Unresolved {
			pass.Reportf(u.Pos, "unresolved: %s", u.Reason)
		}
		return nil, nil
	},
}

// short drops the directory part of package paths for readable wants.
func short(name string) string {
	if strings.HasPrefix(name, "func literal") {
		return name
	}
	return name[strings.LastIndex(name, "/")+1:]
}

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), reporter, "basic", "crosspkg/...")
}

// serveReporter reports where each router is served and the middleware the
// package can see.
var serveReporter = &analysis.Analyzer{
	Name:     "servereporter",
	Doc:      "reports where each router is served",
	Requires: []*analysis.Analyzer{httpmodel.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
		for _, r := range m.Routers {
			if len(r.Served) == 0 {
				pass.Reportf(r.LocalPos(), "router served nowhere")
			}
			for _, s := range r.Served {
				pass.Reportf(r.LocalPos(), "router served at %s, router %s", exprText(pass, s.Pos, s.End), exprText(pass, s.RouterPos, s.RouterEnd))
			}
		}
		for _, mw := range m.Middleware() {
			if mw.Func.Pkg() == pass.Pkg {
				pass.Reportf(mw.Func.Pos(), "middleware %s: %s", short(httpmodel.FuncName(mw.Func)), mw.Kind)
			}
		}
		return nil, nil
	},
}

func exprText(pass *analysis.Pass, pos, end token.Pos) string {
	for _, f := range pass.Files {
		var found ast.Expr
		ast.Inspect(f, func(n ast.Node) bool {
			if x, ok := n.(ast.Expr); ok && x.Pos() == pos && x.End() == end && found == nil {
				found = x
			}
			return found == nil
		})
		if found != nil {
			return types.ExprString(found)
		}
	}
	return "?"
}

func TestServed(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), serveReporter, "served")
}
