package reqlog

import (
	"go/token"
	"go/version"

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

// Finding is one no-request-log diagnostic: a router none of whose routes
// is logged.
type Finding struct {
	Router *httpmodel.Router
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
	file   string       // where scaffolds go
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
	Params    patterns.RequestLoggerParams
}

func (*fixesFact) AFact()         {}
func (*fixesFact) String() string { return "reqlogfixes" }

// newFixer plans the package's fixes and exports those of the routers its
// route functions return.
func newFixer(pass *analysis.Pass, m *httpmodel.Model, unlogged []*httpmodel.Router) *fixer {
	fx := &fixer{pass: pass, finder: routerfix.New(pass, m)}
	plan := fx.finder.Plan(unlogged, httpmodel.KindLogging)
	fx.sites, fx.file = plan.Sites, plan.File
	fact := &fixesFact{Pkg: pass.Pkg.Path()}
	for _, ret := range plan.Returned {
		if p, ok := fx.params(ret.Router, ret.Sites[0]); ok {
			fact.Routers = append(fact.Routers, routerFix{RouterPos: ret.Router.Pos, Params: p})
		}
	}
	if len(fact.Routers) > 0 {
		pass.ExportPackageFact(fact)
	}
	return fx
}

// fixes: logging/request-logger at the router's preferred site, and the
// package the fix edits when that is the one that created the router.
func (fx *fixer) fixes(r *httpmodel.Router) ([]patterns.Fix, string) {
	if s, ok := fx.sites[r]; ok {
		if p, ok := fx.params(r, s); ok {
			return []patterns.Fix{patterns.RequestLoggerFix(p)}, ""
		}
		return nil, ""
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
				return []patterns.Fix{patterns.RequestLoggerFix(rf.Params)}, f.Pkg
			}
		}
	}
	return nil, ""
}

// params fills the pattern at site s: the project's request logger when
// it has one, else its logger.
func (fx *fixer) params(r *httpmodel.Router, s routerfix.Site) (patterns.RequestLoggerParams, bool) {
	p := patterns.RequestLoggerParams{Site: s.RouterSite, Framework: string(r.Framework), HasRequestID: s.RequestID, ScaffoldFile: fx.file}
	switch r.Framework {
	case httpx.FrameworkChi:
		p.FrameworkPath = fx.finder.ImportPath(httpx.Chi)
	case httpx.FrameworkGin:
		p.FrameworkPath = fx.finder.ImportPath(httpx.Gin)
	case httpx.FrameworkEcho:
		p.FrameworkPath = fx.finder.ImportPath(httpx.Echo)
	}
	if t, ok := fx.finder.Reuse(r.Framework, httpmodel.KindLogging, s.At); ok {
		p.Middleware = t
		return p, true
	}
	if r.Framework != httpx.FrameworkChi {
		p.Logger = fx.finder.Logger(s.At)
		if p.Logger == nil && !hasSlog(fx.pass) {
			return p, false // log/slog needs Go 1.21
		}
	}
	return p, true
}

// hasSlog: the module's Go version has log/slog.
func hasSlog(pass *analysis.Pass) bool {
	if pass.Module == nil || pass.Module.GoVersion == "" {
		return true
	}
	return version.Compare("go"+pass.Module.GoVersion, "go1.21") >= 0
}
