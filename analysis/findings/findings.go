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
	"path/filepath"
	"sort"
	"strings"

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
}

// Place returns the findings of the packages res matched: their
// diagnostics, placed, then the problems of their suppression comments
// (a suppression without a reason, or one that suppresses nothing).
// Packages that could not be analysed (driver: IllTyped) have none.
// Diagnostics come in the order of res.Diagnostics; one shown at the same
// place with the same rule and message as an earlier one is left out.
func Place(res *driver.Result, opts Options) []Finding {
	pl := newPlacer(res, opts)
	var out []Finding
	type shown struct {
		rule, message string
		at            token.Position
	}
	seen := map[shown]bool{}
	for _, d := range res.Diagnostics() {
		if d.Package.IllTyped || d.Category == "" {
			continue
		}
		f, at, ok := pl.place(d)
		if !ok {
			continue
		}
		key := shown{f.Rule, f.Message, at}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, f)
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
	return out
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
		files: map[*token.File]fileOf{}, byName: map[string]*packages.Package{},
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
	if !ok {
		ix = suppress.Parse(pl.fset, pkg.Syntax)
		pl.indexes[pkg] = ix
	}
	return ix
}

// place moves d to where it is shown, at, and applies the configuration
// and suppressions there and where it was reported.
func (pl *placer) place(d driver.Diagnostic) (f Finding, at token.Position, ok bool) {
	cur := pl.prog.Current
	f = Finding{Rule: d.Category, Message: d.Message, Diagnostic: &d}
	f.Pos, f.End, f.Related = relocate(d.Diagnostic)
	f.Pos, f.End = cur(f.Pos), cur(f.End)
	for i, r := range f.Related {
		f.Related[i].Pos, f.Related[i].End = cur(r.Pos), cur(r.End)
	}
	at = pl.fset.Position(f.Pos)
	cfg := pl.config(at.Filename)
	if f.Severity = pl.severity(cfg, f.Rule); f.Severity == rules.SeverityOff || cfg.ExcludedFile(at.Filename) {
		return Finding{}, at, false
	}
	// Suppressions count where the analyzer reported and where the
	// finding is shown.
	reported, moved := at, false
	if pos := cur(d.Pos); pos != f.Pos {
		reported, moved = pl.fset.Position(pos), true
	}
	if pl.index(d.Package).Suppressed(reported, f.Rule) {
		return Finding{}, at, false
	}
	if pkg := pl.byName[at.Filename]; pkg != nil && moved && pl.index(pkg).Suppressed(at, f.Rule) {
		return Finding{}, at, false
	}
	if pl.routes != nil {
		f.Route = pl.enclosingRoute(f.Pos)
	}
	return f, at, true
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
