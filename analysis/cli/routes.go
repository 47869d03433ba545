package cli

import (
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/prodready/prodready/analysis/httpmodel"
)

// RouteJSON is one route of `prodready routes -format json` (design.md).
type RouteJSON struct {
	Method      string   `json:"method"`
	Path        string   `json:"path"`
	Handler     string   `json:"handler"`
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Middleware  []string `json:"middleware"`
	Auth        bool     `json:"auth"`
	RateLimited bool     `json:"rateLimited"`
	Logged      bool     `json:"logged"`
}

// UnresolvedJSON is a registration the model could not follow statically.
type UnresolvedJSON struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// RouteTable is the whole `routes` output.
type RouteTable struct {
	Routes     []RouteJSON      `json:"routes"`
	Unresolved []UnresolvedJSON `json:"unresolved"`
}

// BuildRouteTable converts the merged model into the stable output shape,
// with files relative to dir.
func BuildRouteTable(fset *token.FileSet, dir string, routes []*httpmodel.Route, unresolved []httpmodel.Unresolved) RouteTable {
	httpmodel.SortRoutes(fset, routes)
	t := RouteTable{Routes: []RouteJSON{}, Unresolved: []UnresolvedJSON{}}
	for _, r := range routes {
		p := fset.Position(r.Pos)
		mws := make([]string, len(r.Middleware))
		for i, m := range r.Middleware {
			mws[i] = m.Name
		}
		t.Routes = append(t.Routes, RouteJSON{
			Method: r.Method, Path: r.Path, Handler: r.Handler.Name,
			File: relPath(dir, p.Filename), Line: p.Line, Middleware: mws,
			Auth: r.Auth(), RateLimited: r.RateLimited(), Logged: r.Logged(),
		})
	}
	for _, u := range unresolved {
		p := fset.Position(u.Pos)
		t.Unresolved = append(t.Unresolved, UnresolvedJSON{File: relPath(dir, p.Filename), Line: p.Line, Reason: u.Reason})
	}
	sort.Slice(t.Unresolved, func(i, j int) bool {
		a, b := t.Unresolved[i], t.Unresolved[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return t
}

// relPath makes file relative to dir with forward slashes, or leaves it
// absolute when it lies outside.
func relPath(dir, file string) string {
	if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(file)
}

// WriteRoutesJSON writes the table as indented JSON.
func WriteRoutesJSON(w io.Writer, t RouteTable) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(t)
}

// WriteRoutesText writes the table a reviewer reads: one line per route with
// ✓/✗ per concern and the chain, then the unresolved registrations.
func WriteRoutesText(w io.Writer, t RouteTable, modulePath string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "METHOD\tPATH\tHANDLER\tAUTH\tRATE LIMIT\tLOG\tMIDDLEWARE\tREGISTERED")
	for _, r := range t.Routes {
		mws := make([]string, len(r.Middleware))
		for i, m := range r.Middleware {
			mws[i] = shortName(m, modulePath)
		}
		chain := strings.Join(mws, " → ")
		if chain == "" {
			chain = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s:%d\n", r.Method, r.Path, shortName(r.Handler, modulePath),
			mark(r.Auth), mark(r.RateLimited), mark(r.Logged), chain, r.File, r.Line)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d routes", len(t.Routes))
	if n := len(t.Unresolved); n > 0 {
		fmt.Fprintf(w, ", %d unresolved registrations (path or handler known only at run time):\n", n)
		for _, u := range t.Unresolved {
			fmt.Fprintf(w, "  %s:%d: %s\n", u.File, u.Line, u.Reason)
		}
		return nil
	}
	_, err := fmt.Fprintln(w)
	return err
}

func mark(b bool) string {
	if b {
		return "✓"
	}
	return "✗"
}

// shortName drops the module path from names of the module's own code and
// the directories of other packages: example.com/app/api.(*S).get → api.(*S).get.
func shortName(name, modulePath string) string {
	if strings.HasPrefix(name, "func literal") {
		return name
	}
	if modulePath != "" {
		name = strings.TrimPrefix(name, modulePath+"/")
	}
	dot := strings.Index(name, ".(")
	if dot < 0 {
		dot = strings.LastIndex(name, ".")
	}
	if dot < 0 {
		return name
	}
	if slash := strings.LastIndex(name[:dot], "/"); slash >= 0 {
		return name[slash+1:]
	}
	return name
}
