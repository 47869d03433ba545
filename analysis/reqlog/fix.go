package reqlog

import (
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
	file   string // where scaffolds go
}

func newFixer(pass *analysis.Pass, m *httpmodel.Model, unlogged []*httpmodel.Router) *fixer {
	fx := &fixer{pass: pass, finder: routerfix.New(pass, m), sites: map[*httpmodel.Router]routerfix.Site{}}
	var all []routerfix.Site
	for _, r := range unlogged {
		if sites := fx.finder.Sites(r, httpmodel.KindLogging); len(sites) > 0 {
			fx.sites[r] = sites[0]
			all = append(all, sites[0])
		}
	}
	fx.file = fx.finder.ScaffoldFile(all)
	return fx
}

// fixes: logging/request-logger at the router's preferred site, with the
// project's request logger when it has one, else with its logger.
func (fx *fixer) fixes(r *httpmodel.Router) []patterns.Fix {
	s, ok := fx.sites[r]
	if !ok {
		return nil
	}
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
		return []patterns.Fix{patterns.RequestLoggerFix(p)}
	}
	if r.Framework != httpx.FrameworkChi {
		p.Logger = fx.finder.Logger(s.At)
		if p.Logger == nil && !hasSlog(fx.pass) {
			return nil // log/slog needs Go 1.21
		}
	}
	return []patterns.Fix{patterns.RequestLoggerFix(p)}
}

// hasSlog: the module's Go version has log/slog.
func hasSlog(pass *analysis.Pass) bool {
	if pass.Module == nil || pass.Module.GoVersion == "" {
		return true
	}
	return version.Compare("go"+pass.Module.GoVersion, "go1.21") >= 0
}
