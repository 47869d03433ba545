package cli

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/analysis/authn"
	"github.com/prodready/prodready/analysis/ctxprop"
	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/analysis/errhandling"
	"github.com/prodready/prodready/analysis/findings"
	"github.com/prodready/prodready/analysis/httpmodel"
	"github.com/prodready/prodready/analysis/limits"
	"github.com/prodready/prodready/analysis/ratelimit"
	"github.com/prodready/prodready/analysis/reqlog"
	"github.com/prodready/prodready/analysis/scope"
	"github.com/prodready/prodready/analysis/sensitive"
	"github.com/prodready/prodready/analysis/sqlconcat"
	"github.com/prodready/prodready/analysis/timeouts"
)

// Analyzers are the analyzers `prodready check` runs.
var Analyzers = []*analysis.Analyzer{
	authn.Analyzer,
	scope.Analyzer,
	errhandling.Analyzer,
	ctxprop.Analyzer,
	sqlconcat.Analyzer,
	sensitive.Analyzer,
	limits.Analyzer,
	ratelimit.Analyzer,
	timeouts.Analyzer,
	reqlog.Analyzer,
}

// load loads the packages matched by patterns in dir and runs analyzers on
// them. Packages that fail to load or type-check are an error: a linter that
// silently skips code gives false confidence.
func load(ctx context.Context, dir string, patterns []string, analyzers []*analysis.Analyzer) (*driver.Program, *driver.Result, error) {
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	prog, err := driver.Load(ctx, driver.LoadConfig{Dir: dir, Patterns: patterns})
	if err != nil {
		return nil, nil, err
	}
	if errs := prog.Errors(); len(errs) > 0 {
		return nil, nil, loadError(errs)
	}
	res, err := prog.Run(analyzers)
	if err != nil {
		return nil, nil, err
	}
	if errs := res.Errors(); len(errs) > 0 {
		return nil, nil, fmt.Errorf("analysis failed: %w", errs[0])
	}
	return prog, res, nil
}

func loadError(errs []driver.PackageError) error {
	e := errs[0]
	msg := fmt.Sprintf("%s: %s", e.Pos, e.Msg)
	if e.Pos == "" || e.Pos == "-" {
		msg = fmt.Sprintf("package %s: %s", e.Package.PkgPath, e.Msg)
	}
	if len(errs) > 1 {
		msg += fmt.Sprintf(" (and %d more errors)", len(errs)-1)
	}
	return errors.New(msg)
}

// RoutesOptions are the inputs of `prodready routes`.
type RoutesOptions struct {
	Dir      string
	Patterns []string
	Format   string // text or json
}

// Routes computes the route table of the packages.
func Routes(ctx context.Context, opts RoutesOptions) (RouteTable, string, error) {
	prog, res, err := load(ctx, opts.Dir, opts.Patterns, []*analysis.Analyzer{httpmodel.Analyzer})
	if err != nil {
		return RouteTable{}, "", err
	}
	routes, unresolved := findings.Routes(res)
	return BuildRouteTable(prog.Fset, opts.Dir, routes, unresolved), modulePath(prog), nil
}

func modulePath(prog *driver.Program) string {
	for _, pkg := range prog.Packages() {
		if pkg.Module != nil && pkg.Module.Main {
			return pkg.Module.Path
		}
	}
	return ""
}
