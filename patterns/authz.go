package patterns

import (
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"

	"github.com/prodready/prodready/rewrite"
)

// The authorization patterns answer unscoped-query: a record loaded or
// changed by a request-supplied id with no owner condition.
var (
	ScopeQuery = &Pattern{
		ID:      "authz/scope-query",
		Concern: "authorization",
		Rules:   []string{"unscoped-query"},
		Title:   "Scope the query to the current user",
		Description: `Adds the owner condition to the query, so a record of another user is simply not found.

In SQL text the condition goes at the end of the WHERE clause (before ORDER BY, LIMIT, RETURNING; a
top-level OR is parenthesised first) in the driver's own placeholder style: the next $n for
PostgreSQL and pgx, ? for MySQL and SQLite, @name with sql.Named or a pgx.NamedArgs entry; a gorm
chain gains .Where("<column> = ?", id). The owner column is the one the project already uses for
that table (scope.ownerColumns: the column other queries on the table compare, or the one the
query reads), never a guess.

When the query lives in a store in another package, the fix switches the handler's call to the
store's existing scoped twin (GetTaskForUser next to GetTask: same parameters plus one the store
compares with an owner column) and leaves other callers alone; without such a twin it is not
offered and authz/ownership-check is.

The current user's id comes from the handler's own variable when it has one; otherwise the
handler first obtains the user the way its sibling handlers do, with their 401 answer.`,
		Params: []Param{
			{"User", "how the handler obtains the current user and the expression of the user's id"},
			{"Call", "the query call, or the store call to switch to the scoped twin Method"},
			{"Lit, SQL / SQLExpr, Suffix", "the SQL text with the owner condition: the literal rewritten, or a constant suffix appended"},
			{"Where", "gorm: the condition added with .Where"},
			{"ArgIndex, Arg / MapLit, MapKey", "where the owner value goes among the arguments, or into a pgx.NamedArgs literal"},
		},
		Example: Example{Before: scopeQueryBefore, After: scopeQueryAfter},
	}
	OwnershipCheck = &Pattern{
		ID:      "authz/ownership-check",
		Concern: "authorization",
		Rules:   []string{"unscoped-query"},
		Title:   "Check the record belongs to the current user",
		Description: `Right after the handler loads the record (and after its error check), compares the record's
owner field with the current user's id and answers 404, as if the record did not exist, so ids of
other users' records cannot even be confirmed.

The owner field is the record's field for the owner column (OwnerID for owner_id, UserID, TenantID…).
The 404 is written the way the project already writes it: the handler's or a sibling handler's
own not-found statement (httputil.WriteError(w, http.StatusNotFound, "task not found")), else
http.Error, gin c.AbortWithStatus or echo.ErrNotFound. The current user comes from the handler's
variable or is obtained as sibling handlers do. Offered only when the handler holds the loaded
record.`,
		Params: []Param{
			{"User", "how the handler obtains the current user and the expression of the user's id"},
			{"After", "the statement after which the check goes: the load, or its error check"},
			{"Owner", "the loaded record's owner field (t.OwnerID)"},
			{"Nil", "the record variable when it may be nil at that point"},
			{"Deny", "the statements answering 404 and leaving the handler"},
		},
		Example: Example{Before: scopeQueryBefore, After: ownershipCheckAfter},
	}
)

func init() {
	Register(ScopeQuery)
	Register(OwnershipCheck)
}

// Snippet is Go source a pattern inserts, written for the place it lands in,
// except for package qualifiers: each key of Imports is a qualifier used in
// Src and maps to an import path. The transformation imports the path and
// renames the qualifier when the file knows the package by another name.
type Snippet struct {
	Src     string
	Imports map[string]string
}

// JoinSnippets concatenates snippets with sep, merging their imports.
func JoinSnippets(sep string, parts ...Snippet) Snippet {
	out := Snippet{Imports: map[string]string{}}
	var srcs []string
	for _, p := range parts {
		srcs = append(srcs, p.Src)
		maps.Copy(out.Imports, p.Imports)
	}
	out.Src = strings.Join(srcs, sep)
	return out
}

// CurrentUser is how a handler obtains the current user's id.
type CurrentUser struct {
	// Body is the opening brace of the handler's body; when Prelude is set
	// it is inserted there, first.
	Body    token.Pos
	Prelude Snippet // statements obtaining the user, with the 401 answer
	ID      Snippet // the user's id where the fix uses it: user.ID
}

// ScopeQueryParams is authz/scope-query at one site. Exactly one of Method,
// Lit, SQLExpr and Where says how the condition is added.
type ScopeQueryParams struct {
	User CurrentUser
	// Call and CallEnd delimit the call to change: the query call, or a
	// store call to switch to Method.
	Call, CallEnd token.Pos
	Method        string    // the scoped twin to call instead
	Lit           token.Pos // a string literal holding the whole query, rewritten to SQL
	SQL           string
	SQLExpr       token.Pos // an expression holding the query, with Suffix appended as a constant
	Suffix        string
	Where         string // gorm: the condition of the .Where added before Call's method
	// ArgIndex is where Arg goes among Call's arguments (-1 appends),
	// unless MapLit is set: then Arg is added to that pgx.NamedArgs
	// literal under MapKey.
	ArgIndex int
	Arg      Snippet
	MapLit   token.Pos
	MapKey   string
}

// Fix instantiates authz/scope-query with p.
func (p ScopeQueryParams) Fix() Fix {
	return Fix{Pattern: ScopeQuery, Apply: p.apply}
}

func (p ScopeQueryParams) apply(e *rewrite.Editor) error {
	call, err := authzNode[*ast.CallExpr](e, p.Call, p.CallEnd)
	if err != nil {
		return err
	}
	file, err := e.FileAt(p.Call)
	if err != nil {
		return err
	}
	dcall := e.Dst(call).(*dst.CallExpr)
	arg, err := authzExpr(e, file, p.Arg)
	if err != nil {
		return err
	}
	switch {
	case p.Method != "":
		sel, ok := dcall.Fun.(*dst.SelectorExpr)
		if !ok {
			return fmt.Errorf("scope-query: the call is not a method call")
		}
		sel.Sel = dst.NewIdent(p.Method)
	case p.Lit.IsValid():
		lit, err := authzNode[*ast.BasicLit](e, p.Lit, token.NoPos)
		if err != nil {
			return err
		}
		e.Dst(lit).(*dst.BasicLit).Value = authzQuote(lit.Value, p.SQL)
	case p.SQLExpr.IsValid():
		x, err := authzNode[ast.Expr](e, p.SQLExpr, token.NoPos)
		if err != nil {
			return err
		}
		dx := e.Dst(x).(dst.Expr)
		sum := &dst.BinaryExpr{X: dst.Clone(dx).(dst.Expr), Op: token.ADD, Y: &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(p.Suffix)}}
		if !authzReplace(e, x, sum) {
			return fmt.Errorf("scope-query: cannot replace the SQL expression")
		}
	case p.Where != "":
		sel, ok := dcall.Fun.(*dst.SelectorExpr)
		if !ok {
			return fmt.Errorf("scope-query: the gorm call is not a method call")
		}
		sel.X = &dst.CallExpr{
			Fun:  &dst.SelectorExpr{X: sel.X, Sel: dst.NewIdent("Where")},
			Args: []dst.Expr{&dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(p.Where)}, arg},
		}
		return p.User.insert(e, file)
	default:
		return fmt.Errorf("scope-query: no way to add the condition")
	}
	switch {
	case p.MapLit.IsValid():
		lit, err := authzNode[*ast.CompositeLit](e, p.MapLit, token.NoPos)
		if err != nil {
			return err
		}
		dl := e.Dst(lit).(*dst.CompositeLit)
		kv := &dst.KeyValueExpr{Key: &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(p.MapKey)}, Value: arg}
		if len(dl.Elts) > 0 && dl.Elts[0].Decorations().Before == dst.NewLine {
			kv.Decs.Before, kv.Decs.After = dst.NewLine, dst.NewLine
		}
		dl.Elts = append(dl.Elts, kv)
	case p.ArgIndex < 0 || p.ArgIndex >= len(dcall.Args):
		dcall.Args = append(dcall.Args, arg)
	default:
		dcall.Args = slices.Insert(dcall.Args, p.ArgIndex, arg)
	}
	return p.User.insert(e, file)
}

// OwnershipCheckParams is authz/ownership-check at one site.
type OwnershipCheckParams struct {
	User  CurrentUser
	After token.Pos // the statement after which the check goes
	Owner Snippet   // the loaded record's owner: t.OwnerID
	Nil   string    // the record variable, when it may be nil there
	Deny  Snippet   // statements answering 404 that leave the handler
}

// Fix instantiates authz/ownership-check with p.
func (p OwnershipCheckParams) Fix() Fix {
	return Fix{Pattern: OwnershipCheck, Apply: p.apply}
}

func (p OwnershipCheckParams) apply(e *rewrite.Editor) error {
	after, err := authzNode[ast.Stmt](e, p.After, token.NoPos)
	if err != nil {
		return err
	}
	file, err := e.FileAt(p.After)
	if err != nil {
		return err
	}
	cond := JoinSnippets(" != ", p.Owner, p.User.ID)
	if p.Nil != "" {
		cond.Src = p.Nil + " == nil || " + cond.Src
	}
	check := JoinSnippets("", cond, p.Deny)
	check.Src = "if " + cond.Src + " {\n" + p.Deny.Src + "\n}"
	stmts, err := authzStmts(e, file, check)
	if err != nil {
		return err
	}
	if !authzInsertAfter(e, after, stmts) {
		return fmt.Errorf("ownership-check: the statement is not in a block")
	}
	return p.User.insert(e, file)
}

// insert puts the prelude first in the handler body.
func (u CurrentUser) insert(e *rewrite.Editor, file *dst.File) error {
	if u.Prelude.Src == "" {
		return nil
	}
	body, err := authzNode[*ast.BlockStmt](e, u.Body, token.NoPos)
	if err != nil {
		return err
	}
	stmts, err := authzStmts(e, file, u.Prelude)
	if err != nil {
		return err
	}
	db := e.Dst(body).(*dst.BlockStmt)
	if len(db.List) > 0 {
		stmts[len(stmts)-1].Decorations().After = dst.EmptyLine
	}
	db.List = append(stmts, db.List...)
	return nil
}

// authzNode returns the node of type T of the package that starts at pos
// (and ends at end, when end is valid).
func authzNode[T ast.Node](e *rewrite.Editor, pos, end token.Pos) (T, error) {
	var found T
	ok := false
	for _, f := range e.Package().Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if ok || n == nil || n.Pos() > pos || n.End() < pos {
				return false
			}
			if t, is := n.(T); is && n.Pos() == pos && (!end.IsValid() || n.End() == end) {
				if _, paren := n.(*ast.ParenExpr); !paren {
					found, ok = t, true
					return false
				}
			}
			return true
		})
	}
	if !ok {
		return found, fmt.Errorf("no %T at %s", found, e.Package().Fset.Position(pos))
	}
	return found, nil
}

// authzInsertAfter inserts stmts after the statement s in its block.
func authzInsertAfter(e *rewrite.Editor, s ast.Stmt, stmts []dst.Stmt) bool {
	return insertStmts(e, s, stmts, true)
}

// insertStmts inserts stmts before or after the statement s in its block
// or case clause.
func insertStmts(e *rewrite.Editor, s ast.Stmt, stmts []dst.Stmt, after bool) bool {
	ds := e.Dst(s)
	done := false
	file, err := e.FileAt(s.Pos())
	if err != nil {
		return false
	}
	dst.Inspect(file, func(n dst.Node) bool {
		if done {
			return false
		}
		var list *[]dst.Stmt
		switch b := n.(type) {
		case *dst.BlockStmt:
			list = &b.List
		case *dst.CaseClause:
			list = &b.Body
		case *dst.CommClause:
			list = &b.Body
		default:
			return true
		}
		if i := slices.Index(*list, ds.(dst.Stmt)); i >= 0 {
			if after {
				*list = slices.Insert(*list, i+1, stmts...)
			} else {
				// The new statements take the blank line above s; its
				// comments stay with it.
				decs := ds.Decorations()
				stmts[0].Decorations().Before, decs.Before = decs.Before, dst.NewLine
				*list = slices.Insert(*list, i, stmts...)
			}
			done = true
			return false
		}
		return true
	})
	return done
}

// authzReplace replaces the dst counterpart of x with y.
func authzReplace(e *rewrite.Editor, x ast.Expr, y dst.Expr) bool {
	dx := e.Dst(x)
	file, err := e.FileAt(x.Pos())
	if err != nil {
		return false
	}
	done := false
	dstutil.Apply(file, func(c *dstutil.Cursor) bool {
		if !done && c.Node() == dx {
			c.Replace(y)
			done = true
			return false
		}
		return !done
	}, nil)
	return done
}

// authzQuote returns s as a string literal of the kind of orig: raw when
// orig is raw and s can be, interpreted otherwise.
func authzQuote(orig, s string) string {
	if strings.HasPrefix(orig, "`") && !strings.Contains(s, "`") && !strings.Contains(s, "\r") {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

func authzExpr(e *rewrite.Editor, file *dst.File, s Snippet) (dst.Expr, error) {
	x, err := rewrite.ParseExpr(s.Src)
	if err != nil {
		return nil, err
	}
	wrap := &dst.ExprStmt{X: x}
	authzRequalify(e, file, wrap, s.Imports)
	return wrap.X, nil
}

func authzStmts(e *rewrite.Editor, file *dst.File, s Snippet) ([]dst.Stmt, error) {
	stmts, err := rewrite.ParseStmts(s.Src)
	if err != nil {
		return nil, err
	}
	block := &dst.BlockStmt{List: stmts}
	authzRequalify(e, file, block, s.Imports)
	return block.List, nil
}

// requalify imports the snippet's packages into file and renames their
// qualifiers in n to the names the file uses.
func authzRequalify(e *rewrite.Editor, file *dst.File, n dst.Node, imports map[string]string) {
	names := map[string]string{}
	for _, q := range slices.Sorted(maps.Keys(imports)) {
		names[q] = e.AddImport(file, imports[q], q)
	}
	dstutil.Apply(n, func(c *dstutil.Cursor) bool {
		sel, ok := c.Node().(*dst.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*dst.Ident)
		if !ok {
			return true
		}
		name, ok := names[id.Name]
		switch {
		case !ok || name == id.Name:
		case name == "":
			sel.Sel.Decs.NodeDecs = sel.Decs.NodeDecs
			c.Replace(sel.Sel)
		default:
			id.Name = name
		}
		return true
	}, nil)
}

// ScopeSQL adds `AND cond` at the end of the top-level WHERE clause of
// query: before GROUP BY, ORDER BY, LIMIT, RETURNING and the like, with
// the existing condition parenthesised when it has a top-level OR. at is
// the offset in query where cond went; the caller counts the positional
// placeholders before it. It fails when the query has no top-level WHERE,
// or more than one (UNION).
func ScopeSQL(query, cond string) (out string, at int, err error) {
	where, end, hasOr := -1, -1, false
	depth := 0
	last := 0 // end of the last token in the WHERE clause
	for i := 0; i < len(query); {
		c := query[i]
		start := i
		switch {
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			for i < len(query) && query[i] != '\n' {
				i++
			}
			continue
		case c == '/' && strings.HasPrefix(query[i:], "/*"):
			j := strings.Index(query[i+2:], "*/")
			if j < 0 {
				return "", 0, fmt.Errorf("unterminated comment in query")
			}
			i += j + 4
			continue
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(query) && query[j] != c {
				j++
			}
			if j == len(query) {
				return "", 0, fmt.Errorf("unterminated quote in query")
			}
			i = j + 1
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '(':
			depth++
			i++
		case c == ')':
			depth--
			i++
		case c == ';':
			if depth == 0 && where >= 0 && end < 0 {
				end = last
			}
			i++
		case authzWordByte(c):
			for i < len(query) && (authzWordByte(query[i]) || query[i] == '.') {
				i++
			}
			if depth == 0 {
				switch w := strings.ToLower(query[start:i]); {
				case w == "where":
					if where >= 0 {
						return "", 0, fmt.Errorf("query has more than one WHERE clause")
					}
					where = i
					last = i
					continue
				case where >= 0 && end < 0 && authzClauseEnds[w]:
					end = last
				case where >= 0 && end < 0 && w == "or":
					hasOr = true
				}
			}
		default:
			i++
		}
		if where >= 0 && end < 0 {
			last = i
		}
	}
	if where < 0 {
		return "", 0, fmt.Errorf("query has no WHERE clause")
	}
	if end < 0 {
		end = last
	}
	if strings.TrimSpace(query[where:end]) == "" {
		return "", 0, fmt.Errorf("empty WHERE clause")
	}
	if hasOr {
		body := query[where:end]
		lead := len(body) - len(strings.TrimLeft(body, " \t\r\n"))
		return query[:where+lead] + "(" + query[where+lead:end] + ") AND " + cond + query[end:], end, nil
	}
	return query[:end] + " AND " + cond + query[end:], end, nil
}

// authzClauseEnds lists the keywords that end a WHERE clause.
var authzClauseEnds = map[string]bool{
	"group": true, "order": true, "limit": true, "offset": true, "returning": true, "for": true,
	"having": true, "window": true, "union": true, "intersect": true, "except": true, "fetch": true,
}

func authzWordByte(c byte) bool {
	return c == '_' || c == '$' || c == '@' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
}

const scopeQueryBefore = `package tasks

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
)

type User struct{ ID int64 }

type ctxKey struct{}

func CurrentUser(ctx context.Context) (*User, bool) {
	u, ok := ctx.Value(ctxKey{}).(*User)
	return u, ok
}

type Task struct {
	ID, OwnerID int64
	Title       string
}

type Handler struct{ db *sql.DB }

func (h *Handler) listTasks(w http.ResponseWriter, r *http.Request) {
	user, ok := CurrentUser(r.Context())
	if !ok {
		http.Error(w, "sign in first", http.StatusUnauthorized)
		return
	}
	rows, err := h.db.QueryContext(r.Context(), "SELECT id, title FROM tasks WHERE owner_id = $1", user.ID)
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

func (h *Handler) getTask(w http.ResponseWriter, r *http.Request) {
	var t Task
	err := h.db.QueryRowContext(r.Context(), "SELECT id, owner_id, title FROM tasks WHERE id = $1", r.PathValue("id")).Scan(&t.ID, &t.OwnerID, &t.Title)
	if err != nil {
		http.Error(w, "task not found", http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(t)
}
`

const scopeQueryAfter = `package tasks

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
)

type User struct{ ID int64 }

type ctxKey struct{}

func CurrentUser(ctx context.Context) (*User, bool) {
	u, ok := ctx.Value(ctxKey{}).(*User)
	return u, ok
}

type Task struct {
	ID, OwnerID int64
	Title       string
}

type Handler struct{ db *sql.DB }

func (h *Handler) listTasks(w http.ResponseWriter, r *http.Request) {
	user, ok := CurrentUser(r.Context())
	if !ok {
		http.Error(w, "sign in first", http.StatusUnauthorized)
		return
	}
	rows, err := h.db.QueryContext(r.Context(), "SELECT id, title FROM tasks WHERE owner_id = $1", user.ID)
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

func (h *Handler) getTask(w http.ResponseWriter, r *http.Request) {
	user, ok := CurrentUser(r.Context())
	if !ok {
		http.Error(w, "sign in first", http.StatusUnauthorized)
		return
	}

	var t Task
	err := h.db.QueryRowContext(r.Context(), "SELECT id, owner_id, title FROM tasks WHERE id = $1 AND owner_id = $2", r.PathValue("id"), user.ID).Scan(&t.ID, &t.OwnerID, &t.Title)
	if err != nil {
		http.Error(w, "task not found", http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(t)
}
`

const ownershipCheckAfter = `package tasks

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
)

type User struct{ ID int64 }

type ctxKey struct{}

func CurrentUser(ctx context.Context) (*User, bool) {
	u, ok := ctx.Value(ctxKey{}).(*User)
	return u, ok
}

type Task struct {
	ID, OwnerID int64
	Title       string
}

type Handler struct{ db *sql.DB }

func (h *Handler) listTasks(w http.ResponseWriter, r *http.Request) {
	user, ok := CurrentUser(r.Context())
	if !ok {
		http.Error(w, "sign in first", http.StatusUnauthorized)
		return
	}
	rows, err := h.db.QueryContext(r.Context(), "SELECT id, title FROM tasks WHERE owner_id = $1", user.ID)
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

func (h *Handler) getTask(w http.ResponseWriter, r *http.Request) {
	user, ok := CurrentUser(r.Context())
	if !ok {
		http.Error(w, "sign in first", http.StatusUnauthorized)
		return
	}

	var t Task
	err := h.db.QueryRowContext(r.Context(), "SELECT id, owner_id, title FROM tasks WHERE id = $1", r.PathValue("id")).Scan(&t.ID, &t.OwnerID, &t.Title)
	if err != nil {
		http.Error(w, "task not found", http.StatusNotFound)
		return
	}
	if t.OwnerID != user.ID {
		http.Error(w, "task not found", http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(t)
}
`
