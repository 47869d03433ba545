package patterns

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"

	"github.com/prodready/prodready/rewrite"
)

// The error-handling patterns answer ignored-error, missing-return and
// error-detail.
var (
	CheckAndRespond = &Pattern{
		ID:      "errors/check-and-respond",
		Concern: "error handling",
		Rules:   []string{"ignored-error"},
		Title:   "Check the error and respond",
		Description: `Checks the discarded error and answers the request when it is set, then leaves the handler.

A call whose results are not used becomes if err := f(); err != nil { … } (with _ for the other
results); a blank among used results is renamed (v, err := f()) and the check follows the
statement. The error variable is err unless that would shadow an err the rest of the block reads,
clobber one it still needs, or clash with a later declaration; then a free name is taken
(deleteErr, err2). An existing err is reused only when it is declared in the same block and its
value is dead there.

The answer is the one the project already gives: the way the handler or its siblings answer an
error of the same function; else, for a decoder reading the request's input (json Decode of
r.Body, strconv of a query parameter — decoding a stored document is the server's failure) or the
package's own validators, 400; else the package's own internal-error helper
(s.internalError(w, r, err)), or the project's logger (log/slog, log, zap, zerolog, whichever the
package uses; log/slog with the request context when none) followed by its error writer
(httputil.WriteError(w, 500, http.StatusText(500))) or http.Error with the status text. gin
answers with c.AbortWithStatusJSON (the key the package's error bodies use) or c.AbortWithStatus,
and after c.Bind* — which has already answered 400 — only returns; echo returns the error
(return err, return helper(c, err)), which echo answers with 500 and its status text.

Not offered when the handler has already written its response, or called the next handler, before
the statement (a second status would only corrupt it), nor where the statement is not in a block
(if and switch headers, for post statements).`,
		Params: []Param{
			{"Stmt", "the statement that drops the error"},
			{"Results, ErrIndex", "how many results the call has, and which is the error"},
			{"Err, Define", "the error variable's name, and whether the statement declares it (:=)"},
			{"Init", "whether the statement becomes the init of the if (no other result is used)"},
			{"Respond", "the statements answering the error and leaving the handler"},
		},
		Example: Example{Before: checkAndRespondBefore, After: checkAndRespondAfter},
	}
	AddReturn = &Pattern{
		ID:      "errors/add-return",
		Concern: "error handling",
		Rules:   []string{"missing-return"},
		Title:   "Return after writing the error response",
		Description: `Adds a return at the end of the branch that writes the error response, so nothing after it runs.

net/http and gin handlers get a bare return — for gin also after c.AbortWith…, which stops the
middleware chain but not the function. An echo handler whose branch ends in the write itself
returns it (c.JSON(…) becomes return c.JSON(…), internal(c, err) becomes return internal(c, err));
otherwise it gets return nil, the response being written.

The write is always directly in the handler: a write in a function literal inside it is that
literal's business. Inside a loop the branch returns too, rather than continuing with the next
iteration or breaking out of the loop: the response is written, and the next iteration or the code
after the loop would write again.`,
		Params: []Param{
			{"After", "the last statement of the branch"},
			{"Return", "the return statement: return, return nil"},
			{"ReturnCall", "echo: return the branch's last call instead of adding a statement"},
		},
		Example: Example{Before: addReturnBefore, After: addReturnAfter},
	}
	GenericMessage = &Pattern{
		ID:      "errors/generic-message",
		Concern: "error handling",
		Rules:   []string{"error-detail"},
		Title:   "Log the error and send a generic message",
		Description: `Logs the error on the server and sends the status text instead of its text.

The error is logged right before the write (unless a statement before it in the block logs it
already), with the project's own logger (the receiver's
s.logger, a package logger, log/slog, log, zap or zerolog, in the style the package already uses:
ErrorContext with the request context when it does, its key for the error), else with
slog.ErrorContext and the request's context. The text sent becomes http.StatusText of the status
the handler chose (http.Error's, the helper's status argument, gin's and echo's c.JSON,
echo.NewHTTPError, or the WriteHeader just before a write), or "request failed" when no status
is known. Only the part carrying the error changes: the key of gin.H{"error": …} stays, a format
keeps its other verbs.

Not offered where the text reaches the client through an error-typed parameter of a helper
(httputil.Fail(w, err): the helper is what sends it), where the error value cannot be logged
without evaluating something twice, or where the write is not a statement of a block.`,
		Params: []Param{
			{"Stmt", "the statement that sends the error text; the log goes before it"},
			{"Log", "the statement logging the error"},
			{"Arg", "the expression carrying the error text"},
			{"Message", "what is sent instead: http.StatusText(code) or a fixed text"},
		},
		Example: Example{Before: genericMessageBefore, After: genericMessageAfter},
	}
)

func init() {
	Register(CheckAndRespond)
	Register(AddReturn)
	Register(GenericMessage)
}

// CheckAndRespondParams is errors/check-and-respond at one site.
type CheckAndRespondParams struct {
	// Stmt is the position of the *ast.ExprStmt or *ast.AssignStmt that
	// drops the error.
	Stmt token.Pos
	// Results is the number of results of the call; ErrIndex the error's.
	Results, ErrIndex int
	// Err names the error variable. With Init, the statement becomes the
	// init of if Err := call; Err != nil; otherwise the blank at ErrIndex
	// of the assignment becomes Err (declared with := when Define) and the
	// check follows the statement.
	Err          string
	Init, Define bool
	// Respond answers the error and leaves the handler.
	Respond Snippet
}

// Fix instantiates errors/check-and-respond with p.
func (p CheckAndRespondParams) Fix() Fix {
	return Fix{Pattern: CheckAndRespond, Apply: p.apply}
}

func (p CheckAndRespondParams) apply(e *rewrite.Editor) error {
	stmt, err := authzNode[ast.Stmt](e, p.Stmt, token.NoPos)
	if err != nil {
		return err
	}
	file, err := e.FileAt(p.Stmt)
	if err != nil {
		return err
	}
	body, err := authzStmts(e, file, p.Respond)
	if err != nil {
		return err
	}
	cond, err := rewrite.ParseExpr(p.Err + " != nil")
	if err != nil {
		return err
	}
	check := &dst.IfStmt{Cond: cond, Body: &dst.BlockStmt{List: body}}
	ds := e.Dst(stmt).(dst.Stmt)
	var call dst.Expr
	switch s := ds.(type) {
	case *dst.ExprStmt:
		call = s.X
	case *dst.AssignStmt:
		if len(s.Rhs) != 1 {
			return fmt.Errorf("check-and-respond: the assignment has %d values", len(s.Rhs))
		}
		call = s.Rhs[0]
		if !p.Init {
			if p.ErrIndex >= len(s.Lhs) {
				return fmt.Errorf("check-and-respond: the assignment has no result %d", p.ErrIndex)
			}
			s.Lhs[p.ErrIndex] = dst.NewIdent(p.Err)
			if p.Define {
				s.Tok = token.DEFINE
			}
			check.Decs.Before, check.Decs.After = dst.NewLine, s.Decs.After
			s.Decs.After = dst.NewLine
			return atStmt(e, stmt, func(c *dstutil.Cursor) { c.InsertAfter(check) })
		}
	default:
		return fmt.Errorf("check-and-respond: %T is no call statement", ds)
	}
	if !p.Init {
		return fmt.Errorf("check-and-respond: a call statement can only become the if's init")
	}
	lhs := make([]dst.Expr, p.Results)
	for i := range lhs {
		lhs[i] = dst.NewIdent("_")
		if i == p.ErrIndex {
			lhs[i] = dst.NewIdent(p.Err)
		}
	}
	check.Init = &dst.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: []dst.Expr{call}}
	moveDecorations(ds, check)
	return atStmt(e, stmt, func(c *dstutil.Cursor) { c.Replace(check) })
}

// AddReturnParams is errors/add-return at one site.
type AddReturnParams struct {
	After token.Pos // the last statement of the branch writing the error
	// Return is the statement added after it: return, return nil. With
	// ReturnCall, After is instead an expression statement whose call
	// becomes the returned value (echo: return c.JSON(…)).
	Return     Snippet
	ReturnCall bool
}

// Fix instantiates errors/add-return with p.
func (p AddReturnParams) Fix() Fix {
	return Fix{Pattern: AddReturn, Apply: p.apply}
}

func (p AddReturnParams) apply(e *rewrite.Editor) error {
	after, err := authzNode[ast.Stmt](e, p.After, token.NoPos)
	if err != nil {
		return err
	}
	ds := e.Dst(after).(dst.Stmt)
	if p.ReturnCall {
		es, ok := ds.(*dst.ExprStmt)
		if !ok {
			return fmt.Errorf("add-return: %T is no call statement", ds)
		}
		ret := &dst.ReturnStmt{Results: []dst.Expr{es.X}}
		moveDecorations(es, ret)
		return atStmt(e, after, func(c *dstutil.Cursor) { c.Replace(ret) })
	}
	file, err := e.FileAt(p.After)
	if err != nil {
		return err
	}
	stmts, err := authzStmts(e, file, p.Return)
	if err != nil {
		return err
	}
	d := ds.Decorations()
	stmts[0].Decorations().Before = dst.NewLine
	stmts[len(stmts)-1].Decorations().After = d.After
	d.After = dst.NewLine
	return atStmt(e, after, func(c *dstutil.Cursor) {
		for i := len(stmts) - 1; i >= 0; i-- {
			c.InsertAfter(stmts[i])
		}
	})
}

// GenericMessageParams is errors/generic-message at one site.
type GenericMessageParams struct {
	Stmt token.Pos // the statement sending the error text
	Log  Snippet   // statements logging the error, inserted before Stmt; empty when it is logged already
	// Arg and ArgEnd delimit the expression carrying the error text, which
	// Message replaces.
	Arg, ArgEnd token.Pos
	Message     Snippet
}

// Fix instantiates errors/generic-message with p.
func (p GenericMessageParams) Fix() Fix {
	return Fix{Pattern: GenericMessage, Apply: p.apply}
}

func (p GenericMessageParams) apply(e *rewrite.Editor) error {
	stmt, err := authzNode[ast.Stmt](e, p.Stmt, token.NoPos)
	if err != nil {
		return err
	}
	arg, err := authzNode[ast.Expr](e, p.Arg, p.ArgEnd)
	if err != nil {
		return err
	}
	file, err := e.FileAt(p.Stmt)
	if err != nil {
		return err
	}
	msg, err := authzExpr(e, file, p.Message)
	if err != nil {
		return err
	}
	da, dm := e.Dst(arg).Decorations(), msg.Decorations()
	dm.Before, dm.After, dm.Start, dm.End = da.Before, da.After, da.Start, da.End
	if !authzReplace(e, arg, msg) {
		return fmt.Errorf("generic-message: cannot replace the error text")
	}
	if p.Log.Src == "" {
		return nil // the error is logged already
	}
	logs, err := authzStmts(e, file, p.Log)
	if err != nil {
		return err
	}
	d := e.Dst(stmt).Decorations()
	logs[0].Decorations().Before, d.Before = d.Before, dst.NewLine
	logs[0].Decorations().Start, d.Start = d.Start, nil
	return atStmt(e, stmt, func(c *dstutil.Cursor) {
		for _, s := range logs {
			c.InsertBefore(s)
		}
	})
}

// atStmt calls edit with a cursor on the dst counterpart of s, which must
// be an element of a statement list.
func atStmt(e *rewrite.Editor, s ast.Stmt, edit func(c *dstutil.Cursor)) error {
	ds := e.Dst(s)
	file, err := e.FileAt(s.Pos())
	if err != nil {
		return err
	}
	found, listed := false, false
	dstutil.Apply(file, func(c *dstutil.Cursor) bool {
		if found {
			return false
		}
		if c.Node() == ds {
			found = true
			if listed = c.Index() >= 0; listed {
				keepClauseComment(c)
				edit(c)
			}
			return false
		}
		return true
	}, nil)
	switch {
	case !found:
		return fmt.Errorf("no statement at %s", e.Package().Fset.Position(s.Pos()))
	case !listed:
		return fmt.Errorf("the statement at %s is not in a block", e.Package().Fset.Position(s.Pos()))
	}
	return nil
}

// keepClauseComment moves the comments dst attaches to a case or select
// clause after its last statement onto that statement, so that they stay
// on its line when statements are added after it.
func keepClauseComment(c *dstutil.Cursor) {
	var body []dst.Stmt
	var decs *dst.NodeDecs
	switch p := c.Parent().(type) {
	case *dst.CaseClause:
		body, decs = p.Body, &p.Decs.NodeDecs
	case *dst.CommClause:
		body, decs = p.Body, &p.Decs.NodeDecs
	default:
		return
	}
	if c.Index() != len(body)-1 || len(decs.End) == 0 {
		return
	}
	d := body[c.Index()].Decorations()
	d.End = append(d.End, decs.End...)
	decs.End = nil
}

// moveDecorations gives to the statement replacing from the line breaks
// and comments around from: those before it stay before, a comment ending
// its line moves after the opening brace of to's block, if it has one.
func moveDecorations(from, to dst.Stmt) {
	fd, td := from.Decorations(), to.Decorations()
	td.Before, td.After, td.Start = fd.Before, fd.After, fd.Start
	end := fd.End
	if x, ok := from.(*dst.ExprStmt); ok {
		end = append(end, x.X.Decorations().End...)
		x.X.Decorations().End = nil
	}
	if ifs, ok := to.(*dst.IfStmt); ok {
		ifs.Body.Decs.Lbrace = append(ifs.Body.Decs.Lbrace, end...)
		return
	}
	td.End = end
}

const checkAndRespondBefore = `package tasks

import (
	"log/slog"
	"net/http"
)

type Store interface {
	DeleteTask(id string) error
	ArchiveTask(id string) error
}

type Server struct {
	store  Store
	logger *slog.Logger
}

// internalError logs err and answers 500 without revealing it.
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.logger.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "err", err)
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

func (s *Server) deleteTask(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteTask(r.PathValue("id")); err != nil {
		s.internalError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) archiveTask(w http.ResponseWriter, r *http.Request) {
	s.store.ArchiveTask(r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
}
`

const addReturnBefore = `package tasks

import (
	"encoding/json"
	"net/http"
)

type Task struct {
	ID    string ` + "`json:\"id\"`" + `
	Title string ` + "`json:\"title\"`" + `
}

type Store interface {
	GetTask(id string) (*Task, error)
}

type Server struct{ store Store }

func (s *Server) getTask(w http.ResponseWriter, r *http.Request) {
	t, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		http.Error(w, "task not found", http.StatusNotFound)
	}
	json.NewEncoder(w).Encode(t)
}
`

const genericMessageBefore = `package tasks

import (
	"encoding/json"
	"log/slog"
	"net/http"
)

type Task struct {
	ID    string ` + "`json:\"id\"`" + `
	Title string ` + "`json:\"title\"`" + `
}

type Store interface {
	ListTasks() ([]Task, error)
	SaveTask(t *Task) error
}

type Server struct {
	store  Store
	logger *slog.Logger
}

func (s *Server) listTasks(w http.ResponseWriter, r *http.Request) {
	tasks, err := s.store.ListTasks()
	if err != nil {
		s.logger.ErrorContext(r.Context(), "list tasks", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(tasks)
}

func (s *Server) createTask(w http.ResponseWriter, r *http.Request) {
	t := &Task{Title: r.FormValue("title")}
	if err := s.store.SaveTask(t); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(t)
}
`

var checkAndRespondAfter = edited(checkAndRespondBefore, `
	s.store.ArchiveTask(r.PathValue("id"))
`, `
	if err := s.store.ArchiveTask(r.PathValue("id")); err != nil {
		s.internalError(w, r, err)
		return
	}
`)

var addReturnAfter = edited(addReturnBefore, `
		http.Error(w, "task not found", http.StatusNotFound)
`, `
		http.Error(w, "task not found", http.StatusNotFound)
		return
`)

var genericMessageAfter = edited(genericMessageBefore, `
		http.Error(w, err.Error(), http.StatusInternalServerError)
`, `
		s.logger.ErrorContext(r.Context(), "save task", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
`)

// edited returns an example's Before with old, which occurs in it once,
// replaced by new.
func edited(before, old, new string) string {
	if strings.Count(before, old) != 1 {
		panic("patterns: an example's edit does not apply to its Before")
	}
	return strings.Replace(before, old, new, 1)
}
