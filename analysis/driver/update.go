package driver

import (
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strconv"
	"sync"

	"golang.org/x/tools/go/packages"
)

// ErrNeedLoad is returned by Update when an edit changes what the go
// command would report — a file outside the loaded packages, a new import,
// a changed package clause — so the caller must Load again.
var ErrNeedLoad = errors.New("package metadata changed, load again")

// Update returns a Program in which the files of overlay have the given
// contents (a nil content drops the file's overlay: the file on disk is read
// again). The packages holding these files are parsed and type-checked
// again, as new *packages.Package values, and so is every source package
// that imports them, directly or not, unless what it sees of them — their
// export data, positions included — is unchanged: then it keeps its types
// (early cutoff; see doc.go). Update returns the packages it type-checked,
// dependencies first; the others are shared with p, types and all. The go
// command is not run; when an edit needs it, Update returns ErrNeedLoad.
// Pass the new Program to Result.Rerun to analyse only what changed.
func (p *Program) Update(ctx context.Context, overlay map[string][]byte) (*Program, []*packages.Package, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	next := &Program{Fset: p.Fset, cfg: p.cfg, imports: p.imports}
	next.cfg.Overlay = maps.Clone(p.cfg.Overlay)
	if next.cfg.Overlay == nil {
		next.cfg.Overlay = map[string][]byte{}
	}
	edited := map[*node]bool{}
	for _, name := range sortedKeys(overlay) {
		if overlay[name] == nil {
			delete(next.cfg.Overlay, name)
		} else {
			next.cfg.Overlay[name] = overlay[name]
		}
		n, ok := p.byFile[name]
		if !ok {
			return nil, nil, fmt.Errorf("%s is in no loaded package: %w", name, ErrNeedLoad)
		}
		if err := next.sameMetadata(n, name); err != nil {
			return nil, nil, err
		}
		for _, m := range p.nodes { // every variant holding the file
			if m.pkg.ID != n.pkg.ID && slices.Contains(m.pkg.CompiledGoFiles, name) {
				edited[m] = true
			}
		}
		edited[n] = true
	}
	renewed := next.rebuild(p.nodes, func(n, m *node) bool { return edited[n] || stale(n, m) }, nil)
	next.nodes, next.roots = p.replaced(renewed)
	next.index()
	var out []*packages.Package
	for _, n := range p.nodes {
		if m := renewed[n]; m != nil && m.pkg != n.pkg {
			out = append(out, m.pkg)
		}
	}
	return next, out, nil
}

// rebuild goes through nodes in dependency order, in parallel, and
// renews the nodes that recheck selects and every node depending on one:
// each gets a new node whose dependencies are the renewed ones. recheck
// sees each node as it was and as it is now (itself, or a renewal sharing
// its package when a dependency was renewed) and says whether the package
// must be type-checked again; if not, it keeps its types. Then done, if
// set, gets the node as it is now. The map holds the renewed nodes.
func (p *Program) rebuild(nodes []*node, recheck func(n, m *node) bool, done func(m *node)) map[*node]*node {
	var mu sync.Mutex
	renewed := map[*node]*node{}
	parallel(nodes, func(n *node) {
		m := n
		mu.Lock()
		for _, d := range n.deps {
			if _, ok := renewed[d]; ok {
				m = p.renew(n, renewed)
				break
			}
		}
		mu.Unlock()
		if recheck(n, m) {
			if m == n {
				mu.Lock()
				m = p.renew(n, renewed)
				mu.Unlock()
			}
			pkg := *n.pkg // a copy: Results of p keep the old package
			pkg.Imports = maps.Clone(n.pkg.Imports)
			for path, imp := range pkg.Imports {
				for _, d := range m.deps {
					if d.pkg.ID == imp.ID {
						pkg.Imports[path] = d.pkg
					}
				}
			}
			m.pkg = &pkg
			p.checkNode(m)
		}
		if m != n {
			mu.Lock()
			renewed[n] = m
			mu.Unlock()
		}
		if done != nil {
			done(m)
		}
	})
	return renewed
}

// renew returns a copy of n, sharing its package, whose dependencies are
// the renewed ones. The caller holds the lock of renewed.
func (p *Program) renew(n *node, renewed map[*node]*node) *node {
	m := &node{pkg: n.pkg, root: n.root, listErr: n.listErr, errs: n.errs, typeErr: n.typeErr,
		illTyped: n.illTyped, api: n.api, against: n.against, paths: n.paths, parsed: n.parsed}
	for _, d := range n.deps {
		if r, ok := renewed[d]; ok {
			d = r
		}
		m.deps = append(m.deps, d)
	}
	m.visible = visibleFrom(m)
	return m
}

// replaced returns p's nodes and roots with the renewed ones in place of
// those they renew.
func (p *Program) replaced(renewed map[*node]*node) (nodes, roots []*node) {
	swap := func(n *node) *node {
		if r, ok := renewed[n]; ok {
			return r
		}
		return n
	}
	nodes = make([]*node, len(p.nodes))
	for i, n := range p.nodes {
		nodes[i] = swap(n)
	}
	roots = make([]*node, len(p.roots))
	for i, n := range p.roots {
		roots[i] = swap(n)
	}
	return nodes, roots
}

// stale reports whether m, a renewal of n, sees a renewed source package
// whose API differs from the one n's types were checked against.
func stale(n, m *node) bool {
	for path, v := range m.visible {
		if v == m || v == n.visible[path] {
			continue
		}
		if k, ok := n.against[path]; !ok || !k.api.same(v.api) {
			return true
		}
	}
	return false
}

// sameMetadata returns ErrNeedLoad when file, with its new content, names a
// different package or imports a package n's metadata does not list.
func (p *Program) sameMetadata(n *node, file string) error {
	src, err := p.readFile(file)
	if err != nil {
		return fmt.Errorf("%s: %v: %w", file, err, ErrNeedLoad)
	}
	f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.ImportsOnly)
	if f == nil {
		return fmt.Errorf("%s: %v: %w", file, err, ErrNeedLoad)
	}
	if f.Name.Name != n.pkg.Name {
		return fmt.Errorf("%s: package %s, was %s: %w", file, f.Name.Name, n.pkg.Name, ErrNeedLoad)
	}
	for _, spec := range f.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue // a syntax error, reported when the file is parsed
		}
		if _, ok := n.pkg.Imports[path]; !ok && path != "unsafe" && path != "C" {
			return fmt.Errorf("%s: new import %q: %w", file, path, ErrNeedLoad)
		}
	}
	return nil
}
