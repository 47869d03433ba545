package reqlog

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/analysis/httpmodel"
)

// Rule is the rule ID this analyzer reports.
const Rule = "no-request-log"

// Analyzer reports routers without request logging.
var Analyzer = &analysis.Analyzer{
	Name:     "norequestlog",
	Doc:      "reports routers with no request-logging middleware (rule no-request-log)",
	Run:      run,
	Requires: []*analysis.Analyzer{httpmodel.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	for _, router := range m.Routers {
		logged := false
		for _, r := range router.Routes {
			if r.Logged() {
				logged = true
				break
			}
		}
		if logged {
			continue
		}
		d := analysis.Diagnostic{
			Pos:      router.LocalPos(),
			Category: Rule,
			Message:  fmt.Sprintf("router serves %d routes with no request-logging middleware; an incident would leave no record of who called what", len(router.Routes)),
		}
		if router.Via.IsValid() {
			d.Related = []analysis.RelatedInformation{{Pos: router.Pos, Message: httpmodel.RouterMessage}}
		}
		pass.Report(d)
	}
	return nil, nil
}
