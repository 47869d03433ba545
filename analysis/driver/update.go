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

	"golang.org/x/tools/go/packages"
)

// ErrNeedLoad is returned by Update when an edit changes what the go
// command would report — a file outside the loaded packages, a new import,
// a changed package clause — so the caller must Load again.
var ErrNeedLoad = errors.New("package metadata changed, load again")

// Update returns a Program in which the files of overlay have the given
// contents (a nil content drops the file's overlay: the file on disk is read
// again). The packages holding these files and every source package that
// imports them, directly or not, are parsed and type-checked again, as new
// *packages.Package values, which Update also returns, dependencies first;
// the other packages are shared with p, types and all. The go command is
// not run; when an edit needs it, Update returns ErrNeedLoad. Pass the new
// Program to Result.Rerun to analyse only what changed.
func (p *Program) Update(ctx context.Context, overlay map[string][]byte) (*Program, []*packages.Package, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	next := &Program{Fset: p.Fset, cfg: p.cfg, imports: p.imports}
	next.cfg.Overlay = maps.Clone(p.cfg.Overlay)
	if next.cfg.Overlay == nil {
		next.cfg.Overlay = map[string][]byte{}
	}
	dirty := map[*node]bool{}
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
				dirty[m] = true
			}
		}
		dirty[n] = true
	}
	// Dependents of a dirty node are dirty; p.nodes has dependencies first.
	for _, n := range p.nodes {
		for _, d := range n.deps {
			if dirty[d] {
				dirty[n] = true
			}
		}
	}

	renewed := map[*node]*node{}
	var changed []*node
	for _, n := range p.nodes {
		if !dirty[n] {
			next.nodes = append(next.nodes, n)
			continue
		}
		pkg := *n.pkg // a copy: Results of p keep the old package
		pkg.Imports = maps.Clone(n.pkg.Imports)
		m := &node{pkg: &pkg, root: n.root, listErr: n.listErr}
		for _, d := range n.deps {
			if r, ok := renewed[d]; ok {
				for path, imp := range pkg.Imports {
					if imp == d.pkg {
						pkg.Imports[path] = r.pkg
					}
				}
				d = r
			}
			m.deps = append(m.deps, d)
		}
		renewed[n] = m
		next.nodes = append(next.nodes, m)
		changed = append(changed, m)
	}
	for _, n := range p.roots {
		if r, ok := renewed[n]; ok {
			n = r
		}
		next.roots = append(next.roots, n)
	}
	next.index(changed)
	next.check(changed)
	out := make([]*packages.Package, len(changed))
	for i, n := range changed {
		out[i] = n.pkg
	}
	return next, out, nil
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
