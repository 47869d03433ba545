package authn

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/httpmodel"
	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

// Rule is the rule ID this analyzer reports.
const Rule = "missing-auth"

// HandlerMessage is the message of the related information that points at
// the handler; drivers that see the whole program swap the two locations.
const HandlerMessage = "handler declared here"

// Analyzer reports data routes without authentication.
var Analyzer = &analysis.Analyzer{
	Name:       "missingauth",
	Doc:        "reports routes that read or change data with no authentication in their middleware chain or handler (rule missing-auth)",
	Run:        run,
	Requires:   []*analysis.Analyzer{httpmodel.Analyzer, config.Analyzer, DataAnalyzer, fixesAnalyzer},
	ResultType: reflect.TypeFor[*Findings](),
}

// DataAnalyzer finds the functions and handler literals that read or change
// stored data, and exports facts so callers in other packages know.
var DataAnalyzer = &analysis.Analyzer{
	Name:       "dataaccess",
	Doc:        "finds functions that read or change stored data",
	Run:        runData,
	FactTypes:  []analysis.Fact{new(DataAccessFact), new(literalsFact)},
	ResultType: reflect.TypeFor[*Result](),
}

// Result lists the data-touching functions of the package, for other
// analyzers and patterns.
type Result struct {
	DataAccess map[*types.Func]bool
	pass       *analysis.Pass
	lits       map[token.Pos]bool
}

// DataAccessFact marks a function that reads or changes stored data.
type DataAccessFact struct{}

func (*DataAccessFact) AFact()         {}
func (*DataAccessFact) String() string { return "dataaccess" }

// literalsFact records, for a package, the positions of handler func
// literals that touch data (literals have no object to carry a fact).
type literalsFact struct{ Pos []token.Pos }

func (*literalsFact) AFact()         {}
func (*literalsFact) String() string { return "dataliterals" }

// dataPackages are client libraries of stores.
var dataPackages = []string{
	"database/sql", "github.com/jmoiron/sqlx", "github.com/jackc/pgx", "gorm.io/gorm",
	"go.mongodb.org/mongo-driver", "github.com/redis/go-redis", "github.com/go-redis/redis",
	"go.etcd.io/bbolt", "github.com/uptrace/bun", "entgo.io/ent", "github.com/Masterminds/squirrel",
}

// dataVerbs begin the names of store interface methods.
var dataVerbs = []string{"Get", "List", "Find", "Create", "Update", "Delete", "Save", "Insert", "Remove",
	"Load", "Query", "Fetch", "Put", "Add", "Set", "Upsert", "Store", "Count", "Search"}

func runData(pass *analysis.Pass) (any, error) {
	res := &Result{DataAccess: map[*types.Func]bool{}, pass: pass, lits: map[token.Pos]bool{}}
	if !httpx.ImportsHTTP(pass.Pkg) && len(pass.AllObjectFacts()) == 0 && !importsData(pass.Pkg) {
		return res, nil
	}
	c := &checker{pass: pass, res: res}
	c.classify()
	return res, nil
}

func run(pass *analysis.Pass) (any, error) {
	data := pass.ResultOf[DataAnalyzer].(*Result)
	cfg, _ := pass.ResultOf[config.Analyzer].(*config.Config)
	model := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	fx := pass.ResultOf[fixesAnalyzer].(*fixer)
	res := &Findings{}
	for _, r := range model.Routes {
		if r.Auth() || isPublic(cfg, r) || !data.TouchesData(r.Handler) {
			continue
		}
		d := analysis.Diagnostic{
			Pos:      r.LocalPos(),
			Category: Rule,
			Message: fmt.Sprintf("route %s reaches %s, which reads or changes data, with no authentication in its middleware chain or handler; anyone can call it (if it is public by design, list it under auth.public)",
				r, displayName(r.Handler.Name)),
		}
		if r.Handler.Pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.Handler.Pos, End: handlerEnd(r.Handler), Message: HandlerMessage})
		}
		if r.Via.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.Pos, Message: "route registered here"})
		}
		fixes, pkgs := fx.fixesFor(r, model)
		site := patterns.Site{Rule: Rule, Pos: d.Pos, End: d.End}
		if len(fixes) > 0 {
			// A Site edits one package: keep the fixes that edit the
			// preferred one's.
			for i, f := range fixes {
				if pkgs[i] == pkgs[0] {
					site.Fixes = append(site.Fixes, f)
				}
			}
			pkgs = slices.DeleteFunc(pkgs, func(p string) bool { return p != pkgs[0] })
			if pkgs[0] != pass.Pkg.Path() {
				site.Package = pkgs[0]
			}
		}
		patterns.Attach(pass, &d, site.Fixes)
		pass.Report(d)
		res.List = append(res.List, Finding{Route: r, Site: site, Packages: pkgs})
	}
	return res, nil
}

func importsData(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if isDataPackage(imp.Path()) {
			return true
		}
	}
	return false
}

func isDataPackage(path string) bool {
	for _, p := range dataPackages {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// displayName shortens a qualified name to its last package element.
func displayName(name string) string {
	if strings.HasPrefix(name, "func literal") {
		return "a " + name
	}
	dot := strings.Index(name, ".(")
	if dot < 0 {
		dot = strings.LastIndex(name, ".")
	}
	if dot > 0 {
		if slash := strings.LastIndex(name[:dot], "/"); slash >= 0 {
			return name[slash+1:]
		}
	}
	return name
}

type checker struct {
	pass *analysis.Pass
	res  *Result
}

// classify finds the package's functions and handler literals that touch
// data, to a fixed point, and exports facts for them.
func (c *checker) classify() {
	decls := map[*types.Func]*ast.FuncDecl{}
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					decls[fn] = fd
				}
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for fn, fd := range decls {
			if !c.res.DataAccess[fn] && c.bodyTouchesData(fd.Body) {
				c.res.DataAccess[fn] = true
				changed = true
			}
		}
	}
	for fn := range c.res.DataAccess {
		c.pass.ExportObjectFact(fn, new(DataAccessFact))
	}
	var lf literalsFact
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.FuncLit)
			if !ok {
				return true
			}
			if sig, ok := c.pass.TypesInfo.TypeOf(lit).(*types.Signature); ok && httpx.KindOf(sig) != httpx.NotHandler && c.bodyTouchesData(lit.Body) {
				c.res.lits[lit.Pos()] = true
				lf.Pos = append(lf.Pos, lit.Pos())
			}
			return true
		})
	}
	if len(lf.Pos) > 0 {
		c.pass.ExportPackageFact(&lf)
	}
}

func (c *checker) bodyTouchesData(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if c.callTouchesData(call) {
			found = true
		}
		return true
	})
	return found
}

func (c *checker) callTouchesData(call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if isDataPackage(fn.Pkg().Path()) {
		return true
	}
	if c.res.DataAccess[fn] {
		return true
	}
	if fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, new(DataAccessFact)) {
		return true
	}
	// A method of a store interface: s.store.GetTask(ctx, id).
	if sig := fn.Type().(*types.Signature); sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) && !isFrameworkPackage(fn.Pkg().Path()) {
		for _, v := range dataVerbs {
			if strings.HasPrefix(fn.Name(), v) {
				return true
			}
		}
	}
	return false
}

// isFrameworkPackage: router interfaces such as echo.Context have Get and
// Set methods that touch no store.
func isFrameworkPackage(path string) bool {
	_, ok := httpx.FrameworkOf(path)
	return ok
}

// TouchesData decides for a route's handler: its function's fact, or the
// literal's entry in its package's fact.
func (res *Result) TouchesData(h httpmodel.Handler) bool {
	if h.Func != nil {
		if h.Func.Pkg() == res.pass.Pkg {
			return res.DataAccess[h.Func]
		}
		return res.pass.ImportObjectFact(h.Func, new(DataAccessFact))
	}
	if !h.Pos.IsValid() {
		return false
	}
	if res.lits[h.Pos] {
		return true
	}
	for _, pf := range res.pass.AllPackageFacts() {
		if lf, ok := pf.Fact.(*literalsFact); ok {
			for _, p := range lf.Pos {
				if p == h.Pos {
					return true
				}
			}
		}
	}
	return false
}

// publicSegments name endpoints that are public by nature.
var publicSegments = map[string]bool{
	"health": true, "healthz": true, "healthcheck": true, "livez": true, "readyz": true, "ready": true, "live": true,
	"ping": true, "status": true, "version": true, "metrics": true,
	"login": true, "signin": true, "sign-in": true, "signup": true, "sign-up": true, "register": true,
	"token": true, "refresh": true, "oauth": true, "oauth2": true, "oidc": true, "saml": true, "sso": true, "callback": true,
	"forgot-password": true, "reset-password": true, "password-reset": true, "forgot": true, "reset": true,
	"static": true, "assets": true, "public": true, "favicon.ico": true, "robots.txt": true,
	"docs": true, "swagger": true, "openapi.json": true, "openapi.yaml": true,
}

func isPublic(cfg *config.Config, r *httpmodel.Route) bool {
	if cfg != nil && cfg.IsPublic(r.Method, r.Path) {
		return true
	}
	for _, seg := range strings.Split(strings.ToLower(r.Path), "/") {
		if publicSegments[seg] || capabilityParam(seg) {
			return true
		}
	}
	return false
}

// capabilityParam reports whether a path segment is a parameter whose value
// is itself the credential: a capability URL such as
// /subscription/{subUUID} or /invite/:token, where only the holder of an
// unguessable value reaches the record (unsubscribe links, share links).
func capabilityParam(seg string) bool {
	var name string
	switch {
	case strings.HasPrefix(seg, ":"):
		name = seg[1:]
	case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}"):
		name, _, _ = strings.Cut(seg[1:len(seg)-1], ":") // gorilla's {id:[0-9]+}
	default:
		return false
	}
	for _, w := range []string{"uuid", "token", "hash", "secret", "signature", "sig", "code", "key"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// handlerEnd is the end of a handler's name at its declaration, or of the
// func keyword of a literal, so that the finding shown there underlines
// the name rather than a point.
func handlerEnd(h httpmodel.Handler) token.Pos {
	if h.Func != nil && h.Func.Pos() == h.Pos {
		return h.Pos + token.Pos(len(h.Func.Name()))
	}
	name := h.Name
	if strings.HasPrefix(name, "func literal") {
		return h.Pos + token.Pos(len("func"))
	}
	if i := strings.LastIndexAny(name, ".)"); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		return token.NoPos
	}
	return h.Pos + token.Pos(len(name))
}
