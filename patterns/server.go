package patterns

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"

	"github.com/dave/dst"

	"github.com/prodready/prodready/rewrite"
)

// ServerTimeouts is server/timeouts: serve through an http.Server whose
// read, write and idle timeouts are set.
var ServerTimeouts = &Pattern{
	ID:      "server/timeouts",
	Concern: "server",
	Rules:   []string{"server-timeouts"},
	Title:   "Set server timeouts",
	Description: `Gives the server the timeouts it lacks, so slow or stalled clients cannot hold connections and
goroutines open forever.

http.ListenAndServe(addr, h) becomes srv := &http.Server{Addr: addr, Handler: h, <timeouts>} and
srv.ListenAndServe() where the call was, so log.Fatal(...), return ..., err := ... and go ... keep
using the result as before (ListenAndServeTLS, Serve and ServeTLS likewise; the name is srv,
server or httpServer, whichever is free). gin's r.Run(addr), RunTLS and RunListener become the same
http.Server with Handler r.Handler(), which is what gin serves; r.Run() keeps gin's address rule,
":" + cmp.Or(os.Getenv("PORT"), "8080"). An existing http.Server literal gains only the fields it
lacks; a var srv http.Server and echo's e.Server (e.TLSServer for StartTLS) get them assigned
before the server starts, so echo's Start keeps its listener and banner.

The values, each in its field so the reason is in the name:
ReadHeaderTimeout 5s (request headers are small; slowloris clients drip them),
ReadTimeout 15s (the whole request, body included: 1 MiB at a slow mobile 100 KB/s),
WriteTimeout 30s (from the end of the request headers to the end of the response, handler time
included), IdleTimeout 2m (keep-alive connections outlive the 60s idle timeout of common load
balancers, so the balancer, not the server, closes them). When the handlers stream responses
(they flush or hijack the connection, upgrade to WebSocket, serve SSE or net/http/pprof), only
ReadHeaderTimeout and IdleTimeout are set: a ReadTimeout or WriteTimeout would cut the streams off;
bound such handlers per request with http.NewResponseController(w).SetWriteDeadline instead.`,
	Params: []Param{
		{"Missing", "the timeout fields to set"},
		{"Lit", "an http.Server literal to complete"},
		{"Server, Before", "an existing server (srv, e.Server) whose fields are assigned before the statement that starts it"},
		{"Call, Var, Fields, Method, MethodArgs", "a call starting a server without timeouts, replaced by Var.Method(MethodArgs) on a new http.Server with Fields"},
	},
	Example: Example{Before: serverTimeoutsBefore, After: serverTimeoutsAfter},
}

func init() {
	Register(ServerTimeouts)
}

// Timeout is an http.Server timeout field and the value server/timeouts
// gives it (Go source, qualified with time).
type Timeout struct {
	Field, Value string
}

// Timeouts are the values of server/timeouts, in the order of the fields
// in http.Server; the pattern's description says why each.
var Timeouts = []Timeout{
	{"ReadHeaderTimeout", "5 * time.Second"},
	{"ReadTimeout", "15 * time.Second"},
	{"WriteTimeout", "30 * time.Second"},
	{"IdleTimeout", "2 * time.Minute"},
}

// ServerTimeoutsParams is server/timeouts at one site. Exactly one of Lit,
// Server and Call says where the timeouts go.
type ServerTimeoutsParams struct {
	// Missing are the timeout fields to set, names of Timeouts.
	Missing []string
	// Lit is an http.Server composite literal that gains the Missing fields.
	Lit token.Pos
	// Server is an existing server (srv, e.Server) whose Missing fields
	// are assigned before the statement at Before.
	Server Snippet
	Before token.Pos
	// Call is a call [Call, CallEnd) starting a server with no timeouts:
	// Var := &http.Server{Fields..., Missing...} is declared before the
	// statement at Before and the call becomes Var.Method(MethodArgs...).
	Call, CallEnd token.Pos
	Var           string
	Fields        []ServerField
	Method        string
	MethodArgs    []Arg
}

// ServerField is a field of the http.Server that server/timeouts builds:
// Name: Value, or Name: Value.Call() when Call is set (gin's r.Handler()).
type ServerField struct {
	Name  string
	Value Arg
	Call  string
}

// Fix instantiates server/timeouts with p.
func (p ServerTimeoutsParams) Fix() Fix {
	return Fix{Pattern: ServerTimeouts, Apply: p.apply}
}

func (p ServerTimeoutsParams) apply(e *rewrite.Editor) error {
	var timeouts []Timeout
	for _, t := range Timeouts {
		if slices.Contains(p.Missing, t.Field) {
			timeouts = append(timeouts, t)
		}
	}
	if len(timeouts) == 0 {
		return fmt.Errorf("server-timeouts: no timeout to set")
	}
	switch {
	case p.Lit.IsValid():
		return p.complete(e, timeouts)
	case p.Server.Src != "":
		return p.assign(e, timeouts)
	case p.Call.IsValid():
		return p.declare(e, timeouts)
	}
	return fmt.Errorf("server-timeouts: no site")
}

// complete adds the timeouts to the literal, one field a line.
func (p ServerTimeoutsParams) complete(e *rewrite.Editor, timeouts []Timeout) error {
	lit, err := authzNode[*ast.CompositeLit](e, p.Lit, token.NoPos)
	if err != nil {
		return err
	}
	file, err := e.FileAt(p.Lit)
	if err != nil {
		return err
	}
	dl := e.Dst(lit).(*dst.CompositeLit)
	for _, el := range dl.Elts {
		if _, ok := el.(*dst.KeyValueExpr); !ok {
			return fmt.Errorf("server-timeouts: the literal has unkeyed fields")
		}
	}
	kvs, err := timeoutFields(e, file, timeouts)
	if err != nil {
		return err
	}
	dl.Elts = append(dl.Elts, kvs...)
	oneFieldALine(dl.Elts)
	return nil
}

// assign sets the timeouts on an existing server before it starts.
func (p ServerTimeoutsParams) assign(e *rewrite.Editor, timeouts []Timeout) error {
	before, err := authzNode[ast.Stmt](e, p.Before, token.NoPos)
	if err != nil {
		return err
	}
	file, err := e.FileAt(p.Before)
	if err != nil {
		return err
	}
	var parts []Snippet
	for _, t := range timeouts {
		parts = append(parts, JoinSnippets("", p.Server, Snippet{Src: "." + t.Field + " = " + t.Value, Imports: timeImport}))
	}
	stmts, err := authzStmts(e, file, JoinSnippets("\n", parts...))
	if err != nil {
		return err
	}
	if !insertStmts(e, before, stmts, false) {
		return fmt.Errorf("server-timeouts: the statement is not in a block")
	}
	return nil
}

// declare replaces the call starting a default server with a declared one.
func (p ServerTimeoutsParams) declare(e *rewrite.Editor, timeouts []Timeout) error {
	call, err := authzNode[*ast.CallExpr](e, p.Call, p.CallEnd)
	if err != nil {
		return err
	}
	before, err := authzNode[ast.Stmt](e, p.Before, token.NoPos)
	if err != nil {
		return err
	}
	file, err := e.FileAt(p.Call)
	if err != nil {
		return err
	}
	lit := &dst.CompositeLit{Type: &dst.SelectorExpr{X: dst.NewIdent(e.AddImport(file, "net/http", "http")), Sel: dst.NewIdent("Server")}}
	for _, f := range p.Fields {
		vals, err := placeArgs(e, file, []Arg{f.Value})
		if err != nil {
			return err
		}
		v := vals[0]
		if f.Call != "" {
			v = &dst.CallExpr{Fun: &dst.SelectorExpr{X: v, Sel: dst.NewIdent(f.Call)}}
		}
		lit.Elts = append(lit.Elts, &dst.KeyValueExpr{Key: dst.NewIdent(f.Name), Value: v})
	}
	kvs, err := timeoutFields(e, file, timeouts)
	if err != nil {
		return err
	}
	lit.Elts = append(lit.Elts, kvs...)
	oneFieldALine(lit.Elts)
	decl := &dst.AssignStmt{
		Lhs: []dst.Expr{dst.NewIdent(p.Var)},
		Tok: token.DEFINE,
		Rhs: []dst.Expr{&dst.UnaryExpr{Op: token.AND, X: lit}},
	}
	args, err := placeArgs(e, file, p.MethodArgs)
	if err != nil {
		return err
	}
	start := &dst.CallExpr{Fun: &dst.SelectorExpr{X: dst.NewIdent(p.Var), Sel: dst.NewIdent(p.Method)}, Args: args}
	if !authzReplace(e, call, start) {
		return fmt.Errorf("server-timeouts: cannot replace the call")
	}
	if !insertStmts(e, before, []dst.Stmt{decl}, false) {
		return fmt.Errorf("server-timeouts: the statement is not in a block")
	}
	return nil
}

var timeImport = map[string]string{"time": "time"}

func timeoutFields(e *rewrite.Editor, file *dst.File, timeouts []Timeout) ([]dst.Expr, error) {
	var out []dst.Expr
	for _, t := range timeouts {
		v, err := authzExpr(e, file, Snippet{Src: t.Value, Imports: timeImport})
		if err != nil {
			return nil, err
		}
		out = append(out, &dst.KeyValueExpr{Key: dst.NewIdent(t.Field), Value: v})
	}
	return out, nil
}

// oneFieldALine puts each element of a composite literal on its own line.
func oneFieldALine(elts []dst.Expr) {
	for i, el := range elts {
		d := el.Decorations()
		if d.Before == dst.None {
			d.Before = dst.NewLine
		}
		switch {
		case i == len(elts)-1 && d.After == dst.None:
			d.After = dst.NewLine
		case i < len(elts)-1:
			d.After = dst.None
		}
	}
}

const serverTimeoutsBefore = `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
	log.Fatal(http.ListenAndServe(":8080", mux))
}
`

const serverTimeoutsAfter = `package main

import (
	"log"
	"net/http"
	"time"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
	srv := &http.Server{
		Addr:              ":8080",
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Fatal(srv.ListenAndServe())
}
`
