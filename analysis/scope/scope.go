package scope

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/build"
	"go/types"
	"path/filepath"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

//go:embed doc.go
var docSource string

// Rule is the rule ID, used as Diagnostic.Category.
const Rule = "unscoped-query"

// Analyzer reports request-supplied ids that reach a by-id query with no
// owner condition and no ownership check.
var Analyzer = &analysis.Analyzer{
	Name:       "unscopedquery",
	Doc:        analysisDoc(docSource),
	URL:        "https://pkg.go.dev/github.com/prodready/prodready/analysis/scope",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, config.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(FuncFact)},
	ResultType: reflect.TypeFor[*Result](),
}

// Result lists the package's findings with what the fix patterns need.
type Result struct {
	Findings []*Finding
	// planned fills the findings' Fixes when they were left to FixSites.
	planned patterns.Deferred
}

// Finding is one reported handler call.
type Finding struct {
	// Handler is the *ast.FuncDecl or *ast.FuncLit of the handler.
	Handler ast.Node
	Kind    httpx.HandlerKind
	// Call is the call in the handler that passes the id on: the query
	// itself, or a store/service method whose fact leads to it.
	Call *ast.CallExpr
	// ID is the argument of Call that carries the request id.
	ID ast.Expr
	// Loaded is the variable that receives the loaded record in the
	// handler (t in `t, err := store.GetTask(ctx, id)` or the Scan/Get/First
	// destination), nil when nothing is loaded (UPDATE, DELETE).
	Loaded *types.Var
	// Query is the query the id reaches, possibly in another package.
	Query Query
	// Via lists the functions between Call and the query, outermost first.
	Via []string
	// Sources says which part of the request the id comes from.
	Sources Source
	// Fixes are the patterns that apply here, preferred first; the first
	// is attached to the diagnostic as its SuggestedFix. When fixes are
	// not computed eagerly (patterns.Eager), the first call of
	// Result.FixSites fills them.
	Fixes []patterns.Fix
}

// analysisDoc extracts the package comment of doc.go.
func analysisDoc(src string) string {
	start := strings.Index(src, "/*")
	end := strings.Index(src, "*/")
	if start < 0 || end < start {
		return "reports request ids that reach a query without an owner condition"
	}
	return strings.TrimSpace(src[start+2 : end])
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	cfg, _ := pass.ResultOf[config.Analyzer].(*config.Config)
	if cfg == nil {
		cfg = config.Defaults()
	}
	owners := cfg.Scope.OwnerColumns
	if len(owners) == 0 {
		owners = config.DefaultOwnerColumns
	}
	a := &analyzer{
		pass:        pass,
		owners:      owners,
		ownerFields: ownerFieldNames(owners),
		userFrom:    cfg.Auth.UserFromContext,
		local:       map[*types.Func]*FuncFact{},
	}
	if !a.relevant() {
		return res, nil
	}
	units := a.units(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	a.userNotion = a.hasUserNotion(units)
	a.learnOwners(units)

	// Facts of this package's functions depend on each other; iterate to a
	// fixed point (bounded: call chains inside one package are short).
	for range 6 {
		changed := false
		for _, u := range units {
			if u.fn == nil || u.handler {
				continue
			}
			f := a.analyze(u).fact()
			if !f.equal(a.local[u.fn]) {
				a.local[u.fn] = f
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	fx := &fixer{a: a, src: map[string][]byte{}, evidence: map[string]map[string]map[string]int{}}
	for _, u := range units {
		if u.fn != nil && !u.handler {
			if f := a.local[u.fn]; !f.empty() {
				pass.ExportObjectFact(u.fn, f)
			}
			continue
		}
		if u.handler && a.userNotion {
			fx.handlers = append(fx.handlers, a.analyze(u))
		}
	}
	for _, st := range fx.handlers {
		a.report(st, res, fx)
	}
	for _, u := range units {
		u.walked = nil // the result keeps units; fixes walk bodies again if need be
	}
	if !patterns.Eager() {
		// Fixes are wanted for few findings, if any, and cost as much as
		// the analysis: plan them on demand, in the order report would.
		res.planned.Defer(func() {
			i := 0
			for _, st := range fx.handlers {
				for _, h := range a.reported(st) {
					res.Findings[i].Fixes = fx.fixes(st, h)
					i++
				}
			}
		})
	}
	return res, nil
}

// relevant skips packages that can neither hold a handler nor a query, and
// the standard library and the supported libraries themselves: their
// internals would only yield facts about their own plumbing.
func (a *analyzer) relevant() bool {
	if a.isLibrary(a.pass.Pkg.Path()) {
		return false
	}
	if httpx.ImportsHTTP(a.pass.Pkg) {
		return true
	}
	for _, imp := range a.pass.Pkg.Imports() {
		switch p := imp.Path(); {
		case p == "database/sql", strings.HasPrefix(p, "github.com/jmoiron/sqlx"),
			strings.HasPrefix(p, "github.com/jackc/pgx"), p == "gorm.io/gorm":
			return true
		}
	}
	// A service layer imports neither; it matters when a dependency
	// exported a fact.
	for _, f := range a.pass.AllObjectFacts() {
		if _, ok := f.Fact.(*FuncFact); ok {
			return true
		}
	}
	return false
}

// libraries lists module paths prodready models instead of analysing.
var libraries = []string{
	pkgGorm, "gorm.io/", pkgSQLX, pkgPgx, httpx.Gin, httpx.Echo, httpx.Chi, httpx.Gorilla,
}

func (a *analyzer) isLibrary(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	if !strings.Contains(first, ".") && len(a.pass.Files) > 0 {
		// Standard library, unless it is a module named without a dot.
		name := a.pass.Fset.File(a.pass.Files[0].Pos()).Name()
		if goroot := build.Default.GOROOT; goroot != "" && strings.HasPrefix(name, filepath.Join(goroot, "src")+string(filepath.Separator)) {
			return true
		}
	}
	for _, l := range libraries {
		if path == l || strings.HasPrefix(path, strings.TrimSuffix(l, "/")+"/") {
			return true
		}
	}
	return false
}

func (a *analyzer) report(st *funcState, res *Result, fx *fixer) {
	for _, h := range a.reported(st) {
		q := h.query
		noun := singular(q.Table)
		where := fmt.Sprintf("the query %q", q.SQL)
		if len(h.via) > 0 {
			where = fmt.Sprintf("%s's query %q", q.Short, q.SQL)
		}
		if q.ORM {
			where = strings.Replace(where, "query", "gorm query", 1)
		}
		msg := fmt.Sprintf("%s id from the %s reaches %s without an owner condition or ownership check; any user can %s another user's %s by guessing ids",
			noun, h.src.describe(), where, verbText(q.Verb), noun)
		d := analysis.Diagnostic{Pos: h.call.Pos(), End: h.call.End(), Category: Rule, Message: msg}
		if a.resolvable(q) {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: q.Call, End: q.Call, Message: "the query, with no owner condition"})
		}
		var fixes []patterns.Fix
		if patterns.Eager() {
			fixes = fx.fixes(st, h)
			patterns.Attach(a.pass, &d, fixes)
		}
		a.pass.Report(d)
		res.Findings = append(res.Findings, &Finding{
			Handler: st.u.node, Kind: st.u.kind, Call: h.call, ID: h.arg,
			Loaded: h.loaded, Query: q, Via: h.via, Sources: h.src & fromRequest,
			Fixes: fixes,
		})
	}
}

// reported returns the hits of a handler that are findings, once per call.
func (a *analyzer) reported(st *funcState) []*hit {
	if st.checked {
		return nil
	}
	var out []*hit
	seen := map[*ast.CallExpr]bool{}
	for _, h := range st.hits {
		if h.src&fromRequest == 0 || seen[h.call] {
			continue
		}
		seen[h.call] = true
		out = append(out, h)
	}
	return out
}

// resolvable reports whether q's positions belong to this driver's FileSet.
func (a *analyzer) resolvable(q Query) bool {
	if !q.Call.IsValid() {
		return false
	}
	f := a.pass.Fset.File(q.Call)
	return f != nil && f.Name() == q.Position.Filename && a.pass.Fset.Position(q.Call).Line == q.Position.Line
}

func verbText(verb string) string {
	switch verb {
	case "update":
		return "change"
	case "delete":
		return "delete"
	}
	return "read"
}

func singular(table string) string {
	t := strings.ToLower(lastSegment(table))
	switch {
	case t == "":
		return "record"
	case strings.HasSuffix(t, "ies"):
		return t[:len(t)-3] + "y"
	case strings.HasSuffix(t, "sses"), strings.HasSuffix(t, "xes"):
		return t[:len(t)-2]
	case strings.HasSuffix(t, "s") && !strings.HasSuffix(t, "ss"):
		return t[:len(t)-1]
	}
	return t
}

// shortName is pkg.Name for messages: store.GetTask.
func shortName(fn *types.Func) string {
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}
