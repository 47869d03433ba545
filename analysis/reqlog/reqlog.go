package reqlog

import (
	"fmt"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/analysis/httpmodel"
	"github.com/prodready/prodready/patterns"
)

// Rule is the rule ID this analyzer reports.
const Rule = "no-request-log"

// Analyzer reports routers without request logging.
var Analyzer = &analysis.Analyzer{
	Name:       "norequestlog",
	Doc:        "reports routers with no request-logging middleware (rule no-request-log)",
	Run:        run,
	Requires:   []*analysis.Analyzer{httpmodel.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(fixesFact)},
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	res := &Result{}
	var unlogged []*httpmodel.Router
	for _, router := range m.Routers {
		logged := false
		for _, r := range router.Routes {
			if r.Logged() {
				logged = true
				break
			}
		}
		if !logged {
			unlogged = append(unlogged, router)
		}
	}
	if len(unlogged) == 0 && len(m.Summaries) == 0 {
		return res, nil
	}
	fx := newFixer(pass, m, unlogged)
	for _, router := range unlogged {
		d := analysis.Diagnostic{
			Pos:      router.LocalPos(),
			Category: Rule,
			Message:  fmt.Sprintf("router serves %d routes with no request-logging middleware; an incident would leave no record of who called what", len(router.Routes)),
		}
		if router.Via.IsValid() {
			d.Related = []analysis.RelatedInformation{{Pos: router.Pos, Message: httpmodel.RouterMessage}}
		}
		fixes, pkg := fx.fixes(router)
		if pkg == "" {
			patterns.Attach(pass, &d, fixes)
		}
		pass.Report(d)
		res.Findings = append(res.Findings, &Finding{Router: router, Site: patterns.Site{Rule: Rule, Pos: d.Pos, End: d.End, Fixes: fixes, Package: pkg}})
	}
	return res, nil
}
