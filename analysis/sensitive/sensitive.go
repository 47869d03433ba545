package sensitive

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/internal/httpx"
	"github.com/prodready/prodready/patterns"
)

//go:embed doc.go
var doc string

// Rule is the rule ID of this analyzer's findings.
const Rule = "sensitive-field"

// Analyzer reports response bodies that serialise a secret field.
var Analyzer = newAnalyzer(config.Analyzer)

// newAnalyzer builds the analyzer on top of an analyzer providing the
// *config.Config, so tests can supply a configuration.
func newAnalyzer(cfg *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       "sensitivefield",
		Doc:        analysisDoc(doc, "sensitivefield"),
		URL:        "https://pkg.go.dev/github.com/prodready/prodready/analysis/sensitive",
		Requires:   []*analysis.Analyzer{inspect.Analyzer, cfg},
		FactTypes:  []analysis.Fact{new(WritesBody)},
		ResultType: reflect.TypeFor[*Result](),
		Run: func(pass *analysis.Pass) (any, error) {
			c, _ := pass.ResultOf[cfg].(*config.Config)
			return run(pass, c)
		},
	}
}

// analysisDoc extracts the "# Analyzer name" section of doc.go's package
// comment: its first line "name: title" becomes the title line.
func analysisDoc(src, name string) string {
	var lines []string
	in := false
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(line, "package ") {
			break
		}
		text, ok := strings.CutPrefix(line, "//")
		if !ok {
			continue
		}
		text = strings.TrimPrefix(text, " ")
		if heading, ok := strings.CutPrefix(text, "# "); ok {
			in = heading == "Analyzer "+name
			continue
		}
		if in {
			lines = append(lines, text)
		}
	}
	doc := strings.TrimSpace(strings.Join(lines, "\n"))
	return strings.TrimPrefix(doc, name+": ")
}

// Result lists the package's findings with what the fix patterns need. It
// implements patterns.Sites: FixSites offers every applicable pattern of
// each finding, preferred first.
type Result struct {
	Findings []*Finding

	fixPlan fixPlan
}

// Finding is one reported response write.
type Finding struct {
	// Value is the expression written: the argument of Encode, Marshal,
	// c.JSON or the project's helper. The diagnostic spans it.
	Value ast.Expr
	// Type is Value's static type.
	Type types.Type
	// Secrets are the secret fields Value exposes, the reported one first;
	// Secrets[i].Field.Pos() is where each is declared.
	Secrets []Secret
	// Func is the innermost *ast.FuncDecl or *ast.FuncLit holding the write.
	Func ast.Node
}

// WritesBody is the fact exported for a function that writes some of its
// parameters as the body of an HTTP response: writeJSON(w, status, v) or
// respond(c, v). Call sites then treat the matching arguments as written
// to the client, in other packages too.
type WritesBody struct {
	Writes []BodyWrite
}

// BodyWrite describes one parameter a function writes.
type BodyWrite struct {
	// Param is the index of the written parameter (receivers not counted).
	Param int
	// Writer is the index of the io.Writer parameter it is written to, when
	// the value reaches the response only if the caller passes one; -1 when
	// the function writes to the response itself (an http.ResponseWriter or a
	// gin or echo context).
	Writer int
	// Raw is set when the parameter holds bytes already encoded (a []byte
	// or string from json.Marshal) rather than a value to encode.
	Raw bool
}

// AFact marks WritesBody as an analysis fact.
func (*WritesBody) AFact() {}

func (f *WritesBody) String() string {
	var parts []string
	for _, w := range f.Writes {
		s := fmt.Sprintf("param %d", w.Param)
		if w.Raw {
			s = "raw " + s
		}
		if w.Writer >= 0 {
			s += fmt.Sprintf(" to writer %d", w.Writer)
		}
		parts = append(parts, s)
	}
	return "writes body: " + strings.Join(parts, ", ")
}

// Written returns the writes that concern parameter i.
func (f *WritesBody) Written(i int) []BodyWrite {
	var out []BodyWrite
	for _, w := range f.Writes {
		if w.Param == i {
			out = append(out, w)
		}
	}
	return out
}

func (f *WritesBody) add(w BodyWrite) bool {
	for _, x := range f.Writes {
		if x == w {
			return false
		}
	}
	f.Writes = append(f.Writes, w)
	sort.Slice(f.Writes, func(i, j int) bool {
		a, b := f.Writes[i], f.Writes[j]
		if a.Param != b.Param {
			return a.Param < b.Param
		}
		if a.Writer != b.Writer {
			return a.Writer < b.Writer
		}
		return !a.Raw && b.Raw
	})
	return true
}

func run(pass *analysis.Pass, cfg *config.Config) (any, error) {
	result := new(Result)
	if !worthScanning(pass) {
		return result, nil
	}
	var extra []string
	if cfg != nil {
		extra = cfg.Sensitive.Fields
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	a := &analyzer{
		pass:    pass,
		result:  result,
		m:       newMatcher(extra),
		local:   make(map[*types.Func]*WritesBody),
		assigns: collectAssigns(pass.TypesInfo, ins),
	}
	var funcs []funcUnit
	for cur := range ins.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				fn, _ := pass.TypesInfo.Defs[n.Name].(*types.Func)
				funcs = append(funcs, funcUnit{cur: cur, decl: n, fn: fn, body: n.Body})
			}
		case *ast.FuncLit:
			if !insideFunc(cur) {
				funcs = append(funcs, funcUnit{cur: cur, body: n.Body})
			}
		}
	}

	// Facts first, to a fixed point: helpers of this package may call each
	// other in any order.
	for changed := true; changed; {
		changed = false
		for _, u := range funcs {
			if u.fn == nil {
				continue
			}
			for _, w := range a.scan(u, false) {
				f := a.local[u.fn]
				if f == nil {
					f = new(WritesBody)
					a.local[u.fn] = f
				}
				if f.add(w) {
					changed = true
				}
			}
		}
	}
	for fn, f := range a.local {
		pass.ExportObjectFact(fn, f)
	}
	for _, u := range funcs {
		if !strings.HasSuffix(pass.Fset.Position(u.body.Pos()).Filename, "_test.go") {
			a.scan(u, true)
		}
	}
	result.init(pass, a.m)
	for i, d := range a.diags {
		if patterns.Eager() {
			patterns.Attach(pass, &d, result.fixes(result.Findings[i]))
			canonicalFixes(pass, d.SuggestedFixes)
		}
		pass.Report(d)
	}
	return result, nil
}

// insideFunc reports whether a function literal is nested in another
// function (and so scanned with it).
func insideFunc(cur inspector.Cursor) bool {
	for p := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if p != cur {
			return true
		}
	}
	return false
}

// worthScanning skips, cheaply, packages that can neither write a response
// nor call a function that does: no net/http or router import, no JSON
// import, and no fact on anything they import.
func worthScanning(pass *analysis.Pass) bool {
	if httpx.ImportsHTTP(pass.Pkg) {
		return true
	}
	imports := make(map[*types.Package]bool)
	for _, imp := range pass.Pkg.Imports() {
		if jsonPackages[imp.Path()] {
			return true
		}
		imports[imp] = true
	}
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*WritesBody); ok && imports[f.Object.Pkg()] {
			return true
		}
	}
	return false
}

// fact returns what is known of fn: from this package's fixed point or
// from the fact its package exported.
func (a *analyzer) fact(fn *types.Func) *WritesBody {
	if fn.Pkg() == a.pass.Pkg {
		return a.local[fn]
	}
	f := new(WritesBody)
	if a.pass.ImportObjectFact(fn, f) {
		return f
	}
	return nil
}
