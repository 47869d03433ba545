package httpmodel

import (
	"go/token"
	"sort"
)

// Table merges the models of every package of a program into one route
// table: the routes rooted in each package, plus the routes of route
// functions that no analysed caller applied to a router (a library's
// Register(r) that nothing calls), relative to that router.
func Table(models []*Model) (routes []*Route, unresolved []Unresolved) {
	used := map[string]bool{}
	for _, m := range models {
		for _, name := range m.Instantiated {
			used[name] = true
		}
	}
	for _, m := range models {
		routes = append(routes, m.Routes...)
		unresolved = append(unresolved, m.Unresolved...)
		for fn, sum := range m.Summaries {
			if used[FuncName(fn)] {
				continue
			}
			for _, r := range sum.Routes {
				routes = append(routes, &Route{
					Framework: r.Framework, Method: r.Method, Path: r.Path,
					Handler: Handler{Name: r.Handler.Name, Pos: r.Handler.Pos, AuthCheck: r.Handler.AuthCheck, RateCheck: r.Handler.RateCheck},
					Pos:     r.Pos, Middleware: r.Middleware,
				})
			}
		}
	}
	return routes, unresolved
}

// SortRoutes orders routes by path, method, then registration position
// (positions resolved through fset, so the order is stable across runs).
func SortRoutes(fset *token.FileSet, routes []*Route) {
	sort.SliceStable(routes, func(i, j int) bool {
		a, b := routes[i], routes[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Method != b.Method {
			return a.Method < b.Method
		}
		pa, pb := fset.Position(a.Pos), fset.Position(b.Pos)
		if pa.Filename != pb.Filename {
			return pa.Filename < pb.Filename
		}
		return pa.Line < pb.Line
	})
}
