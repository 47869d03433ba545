// Package findings turns what the analyzers reported into Findings placed
// where a developer reads them. Place moves a route-level diagnostic from
// where its analyzer saw it (a registration, the call that built a router)
// to the handler or router it is about, honours suppressions at both
// places, drops excluded files and rules that are off, and names the
// routes of the handler each finding is in. prodready check and the
// language server both place findings with it, so they agree.
package findings

import (
	"go/ast"
	"go/token"
	"maps"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"

	"github.com/prodready/prodready/analysis/authn"
	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/analysis/httpmodel"
	"github.com/prodready/prodready/analysis/rules"
	"github.com/prodready/prodready/analysis/suppress"
)

// A Finding is a diagnostic as a developer sees it. Its positions are in
// the current parse of their files (driver.Program.Current).
type Finding struct {
	Rule     string
	Message  string
	Severity rules.Severity
	Pos, End token.Pos // where it is shown
	// Related: for a moved finding, where its analyzer reported it first,
	// then the analyzer's other related information.
	Related []analysis.RelatedInformation
	// Route names the routes of the handler the finding is in
	// ("GET /tasks/{id}, PUT /tasks/{id}"), when Options.Routes is set.
	Route string
	// Diagnostic is what the analyzer reported, positions as it reported
	// them (to find the finding's fixes); nil for a problem with a
	// suppression comment.
	Diagnostic *driver.Diagnostic
}

// Options says which findings Place keeps.
type Options struct {
	// Config returns the configuration of the files in a directory; nil
	// means config.ForDir, with an invalid file counting as the defaults
	// (the config analyzer reports it). Place asks once per directory.
	Config func(dir string) *config.Config
	// Severity returns a rule's severity under cfg; nil means
	// cfg.Severity. A rule that is off has no findings.
	Severity func(cfg *config.Config, rule string) rules.Severity
	// Routes asks for Finding.Route.
	Routes bool
	// Cache, if set, keeps work for the next call (see Cache).
	Cache *Cache
}

// Place returns the findings of the packages res matched: their
// diagnostics, placed, then the problems of their suppression comments
// (a suppression without a reason, or one that suppresses nothing).
// Packages that could not be analysed (driver: IllTyped) have none.
// Diagnostics come package by package, in the order of res.ByPackage; one
// shown at the same place with the same rule and message as an earlier
// one is left out.
func Place(res *driver.Result, opts Options) []Finding {
	if c := opts.Cache; c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.begin()
	}
	pl := newPlacer(res, opts)
	var out []Finding
	type shown struct {
		rule, message string
		at            token.Position
	}
	seen := map[shown]bool{}
	for _, pd := range res.ByPackage() {
		locs := pl.located(pd)
		for i := range locs {
			l := &locs[i]
			f, ok := pl.show(l)
			if !ok {
				continue
			}
			key := shown{f.Rule, f.Message, l.at}
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, f)
		}
	}
	for _, pkg := range res.Packages() {
		if pkg.IllTyped || len(pkg.Syntax) == 0 {
			continue
		}
		cfg := pl.config(pl.fset.Position(pkg.Syntax[0].Pos()).Filename)
		checked := func(rule string) bool { return pl.severity(cfg, rule) != rules.SeverityOff }
		for _, p := range pl.index(pkg).Problems(checked) {
			cfg := pl.config(p.Position.Filename)
			sev := pl.severity(cfg, p.Rule)
			if sev == rules.SeverityOff || cfg.ExcludedFile(p.Position.Filename) {
				continue
			}
			out = append(out, Finding{Rule: p.Rule, Message: p.Message, Severity: sev, Pos: p.Pos, End: p.End})
		}
	}
	if opts.Cache != nil {
		opts.Cache.end()
	}
	return out
}

// A Cache keeps what Place worked out about the diagnostics of packages
// whose outcome a later Result kept (driver.Result.Rerun), and the
// suppression comments and configuration of unchanged packages, so that
// an edit costs a placement of the diagnostics it changed only. Use one
// Cache for one sequence of Results whose configuration files did not
// change; the severities Options.Severity gives may change between calls.
// The zero Cache is ready to use.
type Cache struct {
	mu      sync.Mutex
	outcome map[any]*located
	indexes map[*packages.Package]*suppress.Index
	configs map[string]*config.Config
	used    map[any]bool // outcomes this call of Place used
	usedIx  map[*packages.Package]bool
}

func (c *Cache) begin() {
	if c.outcome == nil {
		c.outcome, c.indexes, c.configs = map[any]*located{}, map[*packages.Package]*suppress.Index{}, map[string]*config.Config{}
	}
	c.used, c.usedIx = map[any]bool{}, map[*packages.Package]bool{}
	for _, ix := range c.indexes {
		ix.ResetUse()
	}
}

// end forgets the packages this call did not see.
func (c *Cache) end() {
	maps.DeleteFunc(c.outcome, func(k any, _ *located) bool { return !c.used[k] })
	maps.DeleteFunc(c.indexes, func(k *packages.Package, _ *suppress.Index) bool { return !c.usedIx[k] })
	c.used, c.usedIx = nil, nil
}

// located is the placement of one package's diagnostics, and the syntax
// of every file it read: it holds while those files are unchanged.
type located struct {
	loc   []location
	files map[string]*ast.File
}

// location is a diagnostic moved to where it is shown, before the
// severities and suppressions that decide whether it is.
type location struct {
	f            Finding // Route and Severity unset
	at, reported token.Position
	moved        bool
	cfg          *config.Config
	pkg          *packages.Package // that reported it
}

// placer holds what Place computes once per call.
type placer struct {
	opts    Options
	prog    *driver.Program
	fset    *token.FileSet
	configs map[string]*config.Config // by directory
	indexes map[*packages.Package]*suppress.Index
	files   map[*token.File]fileOf       // current files of the matched packages
	byName  map[string]*packages.Package // file → the first matched package holding it
	syntax  map[string]*ast.File         // file → its current syntax, in any source package
	routes  map[token.Pos][]string       // handler declaration → its routes
}

type fileOf struct {
	pkg  *packages.Package
	file *ast.File
}

func newPlacer(res *driver.Result, opts Options) *placer {
	prog := res.Program()
	pl := &placer{
		opts: opts, prog: prog, fset: prog.Fset,
		configs: map[string]*config.Config{}, indexes: map[*packages.Package]*suppress.Index{},
		files: map[*token.File]fileOf{}, byName: map[string]*packages.Package{}, syntax: map[string]*ast.File{},
	}
	if c := opts.Cache; c != nil {
		pl.configs = c.configs // the caller holds c.mu
	}
	for _, pkg := range res.Packages() {
		for _, f := range pkg.Syntax {
			tf := pl.fset.File(f.FileStart)
			if tf == nil {
				continue
			}
			pl.files[tf] = fileOf{pkg, f}
			if _, ok := pl.byName[tf.Name()]; !ok {
				pl.byName[tf.Name()] = pkg
			}
		}
	}
	if opts.Cache != nil {
		for _, pkg := range prog.SourcePackages() {
			for _, f := range pkg.Syntax {
				if tf := pl.fset.File(f.FileStart); tf != nil {
					if _, ok := pl.syntax[tf.Name()]; !ok {
						pl.syntax[tf.Name()] = f
					}
				}
			}
		}
	}
	if opts.Routes {
		routes, _ := Routes(res)
		pl.routes = map[token.Pos][]string{}
		for _, r := range routes {
			if pos := prog.Current(r.Handler.Pos); pos.IsValid() {
				pl.routes[pos] = append(pl.routes[pos], r.String())
			}
		}
		for _, v := range pl.routes {
			sort.Strings(v)
		}
	}
	return pl
}

func (pl *placer) config(filename string) *config.Config {
	dir := filepath.Dir(filename)
	cfg, ok := pl.configs[dir]
	if !ok {
		if pl.opts.Config != nil {
			cfg = pl.opts.Config(dir)
		} else if c, err := config.ForDir(dir); err == nil {
			cfg = c
		}
		pl.configs[dir] = cfg
	}
	return cfg
}

func (pl *placer) severity(cfg *config.Config, rule string) rules.Severity {
	if pl.opts.Severity != nil {
		return pl.opts.Severity(cfg, rule)
	}
	return cfg.Severity(rule)
}

func (pl *placer) index(pkg *packages.Package) *suppress.Index {
	ix, ok := pl.indexes[pkg]
	if ok {
		return ix
	}
	if c := pl.opts.Cache; c != nil {
		c.usedIx[pkg] = true
		if ix, ok = c.indexes[pkg]; !ok {
			ix = suppress.Parse(pl.fset, pkg.Syntax)
			c.indexes[pkg] = ix
		}
	} else {
		ix = suppress.Parse(pl.fset, pkg.Syntax)
	}
	pl.indexes[pkg] = ix
	return ix
}

// located returns the locations of a package's diagnostics: those of the
// cache when the package's outcome and every file they read are as they
// were, else computed (and cached).
func (pl *placer) located(pd driver.PackageDiagnostics) []location {
	c := pl.opts.Cache
	if c != nil {
		c.used[pd.Outcome] = true
		if l, ok := c.outcome[pd.Outcome]; ok && pl.unchanged(l.files) {
			return l.loc
		}
	}
	var l located
	if c != nil {
		l.files = map[string]*ast.File{}
	}
	read := func(pos token.Pos) {
		if l.files != nil && pos.IsValid() {
			name := pl.fset.File(pos).Name()
			l.files[name] = pl.syntax[name]
		}
	}
	for _, d := range pd.Diagnostics {
		if d.Package.IllTyped || d.Category == "" {
			continue
		}
		read(d.Pos)
		read(d.End)
		for _, r := range d.Related {
			read(r.Pos)
			read(r.End)
		}
		l.loc = append(l.loc, pl.locate(d))
	}
	if c != nil {
		c.outcome[pd.Outcome] = &l
	}
	return l.loc
}

// unchanged reports whether every file has the syntax it had.
func (pl *placer) unchanged(files map[string]*ast.File) bool {
	for name, f := range files {
		if pl.syntax[name] != f {
			return false
		}
	}
	return true
}

// locate moves d to where it is shown.
func (pl *placer) locate(d driver.Diagnostic) location {
	cur := pl.prog.Current
	f := Finding{Rule: d.Category, Message: d.Message, Diagnostic: &d}
	f.Pos, f.End, f.Related = relocate(d.Diagnostic)
	f.Pos, f.End = cur(f.Pos), cur(f.End)
	for i, r := range f.Related {
		f.Related[i].Pos, f.Related[i].End = cur(r.Pos), cur(r.End)
	}
	l := location{f: f, at: pl.fset.Position(f.Pos), pkg: d.Package}
	l.cfg = pl.config(l.at.Filename)
	l.reported = l.at
	if pos := cur(d.Pos); pos != f.Pos {
		l.reported, l.moved = pl.fset.Position(pos), true
	}
	return l
}

// show applies the configuration and suppressions at l, and where its
// diagnostic was reported.
func (pl *placer) show(l *location) (Finding, bool) {
	f := l.f
	if f.Severity = pl.severity(l.cfg, f.Rule); f.Severity == rules.SeverityOff || l.cfg.ExcludedFile(l.at.Filename) {
		return Finding{}, false
	}
	if pl.index(l.pkg).Suppressed(l.reported, f.Rule) {
		return Finding{}, false
	}
	if pkg := pl.byName[l.at.Filename]; pkg != nil && l.moved && pl.index(pkg).Suppressed(l.at, f.Rule) {
		return Finding{}, false
	}
	if pl.routes != nil {
		f.Route = pl.enclosingRoute(f.Pos)
	}
	return f, true
}

// relocate moves a route-level finding to where the developer is looking:
// a missing-auth finding from the registration to the handler's
// declaration, a router finding from the call that built the router to its
// creation, with the original place as related information. A driver that
// sees one package at a time cannot; the CLI and the language server see
// the whole program.
func relocate(d analysis.Diagnostic) (pos, end token.Pos, related []analysis.RelatedInformation) {
	for i, rel := range d.Related {
		if rel.Message != authn.HandlerMessage && rel.Message != httpmodel.RouterMessage || !rel.Pos.IsValid() {
			continue
		}
		rest := append(append([]analysis.RelatedInformation(nil), d.Related[:i]...), d.Related[i+1:]...)
		// The finding sat at the registration, or at the call that mounted
		// routes registered in another package (which rest then names).
		msg := "route registered here"
		if rel.Message == httpmodel.RouterMessage {
			msg = "router built and served here"
		}
		for _, r := range rest {
			if r.Message == msg {
				msg = "routes mounted here"
			}
		}
		return rel.Pos, rel.End, append([]analysis.RelatedInformation{{Pos: d.Pos, End: d.End, Message: msg}}, rest...)
	}
	return d.Pos, d.End, append([]analysis.RelatedInformation(nil), d.Related...)
}

// enclosingRoute names the routes of the innermost handler that encloses
// pos: a function declaration (by its name) or a func literal.
func (pl *placer) enclosingRoute(pos token.Pos) string {
	if len(pl.routes) == 0 {
		return ""
	}
	fo, ok := pl.files[pl.fset.File(pos)]
	if !ok {
		return ""
	}
	path, _ := astutil.PathEnclosingInterval(fo.file, pos, pos)
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
		if r, ok := pl.routes[key]; ok {
			return strings.Join(r, ", ")
		}
	}
	return ""
}

// Routes merges the route models of the packages res matched into the
// program's route table. Positions in it may be in an earlier parse of
// their files: see driver.Program.Current.
func Routes(res *driver.Result) ([]*httpmodel.Route, []httpmodel.Unresolved) {
	var models []*httpmodel.Model
	for _, pkg := range res.Packages() {
		if v, ok := res.ResultOf(httpmodel.Analyzer, pkg.PkgPath); ok {
			if m, ok := v.(*httpmodel.Model); ok && m != nil {
				models = append(models, m)
			}
		}
	}
	return httpmodel.Table(models)
}
