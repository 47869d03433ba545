// Package patterns is the catalog of fixes: each Pattern has a stable ID,
// the concern and rules it answers, documentation with a before/after
// example, and a transformation on the rewrite engine parameterised by plain
// data (the site and the codebase's conventions). Patterns know nothing of
// analyzers or editors: an analyzer decides where a pattern applies, fills
// its parameters and attaches the result to its diagnostic.
package patterns

import (
	"fmt"
	"go/token"
	"sort"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/rewrite"
)

// Pattern documents one named transformation.
type Pattern struct {
	ID          string   // stable, "concern/name": auth/require-user
	Concern     string   // authentication, authorization, data exposure, …
	Rules       []string // rule IDs it answers
	Title       string   // capitalised imperative: "Require an authenticated user"
	Description string   // what it does and how it adapts to the codebase
	Params      []Param  // what the analyzer fills in
	Example     Example  // a before/after pair, checked by tests
}

// Param documents a parameter of a pattern.
type Param struct {
	Name, Doc string
}

// Example is a before/after pair of one Go file. Before must produce a
// finding of one of the pattern's rules whose fix is this pattern; applying
// it must give After exactly.
type Example struct {
	Before, After string
}

// Transform edits a package through the rewrite engine.
type Transform func(e *rewrite.Editor) error

// Fix is a pattern instantiated at one site, ready to apply.
type Fix struct {
	Pattern *Pattern
	Apply   Transform
}

// Site is a finding with the fixes that apply to it, preferred first. An
// analyzer's result implements Sites so that the CLI and the language server
// can offer every alternative, not only the preferred SuggestedFix.
type Site struct {
	Rule     string
	Pos, End token.Pos
	Fixes    []Fix
	// Package is the import path of the package the fixes edit, when that
	// is not the package the finding was reported in (a missing-auth
	// finding reported where routes are mounted, fixed in the handler's
	// package). Drivers that see the whole program apply the fix there.
	Package string
}

// Sites is implemented by the results of analyzers whose findings have fixes.
type Sites interface {
	FixSites() []Site
}

// Deferred is the planning of an analyzer's fixes left for later, when
// fixes are not wanted eagerly (Eager off): a result embeds it, sets the
// plan with Defer while analysing, and FixSites calls Run first. The zero
// Deferred has nothing to run.
type Deferred struct {
	once sync.Once
	plan func()
}

// Defer sets the plan that fills the findings' fixes.
func (d *Deferred) Defer(plan func()) { d.plan = plan }

// Run runs the plan, once.
func (d *Deferred) Run() {
	d.once.Do(func() {
		if d.plan != nil {
			d.plan()
		}
	})
}

// SiteOf returns the site among sites of a diagnostic of rule reported at
// pos–end: the one at exactly that range, else the innermost one that
// holds pos; nil when there is none (the finding has no fix).
func SiteOf(sites []Site, rule string, pos, end token.Pos) *Site {
	var best *Site
	for i := range sites {
		s := &sites[i]
		if s.Rule != rule || s.Pos > pos || (s.End.IsValid() && pos > s.End) {
			continue
		}
		if s.Pos == pos && s.End == end {
			return s
		}
		if best == nil || s.Pos > best.Pos {
			best = s
		}
	}
	return best
}

var (
	mu      sync.RWMutex
	catalog = map[string]*Pattern{}
)

// Register adds a pattern to the catalog; it panics on a duplicate ID, a
// programming error caught by every test run.
func Register(p *Pattern) *Pattern {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := catalog[p.ID]; dup {
		panic("patterns: duplicate pattern " + p.ID)
	}
	catalog[p.ID] = p
	return p
}

// All returns the catalog sorted by ID.
func All() []*Pattern {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]*Pattern, 0, len(catalog))
	for _, p := range catalog {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup finds a pattern by ID.
func Lookup(id string) (*Pattern, bool) {
	mu.RLock()
	defer mu.RUnlock()
	p, ok := catalog[id]
	return p, ok
}

// eager controls whether analyzers compute their preferred fix while
// analysing (go vet, golangci-lint --fix need it) or leave fixes to be
// computed on demand (the language server, where analysis runs per
// keystroke).
var eager atomic.Bool

func init() { eager.Store(true) }

// SetEager switches eager fix computation on or off, process-wide.
func SetEager(on bool) { eager.Store(on) }

// Eager reports whether analyzers should attach SuggestedFixes.
func Eager() bool { return eager.Load() }

// PassPackage gives the rewrite engine the package of an analysis pass.
func PassPackage(pass *analysis.Pass) *rewrite.Package {
	return &rewrite.Package{Fset: pass.Fset, Files: pass.Files, Types: pass.Pkg, Info: pass.TypesInfo, ReadFile: pass.ReadFile}
}

// SuggestedFix applies fix to the pass's package and converts the edits to
// a go/analysis SuggestedFix. Fixes that create files cannot be expressed
// this way and return an error; callers then attach no fix.
func SuggestedFix(pass *analysis.Pass, fix Fix) (analysis.SuggestedFix, error) {
	res, err := rewrite.Rewrite(PassPackage(pass), fix.Apply)
	if err != nil {
		return analysis.SuggestedFix{}, err
	}
	sf := analysis.SuggestedFix{Message: fix.Pattern.Title}
	for _, fe := range res {
		if fe.Create {
			return analysis.SuggestedFix{}, fmt.Errorf("%s creates %s, which a SuggestedFix cannot express", fix.Pattern.ID, fe.Filename)
		}
		tf := fileByName(pass.Fset, fe.Filename)
		if tf == nil {
			return analysis.SuggestedFix{}, fmt.Errorf("%s edits %s, which is not in the analysed files", fix.Pattern.ID, fe.Filename)
		}
		for _, te := range fe.Edits {
			sf.TextEdits = append(sf.TextEdits, analysis.TextEdit{
				Pos: tf.Pos(te.Start), End: tf.Pos(te.End), NewText: []byte(te.New),
			})
		}
	}
	if len(sf.TextEdits) == 0 {
		return analysis.SuggestedFix{}, fmt.Errorf("%s changes nothing here", fix.Pattern.ID)
	}
	return sf, nil
}

// Attach adds the preferred fix of site (its first applicable one) to d when
// fixes are computed eagerly. An alternative that fails is skipped: a finding
// without a fix is better than a fix that does not compile.
func Attach(pass *analysis.Pass, d *analysis.Diagnostic, fixes []Fix) {
	if !Eager() {
		return
	}
	for _, f := range fixes {
		if sf, err := SuggestedFix(pass, f); err == nil {
			d.SuggestedFixes = []analysis.SuggestedFix{sf}
			return
		}
	}
}

func fileByName(fset *token.FileSet, name string) *token.File {
	var found *token.File
	fset.Iterate(func(f *token.File) bool {
		if f.Name() == name {
			found = f
			return false
		}
		return true
	})
	return found
}
