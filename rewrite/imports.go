package rewrite

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/dave/dst"
)

// AddImport makes path importable in file and returns the identifier that
// qualifies its names there: the existing name when file already imports
// path, "" when no qualifier is needed (path is the file's own package, or
// is dot-imported). Otherwise it adds an import spec, placed in the import
// group where goimports would put it, under a name chosen in this order:
// the alias other files of the package use for path, preferredName, the
// package's declared name. The name is made unique against the file's
// imports, the package's top-level names and every identifier of the file
// (adding a digit), and aliased only when it differs from the declared
// name. preferredName may be empty; the declared name comes from the
// package's import graph, the standard library, preferredName, or a guess
// from the path, in that order.
//
// Imports the transformation leaves unused are removed when the Result is
// computed, so adding one speculatively is harmless.
func (e *Editor) AddImport(file *dst.File, path, preferredName string) string {
	fs := e.byDst[file]
	if fs == nil {
		// A tree the Editor did not hand out: manage it all the same.
		fs = &fileState{dst: file, created: true, added: map[string]string{}, parens: map[*dst.GenDecl]bool{}}
		e.byDst[file] = fs
	}
	if fs.inPkg && path == e.pkg.Types.Path() {
		return ""
	}
	declared := e.packageName(path, preferredName)
	for _, spec := range importSpecs(file) {
		if importPath(spec) != path {
			continue
		}
		switch {
		case spec.Name == nil:
			return declared
		case spec.Name.Name == ".":
			return ""
		case spec.Name.Name != "_":
			return spec.Name.Name
		}
		// A blank import: give it a name, keeping its side effects.
		name := e.freeName(fs, e.projectAlias(path, preferredName, declared))
		spec.Name = nil
		if name != declared {
			spec.Name = dst.NewIdent(name)
		}
		fs.added[path] = declared
		return name
	}
	name := e.freeName(fs, e.projectAlias(path, preferredName, declared))
	spec := &dst.ImportSpec{Path: &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(path)}}
	if name != declared {
		spec.Name = dst.NewIdent(name)
	}
	insertImport(fs, file, spec)
	fs.added[path] = declared
	return name
}

// projectAlias returns the alias the package's files give path, if any,
// else preferred, else declared.
func (e *Editor) projectAlias(path, preferred, declared string) string {
	for _, f := range e.pkg.Files {
		for _, spec := range f.Imports {
			if spec.Name == nil || spec.Name.Name == "_" || spec.Name.Name == "." {
				continue
			}
			if p, err := strconv.Unquote(spec.Path.Value); err == nil && p == path {
				return spec.Name.Name
			}
		}
	}
	if preferred != "" {
		return preferred
	}
	return declared
}

// freeName returns want, or want with the smallest number appended from 2
// on, such that it clashes with no name in file's scope chain.
func (e *Editor) freeName(fs *fileState, want string) string {
	taken := map[string]bool{}
	for _, spec := range importSpecs(fs.dst) {
		taken[e.localName(fs, spec)] = true
	}
	if fs.inPkg {
		for _, n := range e.pkg.Types.Scope().Names() {
			taken[n] = true
		}
	}
	// Any identifier of the file might be a local that would shadow the
	// import where the transformation uses it; treat them all as taken.
	dst.Inspect(fs.dst, func(n dst.Node) bool {
		switch n := n.(type) {
		case *dst.SelectorExpr:
			dst.Inspect(n.X, func(n dst.Node) bool {
				if id, ok := n.(*dst.Ident); ok {
					taken[id.Name] = true
				}
				return true
			})
			return false
		case *dst.ImportSpec:
			return false
		case *dst.Ident:
			if n != fs.dst.Name {
				taken[n.Name] = true
			}
		}
		return true
	})
	if !token.IsIdentifier(want) || want == "_" {
		want = "pkg"
	}
	name := want
	for i := 2; taken[name] || types.Universe.Lookup(name) != nil; i++ {
		name = want + strconv.Itoa(i)
	}
	return name
}

// packageName returns the name path's package declares.
func (e *Editor) packageName(path, hint string) string {
	if e.names == nil {
		e.names = map[string]string{}
		seen := map[*types.Package]bool{}
		var walk func(p *types.Package)
		walk = func(p *types.Package) {
			if seen[p] {
				return
			}
			seen[p] = true
			e.names[p.Path()] = p.Name()
			for _, q := range p.Imports() {
				walk(q)
			}
		}
		walk(e.pkg.Types)
	}
	if name, ok := e.names[path]; ok {
		return name
	}
	name := ""
	if first, _, _ := strings.Cut(path, "/"); !strings.Contains(first, ".") {
		if bp, err := build.Default.Import(path, "", 0); err == nil && bp.Goroot {
			name = bp.Name
		}
	}
	if name == "" {
		name = hint
	}
	if name == "" {
		name = guessName(path)
	}
	e.names[path] = name
	return name
}

// guessName guesses a package's name from its import path the way goimports
// does: the last element, without a major-version element, a "go-" prefix,
// a ".go" or "-go" suffix, or a ".vN" suffix, keeping identifier characters.
func guessName(path string) string {
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && isMajorVersion(last) {
		last = elems[len(elems)-2]
	}
	last = strings.TrimPrefix(last, "go-")
	last = strings.TrimSuffix(strings.TrimSuffix(last, ".go"), "-go")
	if i := strings.Index(last, ".v"); i > 0 {
		last = last[:i]
	}
	var b strings.Builder
	for _, r := range last {
		if r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || b.Len() > 0 && '0' <= r && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "pkg"
	}
	return b.String()
}

func isMajorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	_, err := strconv.Atoi(s[1:])
	return err == nil
}

// localName returns the name an import spec of fs binds, "" for blank and
// dot imports.
func (e *Editor) localName(fs *fileState, spec *dst.ImportSpec) string {
	if spec.Name != nil {
		if spec.Name.Name == "_" || spec.Name.Name == "." {
			return ""
		}
		return spec.Name.Name
	}
	if as, ok := e.Ast(spec).(*ast.ImportSpec); ok {
		if pn := e.pkg.Info.PkgNameOf(as); pn != nil {
			return pn.Imported().Name()
		}
	}
	path := importPath(spec)
	if name, ok := fs.added[path]; ok {
		return name
	}
	return e.packageName(path, "")
}

// pruneImports removes the imports of fs that the transformation left
// unused. An import the original already left unused, a blank or dot
// import, and "C" stay.
func (e *Editor) pruneImports(fs *fileState) {
	type use struct{ path, name string }
	qualifier := func(id *ast.Ident) (use, bool) {
		pn, ok := e.pkg.Info.Uses[id].(*types.PkgName)
		if !ok {
			return use{}, false
		}
		return use{pn.Imported().Path(), pn.Name()}, true
	}
	usedBefore := map[use]bool{}
	if fs.ast != nil {
		ast.Inspect(fs.ast, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					if u, ok := qualifier(id); ok {
						usedBefore[u] = true
					}
				}
			}
			return true
		})
	}
	// Qualifiers in the tree now: old idents by their object, new ones by name.
	usedNow := map[use]bool{}
	newQual := map[string]bool{}
	dst.Inspect(fs.dst, func(n dst.Node) bool {
		sel, ok := n.(*dst.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*dst.Ident)
		if !ok {
			return true
		}
		if a, ok := e.Ast(id).(*ast.Ident); ok {
			if u, ok := qualifier(a); ok {
				usedNow[u] = true
			}
			return true
		}
		newQual[id.Name] = true
		return true
	})
	unused := func(spec *dst.ImportSpec) bool {
		path := importPath(spec)
		if path == "C" || spec.Name != nil && (spec.Name.Name == "_" || spec.Name.Name == ".") {
			return false
		}
		u := use{path, e.localName(fs, spec)}
		if _, old := e.Ast(spec).(*ast.ImportSpec); old && !usedBefore[u] {
			return false // unused or unknown in the original: not ours to fix
		}
		return !usedNow[u] && !newQual[u.name]
	}
	var decls []dst.Decl
	for _, d := range fs.dst.Decls {
		gd, ok := d.(*dst.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			decls = append(decls, d)
			continue
		}
		var kept []dst.Spec
		for _, s := range gd.Specs {
			if !unused(s.(*dst.ImportSpec)) {
				kept = append(kept, s)
			}
		}
		if len(kept) == 0 {
			continue
		}
		if len(kept) != len(gd.Specs) {
			normalizeSpacing(gd)
			first := gd.Specs[0].Decorations().Before
			blank := false // a removed spec opened a group: the next kept one opens it
			for _, s := range gd.Specs {
				d := s.Decorations()
				if unused(s.(*dst.ImportSpec)) {
					blank = blank || d.Before == dst.EmptyLine
					continue
				}
				if blank {
					d.Before = dst.EmptyLine
					blank = false
				}
			}
			kept[0].Decorations().Before = first
			gd.Specs = kept
		}
		if len(gd.Specs) == 1 && (fs.created || fs.parens[gd]) {
			// goimports's form for a new file, or as the original had it.
			gd.Lparen, gd.Rparen = false, false
		}
		decls = append(decls, gd)
	}
	fs.dst.Decls = decls
}

// normalizeSpacing moves every blank line between two import specs to the
// Before of the second, so that group starts are found in one place.
func normalizeSpacing(gd *dst.GenDecl) {
	for i := 1; i < len(gd.Specs); i++ {
		prev, next := gd.Specs[i-1].Decorations(), gd.Specs[i].Decorations()
		if prev.After == dst.EmptyLine {
			prev.After = dst.NewLine
			next.Before = dst.EmptyLine
		}
	}
}

func importSpecs(f *dst.File) []*dst.ImportSpec {
	var out []*dst.ImportSpec
	for _, d := range f.Decls {
		gd, ok := d.(*dst.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, s := range gd.Specs {
			out = append(out, s.(*dst.ImportSpec))
		}
	}
	return out
}

func importPath(spec *dst.ImportSpec) string {
	p, err := strconv.Unquote(spec.Path.Value)
	if err != nil {
		return spec.Path.Value
	}
	return p
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// insertImport adds spec to file's first import declaration (creating one
// after the package clause, or after a lone import "C", when there is none),
// in the blank-line separated group holding similar paths: standard library
// with standard library, others with the group sharing the longest path
// prefix, and a new group when none fits.
func insertImport(fs *fileState, file *dst.File, spec *dst.ImportSpec) {
	var decl *dst.GenDecl
	at := 0 // where a new declaration goes
	for i, d := range file.Decls {
		gd, ok := d.(*dst.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break
		}
		if len(gd.Specs) == 1 && importPath(gd.Specs[0].(*dst.ImportSpec)) == "C" {
			at = i + 1
			continue
		}
		decl = gd
		break
	}
	if decl == nil {
		spec.Decs.Before = dst.NewLine
		gd := &dst.GenDecl{Tok: token.IMPORT, Specs: []dst.Spec{spec}}
		gd.Decs.Before = dst.EmptyLine
		gd.Decs.After = dst.EmptyLine
		file.Decls = append(file.Decls[:at], append([]dst.Decl{gd}, file.Decls[at:]...)...)
		return
	}
	if !decl.Lparen {
		decl.Lparen, decl.Rparen = true, true
		fs.parens[decl] = true
		// The blank line after a lone import belongs after the block, not
		// inside it once more imports follow the spec.
		for _, s := range decl.Specs {
			if s.Decorations().After == dst.EmptyLine {
				s.Decorations().After = dst.NewLine
				decl.Decs.After = dst.EmptyLine
			}
		}
	}
	normalizeSpacing(decl)

	// Split into groups: a spec preceded by a blank line starts one.
	type group struct{ start, end int }
	var groups []group
	for i, s := range decl.Specs {
		if i == 0 || s.Decorations().Before == dst.EmptyLine {
			groups = append(groups, group{i, i})
		}
		groups[len(groups)-1].end = i + 1
	}
	path := importPath(spec)
	best, bestScore := -1, 0
	for gi, g := range groups {
		score := 0
		for _, s := range decl.Specs[g.start:g.end] {
			p := importPath(s.(*dst.ImportSpec))
			if isStd(p) != isStd(path) {
				continue
			}
			if isStd(path) {
				score++
			} else {
				score = max(score, 1+commonSegments(p, path)*1000)
			}
		}
		if score > bestScore {
			best, bestScore = gi, score
		}
	}
	spec.Decs.Before = dst.NewLine
	spec.Decs.After = dst.NewLine
	if best < 0 {
		// A new group: the standard library's first, others last.
		spec.Decs.Before = dst.EmptyLine
		if isStd(path) {
			decl.Specs[0].Decorations().Before = dst.EmptyLine
			spec.Decs.Before = dst.NewLine
			decl.Specs = append([]dst.Spec{spec}, decl.Specs...)
		} else {
			decl.Specs = append(decl.Specs, spec)
		}
		return
	}
	g := groups[best]
	i := g.start
	for i < g.end && importPath(decl.Specs[i].(*dst.ImportSpec)) < path {
		i++
	}
	if i == g.start && i < g.end {
		// New head of its group: take over the group's leading space.
		spec.Decs.Before = decl.Specs[i].Decorations().Before
		decl.Specs[i].Decorations().Before = dst.NewLine
	}
	decl.Specs = append(decl.Specs[:i], append([]dst.Spec{spec}, decl.Specs[i:]...)...)
}

// commonSegments counts the leading path elements a and b share.
func commonSegments(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	return n
}
