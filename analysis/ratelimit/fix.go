package ratelimit

import (
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/analysis/httpmodel"
	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/analysis/internal/routerfix"
	"github.com/prodready/prodready/patterns"
)

// Result lists the analyzer's findings with the fixes that apply.
type Result struct {
	Findings []*Finding
}

// Finding is one no-rate-limit diagnostic: a router without rate limiting,
// or (Route set) an authentication endpoint left out of a router's limits.
type Finding struct {
	Router *httpmodel.Router
	Route  *httpmodel.Route
	Site   patterns.Site
}

// FixSites implements patterns.Sites.
func (r *Result) FixSites() []patterns.Site {
	var out []patterns.Site
	for _, f := range r.Findings {
		if len(f.Site.Fixes) > 0 {
			out = append(out, f.Site)
		}
	}
	return out
}

var _ patterns.Sites = (*Result)(nil)

// fixer computes the fixes of one package's findings.
type fixer struct {
	pass   *analysis.Pass
	finder *routerfix.Finder
	sites  map[*httpmodel.Router]routerfix.Site
	file   string // where scaffolds go
	xrate  *bool
	facts  []*fixesFact // visible, from the packages building routers
}

// fixesFact carries the fix of each router a route function of the package
// builds and returns, computed where it is created, to the package that
// serves it and reports it.
type fixesFact struct {
	Pkg     string
	Routers []routerFix
}

type routerFix struct {
	RouterPos token.Pos
	Params    patterns.TokenBucketParams
}

func (*fixesFact) AFact()         {}
func (*fixesFact) String() string { return "ratelimitfixes" }

// newFixer plans the package's fixes and exports those of the routers its
// route functions return.
func newFixer(pass *analysis.Pass, m *httpmodel.Model, unlimited []*httpmodel.Router) *fixer {
	fx := &fixer{pass: pass, finder: routerfix.New(pass, m)}
	plan := fx.finder.Plan(unlimited, httpmodel.KindRateLimit)
	fx.sites, fx.file = plan.Sites, plan.File
	fact := &fixesFact{Pkg: pass.Pkg.Path()}
	for _, ret := range plan.Returned {
		fact.Routers = append(fact.Routers, routerFix{RouterPos: ret.Router.Pos, Params: fx.params(ret.Router, ret.Sites[0])})
	}
	if len(fact.Routers) > 0 {
		pass.ExportPackageFact(fact)
	}
	return fx
}

// routerFixes: ratelimit/token-bucket at the router's preferred site, with
// the project's limiter when it has one, and the package the fix edits
// when that is the one that created the router.
func (fx *fixer) routerFixes(r *httpmodel.Router) ([]patterns.Fix, string) {
	if s, ok := fx.sites[r]; ok {
		return []patterns.Fix{patterns.TokenBucketFix(fx.params(r, s))}, ""
	}
	if !r.Via.IsValid() {
		return nil, ""
	}
	if fx.facts == nil {
		for _, pf := range fx.pass.AllPackageFacts() {
			if f, ok := pf.Fact.(*fixesFact); ok {
				fx.facts = append(fx.facts, f)
			}
		}
	}
	for _, f := range fx.facts {
		for _, rf := range f.Routers {
			if rf.RouterPos == r.Pos {
				return []patterns.Fix{patterns.TokenBucketFix(rf.Params)}, f.Pkg
			}
		}
	}
	return nil, ""
}

func (fx *fixer) params(r *httpmodel.Router, s routerfix.Site) patterns.TokenBucketParams {
	p := patterns.TokenBucketParams{Site: s.RouterSite, Framework: string(r.Framework), ScaffoldFile: fx.file}
	switch r.Framework {
	case httpx.FrameworkGin:
		p.FrameworkPath = fx.finder.ImportPath(httpx.Gin)
	case httpx.FrameworkEcho:
		p.FrameworkPath = fx.finder.ImportPath(httpx.Echo)
	}
	if t, ok := fx.finder.Reuse(r.Framework, httpmodel.KindRateLimit, s.At); ok {
		p.Middleware = t
	} else {
		if fx.xrate == nil {
			req := fx.finder.Requires("golang.org/x/time")
			fx.xrate = &req
		}
		p.XRate = *fx.xrate
	}
	return p
}

// wrappable: registration methods whose handler a net/http-style wrap can
// wrap.
var wrappable = map[string]bool{"Handle": true, "HandleFunc": true, "Handler": true, "HandlerFunc": true}

// routeFixes: the limiter of a sibling route, applied to an authentication
// endpoint's registration, when it can be written there.
func (fx *fixer) routeFixes(router *httpmodel.Router, r *httpmodel.Route) []patterns.Fix {
	if r.Via.IsValid() {
		return nil
	}
	call, method := fx.finder.Registration(r.Pos)
	style := routerfix.RouteStyle(r.Framework)
	if call == nil || style == patterns.WrapCall && !wrappable[method] {
		return nil
	}
	seen := map[token.Pos]bool{}
	for _, sib := range router.Routes {
		for _, m := range sib.Middleware {
			if m.Kind != httpmodel.KindRateLimit || seen[m.Pos] {
				continue
			}
			seen[m.Pos] = true
			text, ok := fx.finder.Portable(m.Pos, r.Pos, r.Framework)
			if !ok {
				continue
			}
			if style == patterns.WrapCall {
				text += "($h)"
			}
			return []patterns.Fix{patterns.TokenBucketRouteFix(patterns.TokenBucketRouteParams{
				Registration: r.Pos, Style: style, Middleware: patterns.Template{Text: text},
			})}
		}
	}
	return nil
}
