package driver

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"
)

// Diagnostic is one analyzer's report about one package.
type Diagnostic struct {
	Analyzer *analysis.Analyzer
	Package  *packages.Package
	analysis.Diagnostic
}

// ActionError is an analyzer that failed on a package: it returned an error
// or panicked (then Err holds the panic value and the stack).
type ActionError struct {
	Analyzer *analysis.Analyzer
	Package  *packages.Package
	Err      error
}

func (e ActionError) Error() string {
	return fmt.Sprintf("%s on %s: %v", e.Analyzer.Name, e.Package.ID, e.Err)
}

func (e ActionError) Unwrap() error { return e.Err }

// Skipped is an analyzer not run on a package, with the reason.
type Skipped struct {
	Analyzer *analysis.Analyzer
	Package  *packages.Package
	Reason   string
}

// Result holds what Run found. It is immutable.
type Result struct {
	prog      *Program
	analyzers []*analysis.Analyzer // the requested ones
	all       []*analysis.Analyzer // with their Requires, required ones first
	factful   map[*analysis.Analyzer]bool
	states    map[*node]*pkgState
	sem       chan struct{} // bounds the actions running at once
}

// pkgState is the outcome of analysing one package: everything a later
// analysis of its dependents (facts) or a Rerun (all of it) needs.
type pkgState struct {
	pkg     *packages.Package // the package analysed, types and all
	results map[*analysis.Analyzer]any
	diags   []Diagnostic
	errs    []ActionError
	skipped []Skipped
	facts   *factStore
	// key fingerprints facts; against holds, by package path, the key of
	// each visible source package's facts as this analysis read them.
	key     factsKey
	against map[string]factsKey

	placeOnce sync.Once
	placed    []placedDiag // diags with positions, sorted
	sorted    []Diagnostic // the same, without positions
}

// Run analyses the program's source packages with analyzers and their
// Requires: every analyzer on the matched packages, and the analyzers that
// produce facts (with their Requires) on the main-module packages these
// import, so facts flow to the matched ones. Packages run in parallel once
// their source dependencies are done. The error result is for an invalid
// set of analyzers; failures of one analyzer on one package are in
// Result.Errors.
func (p *Program) Run(analyzers []*analysis.Analyzer) (*Result, error) {
	return p.run(analyzers, nil)
}

// Rerun analyses next, a Program derived from r's by Update, with r's
// analyzers. A package whose types next shares with r's program (the same
// *packages.Package, which Update keeps for packages it did not re-check)
// keeps its outcome — facts, results, diagnostics — when the facts of the
// source packages it sees are unchanged (early cutoff; see doc.go). When
// they changed, it is type-checked again and analysed, so an analysis
// never mixes types of one version of a dependency with facts of
// another; the returned Result's Program is then newer than next. The
// other packages are analysed again.
func (r *Result) Rerun(next *Program) (*Result, error) {
	return next.run(r.analyzers, r)
}

func (p *Program) run(analyzers []*analysis.Analyzer, prev *Result) (*Result, error) {
	if err := analysis.Validate(analyzers); err != nil {
		return nil, err
	}
	r := &Result{prog: p, analyzers: slices.Clone(analyzers), factful: map[*analysis.Analyzer]bool{}, states: map[*node]*pkgState{},
		sem: make(chan struct{}, runtime.GOMAXPROCS(0))}
	seen := map[*analysis.Analyzer]bool{}
	var add func(a *analysis.Analyzer)
	add = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			add(req)
		}
		r.all = append(r.all, a)
	}
	for _, a := range analyzers {
		add(a)
	}
	for _, a := range r.all { // required ones first, so their flag is final
		r.factful[a] = r.factful[a] || len(a.FactTypes) > 0
		if r.factful[a] {
			for _, req := range a.Requires {
				r.markFactful(req)
			}
		}
	}

	var mu sync.Mutex
	depStates := func(n *node) map[*node]*pkgState {
		mu.Lock()
		defer mu.Unlock()
		deps := make(map[*node]*pkgState, len(n.visible))
		for _, v := range n.visible {
			if v != n {
				deps[v] = r.states[v]
			}
		}
		return deps
	}
	if prev == nil {
		parallel(p.nodes, func(n *node) {
			st := r.analyse(n, depStates(n))
			mu.Lock()
			r.states[n] = st
			mu.Unlock()
		})
		return r, nil
	}

	// Reuse each package's previous outcome when its types are the ones
	// analysed then and the facts it reads are unchanged. Otherwise
	// analyse it, after type-checking it again unless its types are those
	// of the packages it sees now: an analysis sees one version of each.
	before := make(map[string]*pkgState, len(prev.states))
	for n, st := range prev.states {
		before[n.pkg.ID] = st
	}
	renewed := p.rebuild(p.nodes, func(n, m *node) bool {
		if stale(n, m) {
			return true
		}
		if old := before[m.pkg.ID]; old != nil && old.pkg == m.pkg && sameFacts(old, m, depStates(m)) {
			mu.Lock()
			r.states[m] = old
			mu.Unlock()
			return false
		}
		return !m.current()
	}, func(m *node) {
		mu.Lock()
		_, done := r.states[m]
		mu.Unlock()
		if done {
			return
		}
		st := r.analyse(m, depStates(m))
		mu.Lock()
		r.states[m] = st
		mu.Unlock()
	})
	if len(renewed) > 0 {
		q := &Program{Fset: p.Fset, cfg: p.cfg, imports: p.imports}
		q.nodes, q.roots = p.replaced(renewed)
		q.index()
		r.prog = q
	}
	return r, nil
}

// sameFacts reports whether the facts m sees now, in deps, are those
// st, an analysis of m's package, read.
func sameFacts(st *pkgState, m *node, deps map[*node]*pkgState) bool {
	for path, v := range m.visible {
		if v == m {
			continue
		}
		k, ok := st.against[path]
		if d := deps[v]; !ok || d == nil || !k.same(d.key) {
			return false
		}
	}
	return true
}

func (r *Result) markFactful(a *analysis.Analyzer) {
	if r.factful[a] {
		return
	}
	r.factful[a] = true
	for _, req := range a.Requires {
		r.markFactful(req)
	}
}

// analyse runs the analyzers on one package, each once those it requires
// are done, in parallel (at most GOMAXPROCS actions at a time across the
// run); deps holds the finished states of the packages whose facts it may
// see. The outcome does not depend on the schedule: results, errors and
// skips are recorded in the order of r.all, diagnostics by analyzer in
// that order.
func (r *Result) analyse(n *node, deps map[*node]*pkgState) *pkgState {
	st := &pkgState{pkg: n.pkg, results: map[*analysis.Analyzer]any{}, facts: newFactStore(), against: map[string]factsKey{}}
	for path, v := range n.visible {
		if d := deps[v]; v != n && d != nil {
			st.against[path] = d.key
		}
	}
	type action struct {
		done    chan struct{}
		res     any
		err     error
		skipped string // why it did not run
		diags   []Diagnostic
	}
	actions := map[*analysis.Analyzer]*action{}
	var order []*analysis.Analyzer
	for _, a := range r.all {
		if n.root || r.factful[a] {
			actions[a] = &action{done: make(chan struct{})}
			order = append(order, a)
		}
	}
	var wg sync.WaitGroup
	for _, a := range order {
		act := actions[a]
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(act.done)
			if n.illTyped != "" && !a.RunDespiteErrors {
				act.skipped = n.illTyped
			}
			resultOf := make(map[*analysis.Analyzer]any, len(a.Requires))
			for _, req := range a.Requires {
				ra := actions[req]
				if ra == nil {
					act.skipped = cmp.Or(act.skipped, "required analyzer "+req.Name+" did not run")
					continue
				}
				<-ra.done
				switch {
				case ra.skipped != "":
					act.skipped = cmp.Or(act.skipped, "required analyzer "+req.Name+" was skipped")
				case ra.err != nil:
					act.skipped = cmp.Or(act.skipped, "required analyzer "+req.Name+" failed")
				}
				resultOf[req] = ra.res
			}
			if act.skipped != "" {
				return
			}
			r.sem <- struct{}{}
			defer func() { <-r.sem }()
			act.res, act.err = r.runAction(a, n, st, deps, resultOf, &act.diags)
		}()
	}
	wg.Wait()
	for _, a := range order {
		act := actions[a]
		switch {
		case act.skipped != "":
			st.skipped = append(st.skipped, Skipped{Analyzer: a, Package: n.pkg, Reason: act.skipped})
		case act.err != nil:
			st.errs = append(st.errs, ActionError{Analyzer: a, Package: n.pkg, Err: act.err})
		default:
			st.results[a] = act.res
		}
		st.diags = append(st.diags, act.diags...)
	}
	st.key = factsKeyOf(n.pkg.Fset, st.facts)
	return st
}

// runAction runs a on n, turning a panic into an error with its stack.
func (r *Result) runAction(a *analysis.Analyzer, n *node, st *pkgState, deps map[*node]*pkgState, resultOf map[*analysis.Analyzer]any, diags *[]Diagnostic) (res any, err error) {
	pkg := n.pkg
	declared := map[reflect.Type]bool{}
	for _, f := range a.FactTypes {
		declared[reflect.TypeOf(f)] = true
	}
	fv := &factView{a: a, n: n, own: st.facts, deps: deps, declared: declared}
	var mu sync.Mutex
	pass := &analysis.Pass{
		Analyzer:     a,
		Fset:         pkg.Fset,
		Files:        pkg.Syntax,
		OtherFiles:   pkg.OtherFiles,
		IgnoredFiles: pkg.IgnoredFiles,
		Pkg:          pkg.Types,
		TypesInfo:    pkg.TypesInfo,
		TypesSizes:   pkg.TypesSizes,
		TypeErrors:   n.typeErr,
		ResultOf:     resultOf,
		Report: func(d analysis.Diagnostic) {
			mu.Lock()
			*diags = append(*diags, Diagnostic{Analyzer: a, Package: pkg, Diagnostic: d})
			mu.Unlock()
		},
		ReadFile:          r.readFileFor(n),
		ImportObjectFact:  fv.importObjectFact,
		ExportObjectFact:  fv.exportObjectFact,
		ImportPackageFact: fv.importPackageFact,
		ExportPackageFact: fv.exportPackageFact,
		AllObjectFacts:    fv.allObjectFacts,
		AllPackageFacts:   fv.allPackageFacts,
	}
	if m := pkg.Module; m != nil {
		pass.Module = &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
	}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v\n%s", v, debug.Stack())
		}
	}()
	res, err = a.Run(pass)
	if err == nil && a.ResultType != nil && res != nil && reflect.TypeOf(res) != a.ResultType {
		err = fmt.Errorf("result of type %T, want %v", res, a.ResultType)
	}
	return res, err
}

// readFileFor is Pass.ReadFile: the package's own files only, overlays first.
func (r *Result) readFileFor(n *node) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		pkg := n.pkg
		for _, list := range [][]string{pkg.CompiledGoFiles, pkg.GoFiles, pkg.OtherFiles, pkg.IgnoredFiles, pkg.EmbedFiles} {
			if slices.Contains(list, name) {
				return r.prog.readFile(name)
			}
		}
		return nil, fmt.Errorf("ReadFile %s: not a file of package %s: %w", name, pkg.ID, os.ErrPermission)
	}
}

// Packages returns the matched packages, sorted by ID.
func (r *Result) Packages() []*packages.Package { return r.prog.Packages() }

// Program returns the program that was analysed.
func (r *Result) Program() *Program { return r.prog }

// Diagnostics returns the diagnostics reported on the matched packages,
// sorted by position, then analyzer name and message. A diagnostic reported
// twice at the same place with the same message (a file analysed both in a
// package and in its test variant) is returned once.
func (r *Result) Diagnostics() []Diagnostic {
	var all []placedDiag
	for _, n := range r.prog.roots {
		all = append(all, r.states[n].placedDiags(r.prog.Fset)...)
	}
	// Each package's are sorted already (and kept packages' from an
	// earlier Result), so this stable sort merges.
	slices.SortStableFunc(all, comparePlaced)
	// The same file parsed for two packages has two token.Files, so equal
	// places are compared as positions, not as token.Pos.
	all = slices.CompactFunc(all, func(a, b placedDiag) bool {
		return a.Analyzer == b.Analyzer && a.Message == b.Message && a.pos == b.pos && a.end == b.end
	})
	out := make([]Diagnostic, len(all))
	for i, p := range all {
		out[i] = p.Diagnostic
	}
	return out
}

// PackageDiagnostics is what the analysis of one matched package reported.
type PackageDiagnostics struct {
	Package *packages.Package
	// Diagnostics are sorted as Result.Diagnostics sorts them.
	Diagnostics []Diagnostic
	// Outcome identifies the analysis: a Result from Rerun that kept the
	// package's outcome has the same Outcome, and the same diagnostics.
	Outcome any
}

// ByPackage returns the diagnostics of each matched package, packages
// sorted by ID. Unlike Diagnostics, it leaves in a diagnostic that a test
// variant reported in the same file too.
func (r *Result) ByPackage() []PackageDiagnostics {
	out := make([]PackageDiagnostics, 0, len(r.prog.roots))
	for _, n := range r.prog.roots {
		st := r.states[n]
		st.placedDiags(r.prog.Fset)
		out = append(out, PackageDiagnostics{Package: n.pkg, Diagnostics: st.sorted, Outcome: st})
	}
	return out
}

// placedDiag is a diagnostic with its positions resolved, for sorting.
type placedDiag struct {
	Diagnostic
	pos, end token.Position
}

func comparePlaced(a, b placedDiag) int {
	return cmp.Or(
		cmp.Compare(a.pos.Filename, b.pos.Filename),
		cmp.Compare(a.pos.Offset, b.pos.Offset),
		cmp.Compare(a.end.Offset, b.end.Offset),
		cmp.Compare(a.Analyzer.Name, b.Analyzer.Name),
		cmp.Compare(a.Message, b.Message),
	)
}

// placedDiags returns the package's diagnostics with their positions,
// sorted as Diagnostics sorts them; computed once, as a kept package's
// state serves every later Result.
func (st *pkgState) placedDiags(fset *token.FileSet) []placedDiag {
	st.placeOnce.Do(func() {
		st.placed = make([]placedDiag, len(st.diags))
		for i, d := range st.diags {
			st.placed[i] = placedDiag{d, fset.Position(d.Pos), fset.Position(d.End)}
		}
		slices.SortStableFunc(st.placed, comparePlaced)
		st.sorted = make([]Diagnostic, len(st.placed))
		for i, p := range st.placed {
			st.sorted[i] = p.Diagnostic
		}
	})
	return st.placed
}

// ResultOf returns the result of analyzer a on the source package with path
// pkgPath (the package itself when test variants were loaded too), and
// whether a ran there successfully.
func (r *Result) ResultOf(a *analysis.Analyzer, pkgPath string) (any, bool) {
	var found *pkgState
	for _, n := range r.prog.nodes {
		if n.pkg.PkgPath == pkgPath && (found == nil || n.pkg.ID == pkgPath) {
			found = r.states[n]
		}
	}
	if found == nil {
		return nil, false
	}
	res, ok := found.results[a]
	return res, ok
}

// Errors returns the analyzers that failed, in package dependency order.
func (r *Result) Errors() []ActionError {
	var out []ActionError
	for _, n := range r.prog.nodes {
		out = append(out, r.states[n].errs...)
	}
	return out
}

// Skipped returns the analyzers not run on a package because it or a
// dependency has errors, or because an analyzer they require did not run.
func (r *Result) Skipped() []Skipped {
	var out []Skipped
	for _, n := range r.prog.nodes {
		out = append(out, r.states[n].skipped...)
	}
	return out
}

// objectOf is objectpath.Object, or nil.
func objectOf(pkg *types.Package, p objectpath.Path) types.Object {
	obj, err := objectpath.Object(pkg, p)
	if err != nil {
		return nil
	}
	return obj
}
