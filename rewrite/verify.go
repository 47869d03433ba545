package rewrite

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// GofmtStable reports whether src is already in gofmt form.
func GofmtStable(src []byte) bool {
	out, err := format.Source(src)
	return err == nil && bytes.Equal(out, src)
}

// CommentsKept returns the comments of old that new lacks, each with its
// runs of white space collapsed to one space, in the order of old. A
// comment present twice in old must be present twice in new. Moving a
// comment is not losing it.
func CommentsKept(old, new []byte) []string {
	have := map[string]int{}
	for _, c := range comments(new) {
		have[c]++
	}
	var missing []string
	for _, c := range comments(old) {
		if have[c] > 0 {
			have[c]--
			continue
		}
		missing = append(missing, c)
	}
	return missing
}

func comments(src []byte) []string {
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("", -1, len(src)), src, nil, scanner.ScanComments)
	var out []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.COMMENT {
			out = append(out, strings.Join(strings.Fields(lit), " "))
		}
	}
}

// TypeCheck parses files (filename to content; together one package) and
// type-checks them as package pkgPath. A nil importer means an Importer
// rooted at the files' directory that sees files as an overlay, so the
// package may import other packages of its module and its module's
// dependencies. The error lists every parse and type error.
func TypeCheck(files map[string][]byte, pkgPath string, importer types.Importer) error {
	if len(files) == 0 {
		return fmt.Errorf("type-check %s: no files", pkgPath)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	fset := token.NewFileSet()
	var syntax []*ast.File
	var errs []error
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, files[name], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		syntax = append(syntax, f)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if importer == nil {
		dir, err := filepath.Abs(filepath.Dir(names[0]))
		if err != nil {
			return err
		}
		imp := NewImporter(dir, files)
		var paths []string
		for _, f := range syntax {
			for _, spec := range f.Imports {
				if p, err := strconv.Unquote(spec.Path.Value); err == nil && p != "C" && p != "unsafe" {
					paths = append(paths, p)
				}
			}
		}
		if err := imp.Load(paths...); err != nil {
			return err
		}
		importer = imp
	}
	conf := types.Config{
		Importer: importer,
		Error:    func(err error) { errs = append(errs, err) },
	}
	conf.Check(pkgPath, fset, syntax, nil)
	return errors.Join(errs...)
}

// Importer is a types.Importer that loads packages with go/packages from
// the module holding its directory, from export data, seeing an overlay of
// file contents instead of what is on disk.
type Importer struct {
	dir     string
	overlay map[string][]byte
	pkgs    map[string]*types.Package
}

// NewImporter returns an Importer working in dir. Overlay maps file names
// (made absolute against dir) to contents that replace, or add to, the
// files on disk.
func NewImporter(dir string, overlay map[string][]byte) *Importer {
	return &Importer{dir: dir, overlay: absOverlay(dir, overlay), pkgs: map[string]*types.Package{}}
}

// Load loads the packages at paths, and their dependencies, in one go;
// Import then answers from memory.
func (imp *Importer) Load(paths ...string) error {
	var todo []string
	for _, p := range paths {
		if _, ok := imp.pkgs[p]; !ok {
			todo = append(todo, p)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	cfg := &packages.Config{
		Mode:    packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps,
		Dir:     imp.dir,
		Overlay: imp.overlay,
	}
	roots, err := packages.Load(cfg, todo...)
	if err != nil {
		return fmt.Errorf("load %s: %w", strings.Join(todo, " "), err)
	}
	var errs []error
	packages.Visit(roots, nil, func(p *packages.Package) {
		if p.Types != nil && p.Types.Complete() {
			imp.pkgs[p.PkgPath] = p.Types
		}
	})
	for _, p := range roots {
		for _, e := range p.Errors {
			errs = append(errs, fmt.Errorf("import %s: %s", p.PkgPath, e.Msg))
		}
	}
	return errors.Join(errs...)
}

// Import implements types.Importer.
func (imp *Importer) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p, ok := imp.pkgs[path]; ok {
		return p, nil
	}
	if err := imp.Load(path); err != nil {
		return nil, err
	}
	if p, ok := imp.pkgs[path]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("package %s not found from %s", path, imp.dir)
}

// TypeCheckPackages loads the packages matching patterns in the module
// holding dir, with overlay replacing or adding file contents (a Result's
// Contents), type-checks them from source, and returns all their errors.
// A package that exists only in the overlay can be named by its directory.
func TypeCheckPackages(dir string, overlay map[string][]byte, patterns ...string) error {
	pkgs, err := load(dir, overlay, patterns...)
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range pkgs {
		for _, e := range p.Errors {
			errs = append(errs, errors.New(e.Error()))
		}
	}
	return errors.Join(errs...)
}

// Load loads and type-checks the packages matching patterns in the module
// holding dir, with overlay replacing or adding file contents, and returns
// them ready for Rewrite. Any package error fails the load.
func Load(dir string, overlay map[string][]byte, patterns ...string) ([]*Package, error) {
	pkgs, err := load(dir, overlay, patterns...)
	if err != nil {
		return nil, err
	}
	abs := absOverlay(dir, overlay)
	var out []*Package
	var errs []error
	for _, p := range pkgs {
		for _, e := range p.Errors {
			errs = append(errs, errors.New(e.Error()))
		}
		src := map[string][]byte{}
		for _, name := range p.CompiledGoFiles {
			if content, ok := abs[name]; ok {
				src[name] = content
				continue
			}
			content, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			src[name] = content
		}
		out = append(out, &Package{Fset: p.Fset, Files: p.Syntax, Types: p.Types, Info: p.TypesInfo, Src: src})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func load(dir string, overlay map[string][]byte, patterns ...string) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedSyntax |
			packages.NeedTypes | packages.NeedTypesInfo | packages.NeedImports,
		Dir:     dir,
		Overlay: absOverlay(dir, overlay),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", strings.Join(patterns, " "), err)
	}
	return pkgs, nil
}

func absOverlay(dir string, overlay map[string][]byte) map[string][]byte {
	if overlay == nil {
		return nil
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	out := make(map[string][]byte, len(overlay))
	for name, content := range overlay {
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		out[filepath.Clean(name)] = content
	}
	return out
}
