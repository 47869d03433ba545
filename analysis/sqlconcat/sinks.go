package sqlconcat

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// Import paths of the database libraries.
const (
	pkgSQL  = "database/sql"
	pkgSQLX = "github.com/jmoiron/sqlx"
	pkgPgx  = "github.com/jackc/pgx"
	pkgGorm = "gorm.io/gorm"
)

// sink locates the SQL text among a query call's arguments.
type sink struct {
	lib    string
	sql    int    // index of the SQL argument
	args   int    // index of the first query argument, -1 when none
	prefix string // clause the argument continues (gorm Order: "ORDER BY ")
	named  bool   // sqlx named query: placeholders are :name
	style  PlaceholderStyle
	ident  bool // the argument is a name list (gorm Order, Group, Select, Table)
}

// calleeFunc returns the function or method a call invokes, including
// interface methods; nil for builtins, conversions and func values.
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

func recvName(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// libraryName returns the short name of the library fn belongs to, "" for
// none.
func libraryName(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	switch p := fn.Pkg().Path(); {
	case p == pkgSQL:
		return "database/sql"
	case p == pkgSQLX:
		return "sqlx"
	case httpx.SamePackage(p, pkgPgx) || strings.HasPrefix(p, pkgPgx+"/"):
		return "pgx"
	case p == pkgGorm:
		return "gorm"
	}
	return ""
}

// sinkOf recognises the query methods of database/sql, sqlx, pgx and gorm.
func sinkOf(info *types.Info, call *ast.CallExpr, fn *types.Func) (sink, bool) {
	lib := libraryName(fn)
	if lib == "" {
		return sink{}, false
	}
	name, recv := fn.Name(), recvName(fn)
	ctx, base := 0, name
	if strings.HasSuffix(name, "Context") {
		ctx, base = 1, strings.TrimSuffix(name, "Context")
	}
	switch lib {
	case "database/sql":
		if recv != "DB" && recv != "Tx" && recv != "Conn" {
			return sink{}, false
		}
		switch base {
		case "Query", "QueryRow", "Exec":
			return sink{lib: lib, sql: ctx, args: ctx + 1}, true
		case "Prepare":
			return sink{lib: lib, sql: ctx, args: -1}, true
		}
	case "sqlx":
		if recv == "" {
			// Package functions take the queryer first.
			switch base {
			case "Get", "Select":
				return sink{lib: lib, sql: ctx + 2, args: ctx + 3}, true
			case "NamedExec", "NamedQuery":
				return sink{lib: lib, sql: ctx + 1, args: ctx + 2, named: true, style: StyleColonName}, true
			}
			return sink{}, false
		}
		if recv == "Stmt" || recv == "NamedStmt" {
			return sink{}, false // prepared: the arguments are values, the SQL is fixed
		}
		switch base {
		case "Get", "Select":
			return sink{lib: lib, sql: ctx + 1, args: ctx + 2}, true
		case "Queryx", "QueryRowx", "Query", "QueryRow", "Exec", "MustExec":
			return sink{lib: lib, sql: ctx, args: ctx + 1}, true
		case "Preparex", "Prepare":
			return sink{lib: lib, sql: ctx, args: -1}, true
		case "NamedExec", "NamedQuery":
			return sink{lib: lib, sql: ctx, args: ctx + 1, named: true, style: StyleColonName}, true
		case "PrepareNamed":
			return sink{lib: lib, sql: ctx, args: -1, named: true, style: StyleColonName}, true
		}
	case "pgx":
		switch {
		case recv == "Batch" && name == "Queue":
			return sink{lib: lib, sql: 0, args: 1, style: StyleDollar}, true
		case recv != "" && (name == "Query" || name == "QueryRow" || name == "Exec"):
			return sink{lib: lib, sql: 1, args: 2, style: StyleDollar}, true
		case recv != "" && name == "Prepare":
			return sink{lib: lib, sql: 2, args: -1, style: StyleDollar}, true
		}
	case "gorm":
		if recv != "DB" || len(call.Args) == 0 || !isStringType(info.TypeOf(call.Args[0])) {
			return sink{}, false
		}
		s := sink{lib: lib, sql: 0, args: 1, style: StyleQuestion}
		switch name {
		case "Raw", "Exec":
		case "Where", "Or", "Not":
			s.prefix = "SELECT * FROM t WHERE "
		case "Having":
			s.prefix = "SELECT * FROM t GROUP BY x HAVING "
		case "Joins", "InnerJoins":
			s.prefix = "SELECT * FROM t "
		case "Order":
			s.prefix, s.args, s.ident = "SELECT * FROM t ORDER BY ", -1, true
		case "Group":
			s.prefix, s.args, s.ident = "SELECT * FROM t GROUP BY ", -1, true
		case "Select", "Distinct":
			s.prefix, s.ident = "SELECT ", true
		case "Pluck":
			s.prefix, s.args, s.ident = "SELECT ", -1, true
		case "Table":
			s.prefix, s.ident = "SELECT * FROM ", true
		default:
			return sink{}, false
		}
		return s, true
	}
	return sink{}, false
}

// passThroughSQL recognises calls whose result is their SQL argument,
// rewritten: sqlx Rebind and In. It returns the argument's index.
func passThroughSQL(fn *types.Func) (int, bool) {
	if fn.Pkg() == nil || fn.Pkg().Path() != pkgSQLX {
		return 0, false
	}
	switch fn.Name() {
	case "Rebind":
		if recvName(fn) == "" {
			return 1, true // sqlx.Rebind(bindType, query)
		}
		return 0, true
	case "In":
		return 0, true
	}
	return 0, false
}

// isStringType reports string-like types: strings and byte slices, and
// named types of them.
func isStringType(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && (b.Kind() == types.Byte || b.Kind() == types.Uint8)
	}
	return false
}

// canInject reports whether a value of type t, formatted into SQL text,
// can carry arbitrary text: strings, byte slices, string slices and maps,
// interfaces (any, fmt.Stringer, error). Numbers, booleans, structs such as
// time.Time and arrays such as uuid.UUID cannot.
func canInject(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0 || u.Kind() == types.UntypedNil
	case *types.Slice:
		return canInject(u.Elem()) || isStringType(t)
	case *types.Interface:
		return true
	case *types.Pointer:
		return canInject(u.Elem())
	case *types.Map:
		return canInject(u.Elem())
	}
	return false
}
