package ratelimit

import (
	"fmt"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/analysis/httpmodel"
	"github.com/prodready/prodready/patterns"
)

// Rule is the rule ID this analyzer reports.
const Rule = "no-rate-limit"

// Analyzer reports routers without rate limiting.
var Analyzer = &analysis.Analyzer{
	Name:       "noratelimit",
	Doc:        "reports routers with no rate-limiting middleware, authentication endpoints first (rule no-rate-limit)",
	Run:        run,
	Requires:   []*analysis.Analyzer{httpmodel.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(fixesFact)},
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
	res := &Result{}
	type check struct {
		router   *httpmodel.Router
		limited  int
		authOpen []*httpmodel.Route
	}
	var checks []check
	var unlimited []*httpmodel.Router
	for _, router := range m.Routers {
		c := check{router: router}
		for _, r := range router.Routes {
			if r.RateLimited() {
				c.limited++
			} else if IsAuthEndpoint(r) && r.Method != "GET" && r.Method != "HEAD" {
				c.authOpen = append(c.authOpen, r)
			}
		}
		if c.limited == 0 {
			unlimited = append(unlimited, router)
		}
		checks = append(checks, c)
	}
	if len(checks) == 0 && len(m.Summaries) == 0 {
		return res, nil
	}
	fx := newFixer(pass, m, unlimited)
	report := func(f *Finding, d analysis.Diagnostic, fixes []patterns.Fix, pkg string) {
		f.Site = patterns.Site{Rule: Rule, Pos: d.Pos, End: d.End, Fixes: fixes, Package: pkg}
		if pkg == "" {
			patterns.Attach(pass, &d, fixes)
		}
		pass.Report(d)
		res.Findings = append(res.Findings, f)
	}
	for _, c := range checks {
		if c.limited == 0 {
			fixes, pkg := fx.routerFixes(c.router)
			report(&Finding{Router: c.router}, routerDiagnostic(c.router, c.authOpen), fixes, pkg)
			continue
		}
		for _, r := range c.authOpen {
			report(&Finding{Router: c.router, Route: r}, analysis.Diagnostic{
				Pos:      r.LocalPos(),
				Category: Rule,
				Message:  fmt.Sprintf("authentication endpoint %s has no rate limiting although other routes do; passwords and tokens can be guessed at full speed", r),
			}, fx.routeFixes(c.router, r), "")
		}
	}
	return res, nil
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
