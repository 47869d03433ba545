package patterns

import (
	"fmt"
	"go/ast"
	"go/token"

	"github.com/dave/dst"

	"github.com/prodready/prodready/rewrite"
)

// LimitBody is validation/limit-body: cap the request body before a
// handler reads it and answer 413 when a client sends more.
var LimitBody = &Pattern{
	ID:      "validation/limit-body",
	Concern: "validation",
	Rules:   []string{"unbounded-body"},
	Title:   "Limit the request body size",
	Description: `Caps the request body before the handler first reads it, so a client can no longer make the
server hold an arbitrarily large body, and answers 413 Request Entity Too Large when the cap is hit.

The cap is one statement, placed before the first read of the body (hoisted out of blocks and
loops as far as the names it uses allow): r.Body = http.MaxBytesReader(w, r.Body, limit) with
net/http, c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit) with gin and
c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, limit) with echo. When the
project already has a helper that limits and decodes a JSON body (a func(http.ResponseWriter,
*http.Request, any) error such as httputil.DecodeJSON that calls http.MaxBytesReader itself), a
json.NewDecoder(r.Body).Decode(&v) is switched to it instead, and the helper's own decoding rules
(DisallowUnknownFields, validation) then apply as they do in the sibling handlers.

The limit is the project's own constant when it has one named for it (maxBodyBytes,
MaxRequestBodySize, maxUploadSize for multipart uploads), else limits.maxBodyBytes from
.prodready.yaml, else 1 << 20 (1 MiB) for bodies and 32 << 20 for multipart uploads, the memory
cap net/http's FormFile uses.

Where the handler checks the read's error (if err := ...; err != nil), the check first tells an
*http.MaxBytesError apart and answers 413 the way that error check already answers, with the
status and message swapped (httputil.WriteError(w, http.StatusRequestEntityTooLarge, "request body
too large"); return), else with the package's error helper or the framework's plain answer; every
other error is handled as before. gin's Bind* methods answer 413 themselves and get the cap only.`,
	Params: []Param{
		{"Before, Body, Writer, Limit", "the statement the cap goes before, the body and response writer expressions of the handler's framework, and the size"},
		{"Helpers", "decode calls switched to the project's limiting helper, with the helper's arguments"},
		{"TooLarge", "the error checks of the body reads: the if statement, its error variable and the statements answering 413"},
	},
	Example: Example{Before: limitBodyBefore, After: limitBodyAfter},
}

func init() {
	Register(LimitBody)
}

// LimitBodyParams is validation/limit-body in one handler: the body is
// capped once, before its first read, unless every read is switched to the
// project's limiting helper; each read's error check answers 413.
type LimitBodyParams struct {
	// Before is the statement before which Body = http.MaxBytesReader(Writer,
	// Body, Limit) is inserted; no cap is inserted when it is not valid.
	Before token.Pos
	Body   Snippet // r.Body, c.Request.Body, c.Request().Body
	Writer Snippet // w, c.Writer, c.Response()
	Limit  Snippet // maxBodyBytes, httputil.MaxBodyBytes, 1 << 20
	// Helpers are decode calls switched to the project's limiting helper.
	Helpers []HelperCall
	// TooLarge are the error checks of the body reads that answer 413.
	TooLarge []TooLargeCheck
}

// HelperCall replaces the call [Call, End) with Func(Args...).
type HelperCall struct {
	Call, End token.Pos
	Func      Snippet // httputil.DecodeJSON
	Args      []Arg
}

// Arg is an argument or value a pattern places: an expression of the site
// [Expr, End), moved with its comments, or new source.
type Arg struct {
	Expr, End token.Pos
	Src       Snippet
}

// TooLargeCheck is an if statement at Check whose body handles the error
// variable Err of a body read: it gains, first,
//
//	if errors.As(Err, new(*http.MaxBytesError)) {
//		Answer
//	}
//
// Answer ends by leaving the handler.
type TooLargeCheck struct {
	Check  token.Pos
	Err    string
	Answer Snippet
}

// Fix instantiates validation/limit-body with p.
func (p LimitBodyParams) Fix() Fix {
	return Fix{Pattern: LimitBody, Apply: p.apply}
}

func (p LimitBodyParams) apply(e *rewrite.Editor) error {
	if !p.Before.IsValid() && len(p.Helpers) == 0 {
		return fmt.Errorf("limit-body: neither a cap nor a helper")
	}
	for _, tl := range p.TooLarge {
		if err := tl.insert(e); err != nil {
			return err
		}
	}
	for _, h := range p.Helpers {
		if err := h.replace(e); err != nil {
			return err
		}
	}
	if !p.Before.IsValid() {
		return nil
	}
	before, err := authzNode[ast.Stmt](e, p.Before, token.NoPos)
	if err != nil {
		return err
	}
	file, err := e.FileAt(p.Before)
	if err != nil {
		return err
	}
	limit := JoinSnippets("", p.Body, Snippet{Src: " = http.MaxBytesReader(", Imports: httpImport}, p.Writer, Snippet{Src: ", "}, p.Body, Snippet{Src: ", "}, p.Limit, Snippet{Src: ")"})
	stmts, err := authzStmts(e, file, limit)
	if err != nil {
		return err
	}
	if !insertStmts(e, before, stmts, false) {
		return fmt.Errorf("limit-body: the statement is not in a block")
	}
	return nil
}

var httpImport = map[string]string{"http": "net/http"}

func (tl TooLargeCheck) insert(e *rewrite.Editor) error {
	check, err := authzNode[*ast.IfStmt](e, tl.Check, token.NoPos)
	if err != nil {
		return err
	}
	file, err := e.FileAt(tl.Check)
	if err != nil {
		return err
	}
	branch := JoinSnippets("",
		Snippet{Src: "if errors.As(" + tl.Err + ", new(*http.MaxBytesError)) {\n", Imports: map[string]string{"errors": "errors", "http": "net/http"}},
		tl.Answer,
		Snippet{Src: "\n}"})
	stmts, err := authzStmts(e, file, branch)
	if err != nil {
		return err
	}
	body := e.Dst(check.Body).(*dst.BlockStmt)
	body.List = append(stmts, body.List...)
	return nil
}

func (h HelperCall) replace(e *rewrite.Editor) error {
	call, err := authzNode[*ast.CallExpr](e, h.Call, h.End)
	if err != nil {
		return err
	}
	file, err := e.FileAt(h.Call)
	if err != nil {
		return err
	}
	fun, err := authzExpr(e, file, h.Func)
	if err != nil {
		return err
	}
	args, err := placeArgs(e, file, h.Args)
	if err != nil {
		return err
	}
	if !authzReplace(e, call, &dst.CallExpr{Fun: fun, Args: args}) {
		return fmt.Errorf("limit-body: cannot replace the decode call")
	}
	return nil
}

// placeArgs builds the dst expressions of args: the site's expressions
// moved, new source parsed and qualified for file.
func placeArgs(e *rewrite.Editor, file *dst.File, args []Arg) ([]dst.Expr, error) {
	out := make([]dst.Expr, 0, len(args))
	for _, a := range args {
		if !a.Expr.IsValid() {
			x, err := authzExpr(e, file, a.Src)
			if err != nil {
				return nil, err
			}
			out = append(out, x)
			continue
		}
		x, err := authzNode[ast.Expr](e, a.Expr, a.End)
		if err != nil {
			return nil, err
		}
		dx := e.Dst(x).(dst.Expr)
		dx.Decorations().Before, dx.Decorations().After = dst.None, dst.None
		out = append(out, dx)
	}
	return out, nil
}

const limitBodyBefore = `package tasks

import (
	"encoding/json"
	"net/http"
)

type taskInput struct {
	Title string ` + "`json:\"title\"`" + `
}

func createTask(w http.ResponseWriter, r *http.Request) {
	var in taskInput
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
}
`

const limitBodyAfter = `package tasks

import (
	"encoding/json"
	"errors"
	"net/http"
)

type taskInput struct {
	Title string ` + "`json:\"title\"`" + `
}

func createTask(w http.ResponseWriter, r *http.Request) {
	var in taskInput
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
}
`
