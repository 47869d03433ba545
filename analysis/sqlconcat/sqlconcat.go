package sqlconcat

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

//go:embed doc.go
var docSource string

// Rule is the rule ID, used as Diagnostic.Category.
const Rule = "sql-concat"

// Analyzer reports SQL text built from non-constant strings and run as a
// query.
var Analyzer = &analysis.Analyzer{
	Name:       "sqlconcat",
	Doc:        analysisDoc(docSource),
	URL:        "https://pkg.go.dev/github.com/prodready/prodready/analysis/sqlconcat",
	Run:        run,
	FactTypes:  []analysis.Fact{new(FuncFact)},
	ResultType: reflect.TypeFor[*Result](),
}

// Result lists the package's findings with what the sql/parameterize
// pattern needs, and the calls through which request values reach
// findings of other packages.
type Result struct {
	Findings []*Finding
	// Flows are handler calls of this package that pass a request value
	// to a parameter another package's function puts into SQL text (a
	// Finding of that package). They carry no diagnostic of their own: the
	// CLI and the language server attach them to the finding as related
	// information.
	Flows []*Flow
	sites []patterns.Site
}

// ValueKind says where in the statement a non-constant value stands, and
// so how it can be made safe.
type ValueKind int

// The value kinds.
const (
	// KindValue stands where a literal goes (after =, in VALUES, LIKE,
	// LIMIT, inside quotes): a placeholder argument fixes it.
	KindValue ValueKind = iota
	// KindIdentifier stands where a table, column or keyword goes (ORDER
	// BY, GROUP BY, FROM, JOIN, INTO, UPDATE, the SELECT list, after a
	// dot, ASC/DESC): placeholders cannot bind it, an allow-list fixes it.
	KindIdentifier
	// KindFragment is SQL text itself (a condition after WHERE, a whole
	// statement): its parts must be built from constants and placeholders.
	KindFragment
)

func (k ValueKind) String() string {
	switch k {
	case KindIdentifier:
		return "identifier"
	case KindFragment:
		return "fragment"
	}
	return "value"
}

// PlaceholderStyle is how the queries of the package mark parameters.
type PlaceholderStyle int

// The placeholder styles.
const (
	StyleUnknown   PlaceholderStyle = iota
	StyleDollar                     // $1: PostgreSQL (lib/pq, pgx)
	StyleQuestion                   // ?: MySQL, SQLite, gorm, sqlx after Rebind
	StyleColonName                  // :name: sqlx named queries
)

func (s PlaceholderStyle) String() string {
	switch s {
	case StyleDollar:
		return "$n"
	case StyleQuestion:
		return "?"
	case StyleColonName:
		return ":name"
	}
	return "unknown"
}

// Finding is one query whose SQL text is built from non-constant values.
type Finding struct {
	// Func is the *ast.FuncDecl or *ast.FuncLit holding the query call.
	Func ast.Node
	// Call is the query call: db.QueryContext(...), db.Order(...), or a
	// call of a function that runs its parameter as SQL text.
	Call *ast.CallExpr
	// Library is "database/sql", "sqlx", "pgx", "gorm", or the qualified
	// name of a function of the project that runs its parameter as SQL.
	Library string
	// Method is the called method or function name (QueryContext, Order).
	Method string
	// SQL is the argument of Call that holds the SQL text.
	SQL ast.Expr
	// ArgStart is the index in Call.Args where query arguments start; -1
	// when the call takes none (gorm Order/Group, Prepare) or passes them
	// as args... (the pattern then cannot add one).
	ArgStart int
	// Args is the number of query arguments Call passes today.
	Args int
	// Prefix is the SQL the argument continues when it is a clause
	// (gorm Order: "SELECT * FROM t ORDER BY "), "" for whole statements.
	Prefix string
	// Parts is the SQL text in order: constant text and non-constant
	// pieces. Pieces built from several Go statements (q += ..., a
	// strings.Builder) are laid out in source order.
	Parts []Part
	// Constructions are the expressions that splice unsafe values into the
	// text, in source order: fmt.Sprintf calls, + chains, += statements'
	// right-hand sides, WriteString calls, strings.Join calls.
	Constructions []ast.Node
	// Values are the unsafe values, in text order.
	Values []*Value
	// Style is the placeholder style of the driver in use.
	Style PlaceholderStyle
	// Identifier is true when any value is an identifier: the fix is an
	// allow-list, not a placeholder.
	Identifier bool
	// Sources is the request parts the values are read from in this
	// function (0 when they come from parameters or elsewhere).
	Sources Source
	// Handlers are same-package calls that pass request values to the
	// parameters the values come from.
	Handlers []*Flow
	// Fixes are the patterns that fix the finding here: sql/allow-list
	// for identifiers, sql/parameterize for values; none when it splices
	// both, or fragments, or its text has no single shape.
	Fixes []patterns.Fix
}

// Part is one piece of the SQL text.
type Part struct {
	Text string   // constant text, when Expr is nil
	Expr ast.Expr // a non-constant piece
	// Construction is the expression that splices Expr in.
	Construction ast.Node
	Verb         string // the fmt verb (%s, %v, %d) that formats Expr, "" for + and writes
	Value        int    // index into Finding.Values, -1 when Expr is safe or constant
}

// Value is one unsafe non-constant value in the SQL text.
type Value struct {
	// Expr is the Go expression whose text lands in the SQL.
	Expr ast.Expr
	// Construction is the expression that splices it in (see Finding).
	Construction ast.Node
	Verb         string
	// Part is the index of the Part that holds it. Nested is true when
	// the value is inside that part (a strings.Join of conditions appended
	// elsewhere), not the part itself.
	Part   int
	Nested bool
	// Offset is the byte offset in the SQL text, with earlier non-constant
	// parts counted as empty.
	Offset int
	Kind   ValueKind
	// Clause is the clause keyword before the value: "ORDER BY", "FROM",
	// "WHERE", "VALUES", "SELECT", … ("" when none).
	Clause string
	// Quoted is true when the value stands inside '…' in the SQL: the
	// fix removes the quotes together with the value.
	Quoted bool
	// Placeholder is the placeholder to put in its place ("$2", "?"), and
	// ArgIndex its 0-based position among the query's arguments after the
	// fix; "" and -1 for identifiers and fragments.
	Placeholder string
	ArgIndex    int
	// Sources says which request parts the value comes from in this
	// function; Params which parameters of the function it comes from.
	Sources Source
	Params  []int
}

// Flow is a call that passes a request value to a function parameter
// which ends up in SQL text, reported at Target.
type Flow struct {
	Handler ast.Node // *ast.FuncDecl or *ast.FuncLit
	Call    *ast.CallExpr
	Arg     ast.Expr
	Sources Source
	Target  token.Position // the reported construction
	Func    string         // the function with the construction, pkg.Name
	Via     []string       // functions from the callee to it, outermost first
}

// analysisDoc extracts the package comment of doc.go.
func analysisDoc(src string) string {
	start := strings.Index(src, "/*")
	end := strings.Index(src, "*/")
	if start < 0 || end < start {
		return "reports SQL text built from non-constant strings"
	}
	return strings.TrimSpace(src[start+2 : end])
}

// relevant skips packages that hold no query and call no function with a
// fact, and the modelled libraries themselves.
func relevant(pass *analysis.Pass) bool {
	path := pass.Pkg.Path()
	for _, l := range []string{pkgSQLX, pkgPgx, "gorm.io/", "github.com/lib/pq"} {
		if strings.HasPrefix(path, strings.TrimSuffix(l, "/")) {
			return false
		}
	}
	first, _, _ := strings.Cut(path, "/")
	if !strings.Contains(first, ".") && isStd(pass) {
		return false
	}
	for _, imp := range pass.Pkg.Imports() {
		switch p := imp.Path(); {
		case p == pkgSQL, strings.HasPrefix(p, pkgSQLX), strings.HasPrefix(p, pkgPgx), p == pkgGorm:
			return true
		}
	}
	if httpx.ImportsHTTP(pass.Pkg) {
		return true
	}
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*FuncFact); ok {
			return true
		}
	}
	return false
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	if !relevant(pass) {
		return res, nil
	}
	p := newPkgState(pass)
	p.computeFacts()
	p.report(res)
	return res, nil
}

// report turns the package's findings into diagnostics: one per
// construction site, with the query call as related information.
func (p *pkgState) report(res *Result) {
	seen := map[token.Pos]bool{}
	for _, f := range p.findings {
		if len(f.Values) == 0 {
			continue
		}
		res.Findings = append(res.Findings, f)
		pos := f.Values[0].Construction
		if seen[pos.Pos()] {
			continue
		}
		seen[pos.Pos()] = true
		d := analysis.Diagnostic{Pos: pos.Pos(), End: pos.End(), Category: Rule, Message: message(p.pass, f)}
		if f.Call.Pos() != pos.Pos() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: f.Call.Pos(), End: f.Call.End(), Message: "the query runs here"})
		}
		for _, h := range f.Handlers {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: h.Call.Pos(), End: h.Call.End(),
				Message: fmt.Sprintf("a value from the %s reaches it here", h.Sources.describe())})
		}
		f.Fixes = p.fixes(f)
		patterns.Attach(p.pass, &d, f.Fixes)
		if len(f.Fixes) > 0 {
			res.sites = append(res.sites, patterns.Site{Rule: Rule, Pos: d.Pos, End: d.End, Fixes: f.Fixes})
		}
		p.pass.Report(d)
	}
	res.Flows = p.flows
}

// message says how the text is built, from what, and what to do.
func message(pass *analysis.Pass, f *Finding) string {
	how := constructionName(pass, f.Values[0].Construction)
	if v := f.Values[0]; v.Construction == ast.Node(v.Expr) {
		// No concatenation: the argument itself is the text.
		how = "in the " + f.Library + " call " + f.Method
	}
	var values, idents, frags []string
	clause := ""
	for _, v := range f.Values {
		name := describeExpr(v.Expr)
		if v.Sources != 0 {
			name += " (from the " + v.Sources.describe() + ")"
		}
		switch v.Kind {
		case KindIdentifier:
			if !slices.Contains(idents, name) {
				idents = append(idents, name)
			}
			if clause == "" {
				clause = v.Clause
			}
		case KindFragment:
			frags = appendNew(frags, name)
		default:
			values = appendNew(values, name)
		}
	}
	if clause == "" {
		clause = "a name"
	}
	if v := f.Values[0]; v.Construction == ast.Node(v.Expr) && v.Kind == KindFragment {
		return fmt.Sprintf("the %s call %s runs %s as SQL text; a crafted value can run any statement (SQL injection): keep the SQL constant and pass values as placeholder arguments",
			f.Library, f.Method, andList(frags))
	}
	switch {
	case len(frags) > 0:
		return fmt.Sprintf("SQL text is built %s from %s, which is inserted as SQL; a crafted value can run any statement (SQL injection): build the text from constants and pass values as placeholder arguments",
			how, andList(frags))
	case len(values) > 0 && len(idents) > 0:
		return fmt.Sprintf("SQL text is built %s from %s; a crafted value can change the query (SQL injection): pass it as a placeholder argument, and check %s, used as an identifier (%s), against an allow-list",
			how, andList(values), andList(idents), clause)
	case len(values) > 0:
		return fmt.Sprintf("SQL text is built %s from %s; a crafted value can change the query (SQL injection): pass it as a placeholder argument",
			how, andList(values))
	}
	return fmt.Sprintf("SQL text is built %s from %s, which is used as an identifier (%s); placeholders cannot bind identifiers: check it against an allow-list",
		how, andList(idents), clause)
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func andList(names []string) string {
	switch len(names) {
	case 0:
		return "a value"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// constructionName names how a construction builds text: "with
// fmt.Sprintf", "with +", "with strings.Builder".
func constructionName(pass *analysis.Pass, n ast.Node) string {
	switch x := n.(type) {
	case *ast.BinaryExpr:
		return "with +"
	case *ast.AssignStmt:
		return "with +="
	case *ast.CallExpr:
		if fn := calleeFunc(pass.TypesInfo, x); fn != nil {
			if sig := fn.Type().(*types.Signature); sig.Recv() != nil {
				t := sig.Recv().Type()
				if p, ok := t.(*types.Pointer); ok {
					t = p.Elem()
				}
				if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
					if lib := libraryName(fn); lib != "" {
						return "in the " + lib + " call " + fn.Name()
					}
					return "with " + n.Obj().Pkg().Name() + "." + n.Obj().Name()
				}
			}
			if fn.Pkg() != nil {
				return "with " + fn.Pkg().Name() + "." + fn.Name()
			}
		}
	}
	return "from non-constant strings"
}

// describeExpr renders a value for a message, shortened.
func describeExpr(e ast.Expr) string {
	s := types.ExprString(e)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:39]) + "…"
	}
	return s
}

// isStd reports whether the package's files lie in GOROOT.
func isStd(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return false
	}
	goroot := build.Default.GOROOT
	name := pass.Fset.File(pass.Files[0].Pos()).Name()
	return goroot != "" && strings.HasPrefix(name, filepath.Join(goroot, "src")+string(filepath.Separator))
}
