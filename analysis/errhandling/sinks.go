package errhandling

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// write is a call that writes (part of) an HTTP response, or builds an
// echo error whose message the framework sends.
type write struct {
	call   *ast.CallExpr
	name   string     // for messages: http.Error, c.JSON, writeError
	writer ast.Expr   // the ResponseWriter or context written to; nil for echo.NewHTTPError
	status ast.Expr   // the status argument, if any
	body   []ast.Expr // arguments whose content is sent to the client
	// fixed is a status the call always writes (http.NotFound: 404).
	fixed int
	// always marks calls that write an error response whatever their
	// arguments (http.Error).
	always bool
	// abort marks gin's Abort* methods, which stop the middleware chain but
	// not the calling function.
	abort bool
	// json marks encoders (c.JSON, Encode): an error value itself encodes
	// as {} there, only its text leaks.
	json bool
	fact *Responder
}

// writesError reports whether the write sends a 4xx/5xx response.
func (w *write) writesError(info *types.Info) bool {
	switch {
	case w.always:
		return true
	case w.fact != nil:
		return w.fact.WritesError(info, w.call.Args)
	case w.fixed >= 400:
		return true
	}
	return w.status != nil && isErrorStatus(info, w.status)
}

// gin *Context methods that write a response: the index of the status
// argument is 0; body gives the indexes of the arguments sent.
var ginWrites = map[string][]int{
	"JSON": {1}, "IndentedJSON": {1}, "SecureJSON": {1}, "AsciiJSON": {1}, "PureJSON": {1},
	"JSONP": {1}, "XML": {1}, "YAML": {1}, "TOML": {1}, "ProtoBuf": {1},
	"String": {1, -1}, "Data": {2}, "HTML": {2},
	"AbortWithStatusJSON": {1}, "AbortWithStatus": {}, "AbortWithError": {}, "Status": {},
}

// echo Context methods that write a response, with the same layout.
var echoWrites = map[string][]int{
	"JSON": {1}, "JSONPretty": {1}, "JSONP": {2}, "JSONBlob": {1},
	"XML": {1}, "XMLPretty": {1}, "XMLBlob": {1},
	"String": {1}, "HTML": {1}, "HTMLBlob": {1}, "Blob": {2},
	"NoContent": {},
}

// echoWriteNames lists every echo Context method that writes a response,
// for ignored-error; their error only says the connection broke.
var echoWriteNames = map[string]bool{
	"JSON": true, "JSONPretty": true, "JSONP": true, "JSONBlob": true, "JSONPBlob": true,
	"XML": true, "XMLPretty": true, "XMLBlob": true, "String": true, "HTML": true,
	"HTMLBlob": true, "Blob": true, "Stream": true, "File": true, "Attachment": true,
	"Inline": true, "NoContent": true, "Redirect": true, "Render": true,
}

// classifyWrite recognises calls that write a response.
func (a *analyzer) classifyWrite(fc *fnCtx, call *ast.CallExpr) (*write, bool) {
	info := a.pass.TypesInfo
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return nil, false
	}
	sig := fn.Type().(*types.Signature)
	args := call.Args
	arg := func(i int) ast.Expr {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	w := &write{call: call, name: calleeName(call.Fun)}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if sig.Recv() != nil && sel != nil {
		x := sel.X
		xt := info.TypeOf(x)
		name := fn.Name()
		switch {
		case httpx.IsGinContext(xt):
			body, ok := ginWrites[name]
			if !ok {
				return nil, false
			}
			w.writer, w.status, w.abort = x, arg(0), len(name) > 5 && name[:5] == "Abort"
			w.body, w.json = bodyArgs(args, body), name != "String" && name != "Data" && name != "HTML"
			return w, true
		case httpx.IsEchoContext(xt):
			body, ok := echoWrites[name]
			if !ok {
				return nil, false
			}
			w.writer, w.status = x, arg(0)
			w.body, w.json = bodyArgs(args, body), strings.HasPrefix(name, "JSON") && name != "JSONBlob" || name == "XML" || name == "XMLPretty"
			return w, true
		case a.isResponseWriter(x):
			switch name {
			case "Write", "WriteString":
				w.writer, w.body = x, bodyArgs(args, []int{0})
				return w, true
			case "WriteHeader":
				w.writer, w.status = x, arg(0)
				return w, true
			}
			return nil, false
		case name == "Encode" && fn.Pkg() != nil && (fn.Pkg().Path() == "encoding/json" || fn.Pkg().Path() == "encoding/xml"):
			if dst := fc.encoderDst(x); dst != nil && a.toResponse(fc, dst) {
				w.writer, w.body, w.json = dst, bodyArgs(args, []int{0}), true
				return w, true
			}
			return nil, false
		}
	}
	if fn.Pkg() != nil && sig.Recv() == nil {
		switch path, name := fn.Pkg().Path(), fn.Name(); {
		case path == httpx.NetHTTP && name == "Error":
			w.writer, w.status, w.always = arg(0), arg(2), true
			w.body = bodyArgs(args, []int{1})
			return w, true
		case path == httpx.NetHTTP && name == "NotFound":
			w.writer, w.fixed = arg(0), 404
			return w, true
		case path == "fmt" && (name == "Fprint" || name == "Fprintf" || name == "Fprintln"):
			if len(args) > 0 && a.isResponseWriter(args[0]) {
				w.writer, w.body = args[0], args[1:]
				return w, true
			}
			return nil, false
		case path == "io" && name == "WriteString":
			if len(args) == 2 && a.isResponseWriter(args[0]) {
				w.writer, w.body = args[0], args[1:]
				return w, true
			}
			return nil, false
		case httpx.SamePackage(path, httpx.Echo) && name == "NewHTTPError":
			w.status = arg(0)
			if len(args) > 1 {
				w.body = args[1:]
			}
			return w, true
		}
	}
	if f := a.responder(fn); f != nil {
		w.fact = f
		if f.Writer >= 0 {
			w.writer = arg(f.Writer)
		}
		if f.StatusParam >= 0 {
			w.status = arg(f.StatusParam)
		} else {
			w.fixed = f.Status
		}
		n := sig.Params().Len()
		for _, i := range f.Sends {
			if sig.Variadic() && i == n-1 && !call.Ellipsis.IsValid() {
				if i < len(args) {
					w.body = append(w.body, args[i:]...)
				}
			} else if e := arg(i); e != nil {
				w.body = append(w.body, e)
			}
		}
		return w, true
	}
	return nil, false
}

// toResponse reports whether writing to e writes to the response: e is a
// ResponseWriter, or a variable holding a writer made over one
// (gzip.NewWriter(w), bufio.NewWriter(w)).
func (a *analyzer) toResponse(fc *fnCtx, e ast.Expr) bool {
	if a.isResponseWriter(e) {
		return true
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := a.pass.TypesInfo.Uses[id].(*types.Var)
	defs := fc.defs[v]
	if v == nil || len(defs) != 1 {
		return false
	}
	call, ok := ast.Unparen(defs[0].value).(*ast.CallExpr)
	if !ok {
		return false
	}
	for _, arg := range call.Args {
		if a.isResponseWriter(arg) {
			return true
		}
	}
	return false
}

// bodyArgs picks args by index; -1 means "and all that follow".
func bodyArgs(args []ast.Expr, idx []int) []ast.Expr {
	var out []ast.Expr
	last := -1
	for _, i := range idx {
		if i < 0 {
			if last+1 < len(args) {
				out = append(out, args[last+1:]...)
			}
			continue
		}
		if i < len(args) {
			out = append(out, args[i])
		}
		last = i
	}
	return out
}

// encoderDst returns the writer an encoder was made over:
// json.NewEncoder(w) itself, or the variable holding it.
func (fc *fnCtx) encoderDst(x ast.Expr) ast.Expr {
	switch e := ast.Unparen(x).(type) {
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(fc.info, e).(*types.Func)
		if fn != nil && fn.Name() == "NewEncoder" && len(e.Args) == 1 {
			return e.Args[0]
		}
	case *ast.Ident:
		v, _ := fc.info.Uses[e].(*types.Var)
		if v == nil {
			return nil
		}
		defs := fc.defs[v]
		if len(defs) == 1 && defs[0].index < 0 {
			return fc.encoderDst(defs[0].value)
		}
	}
	return nil
}
