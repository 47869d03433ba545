package driver

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// LoadConfig says what to load.
type LoadConfig struct {
	Dir      string            // directory the patterns are relative to; "" means the current one
	Patterns []string          // package patterns; none means ./...
	Overlay  map[string][]byte // file contents that replace what is on disk, keyed by absolute path
	Tests    bool              // also load test variants and external test packages
	Env      []string          // environment of the go command; nil means os.Environ()
}

// Program is a loaded, type-checked set of packages: the matched packages and
// the packages of the main module(s) they depend on, from source; everything
// else from export data. A Program is immutable; Update returns a new one.
type Program struct {
	Fset *token.FileSet

	cfg     LoadConfig
	nodes   []*node          // source packages, dependencies before dependents
	roots   []*node          // matched packages, sorted by ID
	byFile  map[string]*node // compiled Go file → the first package holding it
	imports *exportImporter

	filesOnce sync.Once
	files     currentFiles // built on first use by Current
}

// node is one source package of a Program.
type node struct {
	pkg     *packages.Package
	root    bool
	deps    []*node          // direct source dependencies
	visible map[string]*node // package path → this node or a transitive source dependency
	listErr []packages.Error // errors go list reported
	errs    []packages.Error // errors of this package alone (list, parse, type)
	typeErr []types.Error    // the type checker's errors, for Pass.TypeErrors
	// illTyped says why analysis of this package cannot trust its types, or "".
	illTyped string
	// api fingerprints what dependents see of the package (cutoff.go);
	// against holds, by package path, each visible source package as it
	// was when this package was type-checked.
	api     apiKey
	against map[string]checkedAgainst
	paths   *objectPaths          // of pkg.Types
	parsed  map[string]parsedFile // the files that parsed without errors, by name
	// bodiesOnly: the last check re-parsed files that changed only inside
	// function bodies (checkOne).
	bodiesOnly bool
}

// parsedFile is a file's syntax and a hash of the source it was parsed
// from, whole and outside its function bodies (skeletonOf).
type parsedFile struct {
	sum, skeleton [sha256.Size]byte
	file          *ast.File
}

// checkedAgainst is a dependency as a package was type-checked against it.
type checkedAgainst struct {
	api   apiKey
	types *types.Package
}

// PackageError is a load, parse or type error of a source package.
type PackageError struct {
	Package *packages.Package
	packages.Error
}

// metaMode lists the package graph without types; go list compiles nothing.
const metaMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes

// parseMode is what go/packages uses, less object resolution, which no
// analyzer of ours reads (ast.Object is deprecated) and which costs time.
const parseMode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution

// Load lists the packages matching cfg.Patterns and type-checks them and the
// main-module packages they import from source. Packages with errors are kept
// (see Errors); the error result is for failures of the go command itself.
func Load(ctx context.Context, cfg LoadConfig) (*Program, error) {
	patterns := cfg.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	meta, err := packages.Load(&packages.Config{
		Context: ctx, Mode: metaMode, Dir: cfg.Dir, Env: cfg.Env, Tests: cfg.Tests, Overlay: cfg.Overlay,
	}, patterns...)
	if err != nil {
		return nil, fmt.Errorf("list packages: %w", err)
	}
	p := &Program{Fset: token.NewFileSet(), cfg: cfg, byFile: map[string]*node{}}
	byID := map[string]*node{}
	var visit func(pkg *packages.Package, root bool) *node
	visit = func(pkg *packages.Package, root bool) *node {
		if n, ok := byID[pkg.ID]; ok {
			n.root = n.root || root
			return n
		}
		if !root && (pkg.Module == nil || !pkg.Module.Main) {
			return nil // from export data
		}
		n := &node{pkg: pkg, root: root, listErr: pkg.Errors}
		byID[pkg.ID] = n
		for _, path := range sortedKeys(pkg.Imports) {
			if d := visit(pkg.Imports[path], false); d != nil && !slices.Contains(n.deps, d) {
				n.deps = append(n.deps, d)
			}
		}
		p.nodes = append(p.nodes, n) // post-order: dependencies first
		return n
	}
	sort.Slice(meta, func(i, j int) bool { return meta[i].ID < meta[j].ID })
	for _, pkg := range meta {
		if isTestMain(pkg) {
			continue
		}
		p.roots = append(p.roots, visit(pkg, true))
	}
	for _, n := range p.nodes { // dependencies first
		n.visible = visibleFrom(n)
	}
	p.index()

	p.imports, err = newExportImporter(ctx, cfg, p.Fset, p.nodes)
	if err != nil {
		return nil, err
	}
	parallel(p.nodes, p.checkNode)
	return p, nil
}

// visibleFrom returns the packages n sees: itself and, by package path,
// its source dependencies, directly or not, whose visible sets are final.
func visibleFrom(n *node) map[string]*node {
	vis := map[string]*node{n.pkg.PkgPath: n}
	for _, d := range n.deps {
		for path, v := range d.visible {
			vis[path] = v
		}
	}
	return vis
}

// index records the files of all of p's nodes.
func (p *Program) index() {
	p.byFile = map[string]*node{}
	for _, n := range p.nodes {
		for _, f := range n.pkg.CompiledGoFiles {
			if _, ok := p.byFile[f]; !ok {
				p.byFile[f] = n
			}
		}
	}
}

// isTestMain reports whether pkg is the generated main package of a test
// binary, which holds nothing to analyse.
func isTestMain(pkg *packages.Package) bool {
	return pkg.Name == "main" && strings.HasSuffix(pkg.ID, ".test")
}

// checkNode parses and type-checks n, whose source dependencies are
// final, and records what its dependents need to know of the outcome.
func (p *Program) checkNode(n *node) {
	p.checkOne(n)
	n.illTyped = ""
	if len(n.errs) > 0 {
		n.illTyped = "package has errors"
	} else {
		for _, d := range n.deps {
			if d.illTyped != "" {
				n.illTyped = "dependency " + d.pkg.PkgPath + " has errors"
				break
			}
		}
	}
	n.pkg.IllTyped = n.illTyped != ""
	n.paths = newObjectPaths(n.pkg.Types)
	if !n.bodiesOnly || !n.api.ok || n.illTyped != "" || !n.againstCurrent() {
		n.api = apiOf(p.Fset, n)
	} // else only function bodies changed, against the same dependencies: the same export data
	n.against = make(map[string]checkedAgainst, len(n.visible))
	for path, v := range n.visible {
		if v != n {
			n.against[path] = checkedAgainst{v.api, v.pkg.Types}
		}
	}
}

// againstCurrent reports whether the packages n sees are the very ones
// (the same types) it was last type-checked against.
func (n *node) againstCurrent() bool {
	if len(n.against) != len(n.visible)-1 {
		return false
	}
	for path, v := range n.visible {
		if v == n {
			continue
		}
		if a, ok := n.against[path]; !ok || a.types != v.pkg.Types {
			return false
		}
	}
	return true
}

// current reports whether n was type-checked against the packages it sees
// now, not earlier versions of them with the same API.
func (n *node) current() bool {
	for path, v := range n.visible {
		if v != n && n.against[path].types != v.pkg.Types {
			return false
		}
	}
	return true
}

func (p *Program) checkOne(n *node) {
	pkg := n.pkg
	n.errs = slices.Clone(n.listErr)
	n.typeErr = nil
	pkg.Fset = p.Fset
	pkg.Syntax = make([]*ast.File, 0, len(pkg.CompiledGoFiles))
	before := n.parsed
	n.parsed = make(map[string]parsedFile, len(pkg.CompiledGoFiles))
	// bodiesOnly: every file parsed as before, or changed inside function
	// bodies only (checkNode may then keep the export hash).
	n.bodiesOnly = len(before) == len(pkg.CompiledGoFiles)
	for _, name := range pkg.CompiledGoFiles {
		src, err := p.readFile(name)
		if err != nil {
			n.errs = append(n.errs, packages.Error{Pos: name, Msg: err.Error(), Kind: packages.ParseError})
			continue
		}
		// A file whose content did not change since the last check keeps
		// its syntax tree (go/types does not modify it; analyzers must
		// not): no parse, no new token.File.
		sum := sha256.Sum256(src)
		if old, ok := before[name]; ok && old.sum == sum {
			n.parsed[name] = old
			pkg.Syntax = append(pkg.Syntax, old.file)
			continue
		}
		f, err := parser.ParseFile(p.Fset, name, src, parseMode)
		if err == nil {
			pf := parsedFile{sum: sum, skeleton: skeletonOf(p.Fset, f, src), file: f}
			n.parsed[name] = pf
			if old, ok := before[name]; !ok || old.skeleton != pf.skeleton {
				n.bodiesOnly = false
			}
		} else {
			n.bodiesOnly = false
		}
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				n.errs = append(n.errs, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		} else if err != nil {
			n.errs = append(n.errs, packages.Error{Pos: name, Msg: err.Error(), Kind: packages.ParseError})
		}
		if f != nil {
			pkg.Syntax = append(pkg.Syntax, f)
		}
	}
	// A package checked again has about as many entries as last time:
	// sizing the maps for them saves growing them while checking.
	var was types.Info
	if pkg.TypesInfo != nil {
		was = *pkg.TypesInfo
	}
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue, len(was.Types)),
		Defs:         make(map[*ast.Ident]types.Object, len(was.Defs)),
		Uses:         make(map[*ast.Ident]types.Object, len(was.Uses)),
		Implicits:    make(map[ast.Node]types.Object, len(was.Implicits)),
		Instances:    make(map[*ast.Ident]types.Instance, len(was.Instances)),
		Scopes:       make(map[ast.Node]*types.Scope, len(was.Scopes)),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection, len(was.Selections)),
		FileVersions: make(map[*ast.File]string, len(pkg.CompiledGoFiles)),
	}
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) { return p.importFor(n, path) }),
		Sizes:    pkg.TypesSizes,
		Error: func(err error) {
			var te types.Error
			if errors.As(err, &te) {
				n.typeErr = append(n.typeErr, te)
				n.errs = append(n.errs, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
			}
		},
	}
	if pkg.Module != nil && pkg.Module.GoVersion != "" {
		conf.GoVersion = "go" + pkg.Module.GoVersion
	}
	pkg.Types, _ = conf.Check(pkg.PkgPath, p.Fset, pkg.Syntax, info) // errors went to conf.Error
	pkg.TypesInfo = info
	pkg.Errors = n.errs
}

// importFor resolves path as written in n's files.
func (p *Program) importFor(n *node, path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	dep, ok := n.pkg.Imports[path]
	if !ok {
		return nil, fmt.Errorf("package %s is not among the imports go list reported for %s", path, n.pkg.ID)
	}
	for _, d := range n.deps {
		if d.pkg == dep {
			return d.pkg.Types, nil
		}
	}
	return p.imports.load(dep)
}

// readFile returns the overlay content of name, or the file on disk.
func (p *Program) readFile(name string) ([]byte, error) {
	if src, ok := p.cfg.Overlay[name]; ok {
		return src, nil
	}
	return os.ReadFile(name)
}

// Packages returns the matched packages, sorted by ID.
func (p *Program) Packages() []*packages.Package {
	out := make([]*packages.Package, len(p.roots))
	for i, n := range p.roots {
		out[i] = n.pkg
	}
	return out
}

// SourcePackages returns every package type-checked from source — the
// matched ones and the main-module packages they import — dependencies first.
func (p *Program) SourcePackages() []*packages.Package {
	out := make([]*packages.Package, len(p.nodes))
	for i, n := range p.nodes {
		out[i] = n.pkg
	}
	return out
}

// Errors returns the list, parse and type errors of every source package,
// in dependency order and, within a package, in the order they were found.
func (p *Program) Errors() []PackageError {
	var out []PackageError
	for _, n := range p.nodes {
		for _, e := range n.errs {
			out = append(out, PackageError{Package: n.pkg, Error: e})
		}
	}
	return out
}

// exportImporter reads the export data of packages not loaded from source.
// One map of types.Packages is shared by every source package, so a type
// from the standard library is the same object wherever it is seen.
type exportImporter struct {
	fset  *token.FileSet
	mu    sync.Mutex
	files map[string]string // package ID → export file
	errs  map[string]string // package ID → why it has no export data
	pkgs  map[string]*types.Package
}

// newExportImporter asks the go command for the export data of the
// packages that source packages import but that are not source packages.
// The go command builds them (or takes them from its build cache); it never
// compiles the source packages themselves.
func newExportImporter(ctx context.Context, cfg LoadConfig, fset *token.FileSet, nodes []*node) (*exportImporter, error) {
	imp := &exportImporter{fset: fset, files: map[string]string{}, errs: map[string]string{}, pkgs: map[string]*types.Package{}}
	source := map[*packages.Package]bool{}
	for _, n := range nodes {
		source[n.pkg] = true
	}
	want := map[string]bool{}
	for _, n := range nodes {
		for _, dep := range n.pkg.Imports {
			if !source[dep] && dep.ID != "unsafe" {
				want[dep.ID] = true
			}
		}
	}
	if len(want) == 0 {
		return imp, nil
	}
	ext, err := packages.Load(&packages.Config{
		Context: ctx, Mode: packages.NeedName | packages.NeedExportFile, Dir: cfg.Dir, Env: cfg.Env, Overlay: cfg.Overlay,
	}, sortedKeys(want)...)
	if err != nil {
		return nil, fmt.Errorf("list dependencies: %w", err)
	}
	for _, pkg := range ext {
		switch {
		case pkg.ExportFile != "":
			imp.files[pkg.ID] = pkg.ExportFile
		case len(pkg.Errors) > 0:
			imp.errs[pkg.ID] = pkg.Errors[0].Msg
		}
	}
	return imp, nil
}

func (imp *exportImporter) load(dep *packages.Package) (*types.Package, error) {
	imp.mu.Lock()
	defer imp.mu.Unlock()
	if pkg := imp.pkgs[dep.PkgPath]; pkg != nil && pkg.Complete() {
		return pkg, nil
	}
	file, ok := imp.files[dep.ID]
	if !ok {
		if msg := imp.errs[dep.ID]; msg != "" {
			return nil, fmt.Errorf("no export data for %s: %s", dep.ID, msg)
		}
		return nil, fmt.Errorf("no export data for %s", dep.ID)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read export data for %s: %w", dep.ID, err)
	}
	pkg, err := gcexportdata.Read(r, imp.fset, imp.pkgs, dep.PkgPath)
	if err != nil {
		return nil, fmt.Errorf("read export data for %s: %w", dep.ID, err)
	}
	dep.Types = pkg
	return pkg, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// parallel calls f for every node, each after f returned for the node's
// dependencies that are among nodes, at most GOMAXPROCS at a time.
func parallel(nodes []*node, f func(*node)) {
	done := make(map[*node]chan struct{}, len(nodes))
	for _, n := range nodes {
		done[n] = make(chan struct{})
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[n])
			for _, d := range n.deps {
				if ch, ok := done[d]; ok {
					<-ch
				}
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			f(n)
		}()
	}
	wg.Wait()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
