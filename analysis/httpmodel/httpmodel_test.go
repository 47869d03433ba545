package httpmodel_test

import (
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
