package cli

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/prodready/prodready/analysis/authn"
	"github.com/prodready/prodready/analysis/ctxprop"
	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/analysis/errhandling"
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
	routes, unresolved := merged(prog, res)
	return BuildRouteTable(prog.Fset, opts.Dir, routes, unresolved), modulePath(prog), nil
}

// merged collects the models of every analysed package into one table.
func merged(prog *driver.Program, res *driver.Result) ([]*httpmodel.Route, []httpmodel.Unresolved) {
	var models []*httpmodel.Model
	for _, pkg := range prog.Packages() {
		if v, ok := res.ResultOf(httpmodel.Analyzer, pkg.PkgPath); ok {
			if m, ok := v.(*httpmodel.Model); ok {
				models = append(models, m)
			}
		}
	}
	return httpmodel.Table(models)
}

func modulePath(prog *driver.Program) string {
	for _, pkg := range prog.Packages() {
		if pkg.Module != nil && pkg.Module.Main {
			return pkg.Module.Path
		}
	}
	return ""
}

// routeIndex maps handler declarations to the routes they serve, so that a
// finding inside a handler names its route.
type routeIndex map[token.Pos][]string

func newRouteIndex(routes []*httpmodel.Route) routeIndex {
	ix := routeIndex{}
	for _, r := range routes {
		if r.Handler.Pos.IsValid() {
			ix[r.Handler.Pos] = append(ix[r.Handler.Pos], r.String())
		}
	}
	for _, v := range ix {
		sort.Strings(v)
	}
	return ix
}

// enclosing names the routes of the innermost handler that encloses pos:
// a function declaration (by its name) or a func literal.
func (ix routeIndex) enclosing(prog *driver.Program, pos token.Pos) string {
	if len(ix) == 0 {
		return ""
	}
	for _, pkg := range prog.Packages() {
		for _, f := range pkg.Syntax {
			if pos < f.FileStart || pos > f.FileEnd {
				continue
			}
			path, _ := astutil.PathEnclosingInterval(f, pos, pos)
			for _, n := range path {
				var key token.Pos
				switch n := n.(type) {
				case *ast.FuncDecl:
					key = n.Name.Pos()
				case *ast.FuncLit:
					key = n.Pos()
				default:
					continue
				}
				if r, ok := ix[key]; ok {
					return strings.Join(r, ", ")
				}
			}
			return ""
		}
	}
	return ""
}
