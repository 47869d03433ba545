package ratelimit

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/analysis/httpmodel"
)

// Rule is the rule ID this analyzer reports.
const Rule = "no-rate-limit"

// Analyzer reports routers without rate limiting.
var Analyzer = &analysis.Analyzer{
	Name:     "noratelimit",
	Doc:      "reports routers with no rate-limiting middleware, authentication endpoints first (rule no-rate-limit)",
	Run:      run,
	Requires: []*analysis.Analyzer{httpmodel.Analyzer},
}

// authSegments mark endpoints where guessing is the attack.
var authSegments = []string{"login", "signin", "sign-in", "signup", "sign-up", "register", "token", "refresh",
	"password", "reset", "forgot", "otp", "2fa", "mfa", "totp", "verify", "session", "sessions", "auth", "oauth"}

// IsAuthEndpoint reports whether a route authenticates callers or issues
// credentials, judged by its path.
func IsAuthEndpoint(r *httpmodel.Route) bool {
	for _, seg := range strings.Split(strings.ToLower(r.Path), "/") {
		for _, a := range authSegments {
			if seg == a || strings.HasPrefix(seg, a+"-") || strings.HasSuffix(seg, "-"+a) {
				return true
			}
		}
	}
	return false
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	for _, router := range m.Routers {
		var limited int
		var authOpen []*httpmodel.Route
		for _, r := range router.Routes {
			if r.RateLimited() {
				limited++
			} else if IsAuthEndpoint(r) && r.Method != "GET" && r.Method != "HEAD" {
				authOpen = append(authOpen, r)
			}
		}
		if limited == 0 {
			pass.Report(routerDiagnostic(router, authOpen))
			continue
		}
		for _, r := range authOpen {
			pass.Report(analysis.Diagnostic{
				Pos:      r.LocalPos(),
				Category: Rule,
				Message:  fmt.Sprintf("authentication endpoint %s has no rate limiting although other routes do; passwords and tokens can be guessed at full speed", r),
			})
		}
	}
	return nil, nil
}

func routerDiagnostic(router *httpmodel.Router, authOpen []*httpmodel.Route) analysis.Diagnostic {
	msg := fmt.Sprintf("router serves %d routes with no rate limiting; one client can exhaust the service", len(router.Routes))
	if len(authOpen) > 0 {
		names := make([]string, 0, len(authOpen))
		for i, r := range authOpen {
			if i == 3 {
				names = append(names, fmt.Sprintf("and %d more", len(authOpen)-3))
				break
			}
			names = append(names, r.String())
		}
		msg = fmt.Sprintf("router serves %s with no rate limiting; passwords and tokens can be guessed at full speed", strings.Join(names, ", "))
	}
	d := analysis.Diagnostic{Pos: router.LocalPos(), Category: Rule, Message: msg}
	if router.Via.IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: router.Pos, Message: httpmodel.RouterMessage})
	}
	for _, r := range authOpen {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.Pos, Message: r.String() + " registered here"})
	}
	return d
}
