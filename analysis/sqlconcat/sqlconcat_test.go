package sqlconcat_test

import (
	"go/ast"
	"go/types"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/sqlconcat"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlconcat.Analyzer,
		"example.com/store", "example.com/api", "example.com/wrapper")
}

// modPackages are the module fixtures: one per database library (sqlx,
// pgx, gorm, MySQL's ?) and one per router (chi, gorilla/mux, gin, echo).
var modPackages = []string{
	"example.com/app/sqlxapp", "example.com/app/pgxapp", "example.com/app/gormapp", "example.com/app/mysqlapp",
	"example.com/app/chiapp", "example.com/app/muxapp", "example.com/app/ginapp", "example.com/app/echoapp",
}

// TestModules runs the module fixtures in module mode; CI runs `go mod
// download` in testdata/mod first.
func TestModules(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "mod"), sqlconcat.Analyzer,
		modPackages...)
}

// TestFindings checks what the sql/parameterize pattern reads from the
// result: slots, placeholders, styles, constructions and handler flows.
func TestFindings(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sqlconcat.Analyzer, "example.com/store", "example.com/api")
	mod := analysistest.Run(t, filepath.Join(analysistest.TestData(), "mod"), sqlconcat.Analyzer, "example.com/app/mysqlapp", "example.com/app/pgxapp", "example.com/app/gormapp")
	byFunc := map[string]*sqlconcat.Finding{}
	var flows []*sqlconcat.Flow
	related := 0
	for _, r := range append(results, mod...) {
		for _, d := range r.Diagnostics {
			if d.Category != sqlconcat.Rule {
				t.Errorf("category %q, want %q", d.Category, sqlconcat.Rule)
			}
			related += len(d.Related)
		}
		res := r.Result.(*sqlconcat.Result)
		flows = append(flows, res.Flows...)
		for _, f := range res.Findings {
			name := "literal"
			if decl, ok := f.Func.(*ast.FuncDecl); ok {
				name = decl.Name.Name
			}
			if byFunc[name] == nil {
				byFunc[name] = f
			}
		}
	}
	if related == 0 {
		t.Error("no diagnostic carries the query call as related information")
	}

	list := byFunc["ListTasks"]
	if list == nil || len(list.Values) != 1 {
		t.Fatalf("ListTasks: %+v", list)
	}
	v := list.Values[0]
	if !list.Identifier || v.Kind != sqlconcat.KindIdentifier || v.Clause != "ORDER BY" || v.Placeholder != "" || v.ArgIndex != -1 ||
		types.ExprString(v.Expr) != "orderBy" || !slices.Equal(v.Params, []int{2}) || v.Sources != 0 {
		t.Errorf("ListTasks value: %+v", v)
	}
	if list.Style != sqlconcat.StyleDollar || list.ArgStart != 2 || list.Args != 1 || list.Method != "QueryContext" || list.Library != "database/sql" {
		t.Errorf("ListTasks: style %v argStart %d args %d %s %s", list.Style, list.ArgStart, list.Args, list.Library, list.Method)
	}
	if call, ok := v.Construction.(*ast.CallExpr); !ok || types.ExprString(call.Fun) != "fmt.Sprintf" || len(list.Constructions) != 1 {
		t.Errorf("ListTasks construction: %v", v.Construction)
	}
	if len(list.Parts) != 2 || list.Parts[0].Text != "SELECT id, user_id, title FROM tasks WHERE user_id = $1 ORDER BY " || list.Parts[1].Value != 0 || list.Parts[1].Verb != "%s" {
		t.Errorf("ListTasks parts: %+v", list.Parts)
	}

	title := byFunc["FindByTitle"].Values[0]
	if title.Kind != sqlconcat.KindValue || !title.Quoted || title.Placeholder != "$1" || title.ArgIndex != 0 || title.Clause != "WHERE" {
		t.Errorf("FindByTitle value: %+v", title)
	}
	term := byFunc["Search"].Values[0]
	if term.Placeholder != "$2" || term.ArgIndex != 1 || !term.Quoted {
		t.Errorf("Search value: %+v", term)
	}
	if _, ok := term.Construction.(*ast.BinaryExpr); !ok {
		t.Errorf("Search construction: %T", term.Construction)
	}
	status := byFunc["Filter"].Values[0]
	if !status.Nested || types.ExprString(status.Expr) != "f.Status" || !slices.Equal(status.Params, []int{1}) {
		t.Errorf("Filter value: %+v", status)
	}

	search := byFunc["search"]
	if search == nil || search.Sources != sqlconcat.FromForm || search.Values[0].Sources != sqlconcat.FromForm {
		t.Errorf("api search: %+v", search)
	}

	var lit []*sqlconcat.Finding
	for _, r := range mod {
		for _, f := range r.Result.(*sqlconcat.Result).Findings {
			lit = append(lit, f)
		}
	}
	styles := map[string]sqlconcat.PlaceholderStyle{}
	for _, f := range lit {
		styles[f.Library+"."+f.Method] = f.Style
		if f.Library == "database/sql" {
			if v := f.Values[0]; v.Placeholder != "?" || v.ArgIndex != 1 || !v.Quoted {
				t.Errorf("mysql value: %+v", v)
			}
		}
	}
	if styles["database/sql.Query"] != sqlconcat.StyleQuestion || styles["pgx.Query"] != sqlconcat.StyleDollar || styles["gorm.Where"] != sqlconcat.StyleQuestion {
		t.Errorf("styles: %v", styles)
	}

	var toList *sqlconcat.Flow
	for _, fl := range flows {
		if fl.Func == "store.ListTasks" {
			toList = fl
		}
	}
	if toList == nil || toList.Sources != sqlconcat.FromQuery || types.ExprString(toList.Arg) != "order" || toList.Target.Line != 30 {
		t.Errorf("flow to ListTasks: %+v", toList)
	}
	if decl, ok := toList.Handler.(*ast.FuncDecl); !ok || decl.Name.Name != "listTasks" {
		t.Errorf("flow handler: %v", toList.Handler)
	}
	for _, fl := range flows {
		if types.ExprString(fl.Arg) == `"title"` {
			t.Errorf("a constant argument is a flow: %+v", fl)
		}
	}
}
