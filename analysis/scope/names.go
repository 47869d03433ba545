package scope

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/analysis/internal/httpx"
)

// calleeFunc returns the function or method a call invokes, including
// interface methods; nil for builtins, conversions and func values.
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

func recvIs(fn *types.Func, pred func(types.Type) bool) bool {
	sig := fn.Type().(*types.Signature)
	return sig.Recv() != nil && pred(sig.Recv().Type())
}

func inPkg(fn *types.Func, base string) bool {
	return fn.Pkg() != nil && httpx.SamePackage(fn.Pkg().Path(), base)
}

// requestSource recognises the calls that read an id from the request.
func requestSource(info *types.Info, call *ast.CallExpr) Source {
	fn := calleeFunc(info, call)
	if fn == nil {
		return 0
	}
	name := fn.Name()
	switch {
	case recvIs(fn, httpx.IsRequest):
		switch name {
		case "PathValue":
			return FromPath
		case "FormValue", "PostFormValue":
			return FromForm
		}
	case inPkg(fn, httpx.Chi) && (name == "URLParam" || name == "URLParamFromCtx"):
		return FromPath
	case inPkg(fn, httpx.Gorilla) && name == "Vars":
		return FromPath
	case recvIs(fn, httpx.IsGinContext):
		switch name {
		case "Param":
			return FromPath
		case "Query", "DefaultQuery", "GetQuery", "QueryArray", "GetQueryArray", "QueryMap", "GetQueryMap":
			return FromQuery
		case "PostForm", "DefaultPostForm", "GetPostForm", "PostFormArray", "GetPostFormArray", "PostFormMap":
			return FromForm
		case "GetHeader":
			return FromHeader
		}
	case recvIs(fn, httpx.IsEchoContext):
		switch name {
		case "Param", "ParamValues":
			return FromPath
		case "QueryParam", "QueryParams", "QueryString":
			return FromQuery
		case "FormValue", "FormParams":
			return FromForm
		}
	}
	return 0
}

// requestField recognises the request's fields that carry input.
func requestField(info *types.Info, sel *ast.SelectorExpr) Source {
	t := info.TypeOf(sel.X)
	if t == nil || !httpx.IsRequest(t) {
		return 0
	}
	switch sel.Sel.Name {
	case "URL":
		return FromQuery
	case "Form", "PostForm", "MultipartForm":
		return FromForm
	case "Header":
		return FromHeader
	case "Body":
		return FromBody
	}
	return 0
}

// Results of passThrough besides an argument index.
const (
	passNone     = -2
	passReceiver = -1
)

// passThrough lists the functions whose result carries one argument (its
// index) or the receiver (passReceiver): parsing and trimming ids,
// url.Values.Get, reading bodies.
func passThrough(fn *types.Func) int {
	if fn.Pkg() == nil {
		return passNone
	}
	path, name := fn.Pkg().Path(), fn.Name()
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil {
		t := sig.Recv().Type()
		switch {
		case path == "net/url" || path == "net/http" && name == "Get":
			return passReceiver
		case sig.Params().Len() == 0 && sig.Results().Len() > 0 &&
			!httpx.IsRequest(t) && !httpx.IsGinContext(t) && !httpx.IsEchoContext(t) && !isGormDB(t):
			// Zero-argument methods of a value: id.String(), req.ID.Int64().
			return passReceiver
		}
		return passNone
	}
	ok := false
	switch path {
	case "strconv":
		ok = strings.HasPrefix(name, "Parse") || name == "Atoi"
	case "strings":
		ok = strings.HasPrefix(name, "Trim") || name == "ToLower" || name == "ToUpper" || name == "Clone"
	case "path", "path/filepath":
		ok = name == "Base"
	case "io":
		ok = name == "ReadAll" || name == "LimitReader"
	case "encoding/json", "encoding/xml":
		ok = name == "NewDecoder"
	case "net/url":
		ok = name == "PathUnescape" || name == "QueryUnescape"
	case "net/http":
		if name == "MaxBytesReader" {
			return 1
		}
	}
	if strings.HasSuffix(path, "uuid") {
		switch name {
		case "Parse", "MustParse", "ParseBytes", "FromString", "FromStringOrNil":
			ok = true
		}
	}
	if ok {
		return 0
	}
	return passNone
}

// decodes recognises calls that fill their argument from request input:
// json.NewDecoder(r.Body).Decode(&req), json.Unmarshal, gin ShouldBind*,
// echo Bind. It returns the destination and where its content comes from.
func (st *funcState) decodes(call *ast.CallExpr) (ast.Expr, Source) {
	info := st.a.pass.TypesInfo
	fn := calleeFunc(info, call)
	if fn == nil || len(call.Args) == 0 {
		return nil, 0
	}
	name := fn.Name()
	last := call.Args[len(call.Args)-1]
	switch {
	case name == "Decode" && len(call.Args) == 1:
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return call.Args[0], st.mask(sel.X)
		}
	case name == "Unmarshal" && len(call.Args) == 2 && fn.Pkg() != nil && (fn.Pkg().Path() == "encoding/json" || fn.Pkg().Path() == "encoding/xml"):
		return call.Args[1], st.mask(call.Args[0])
	case recvIs(fn, httpx.IsGinContext) && (strings.HasPrefix(name, "Bind") || strings.HasPrefix(name, "ShouldBind")):
		switch strings.TrimPrefix(strings.TrimPrefix(name, "Should"), "Bind") {
		case "Query":
			return call.Args[0], FromQuery
		case "Uri":
			return call.Args[0], FromPath
		case "Header":
			return call.Args[0], FromHeader
		}
		return call.Args[0], FromBody
	case recvIs(fn, httpx.IsEchoContext) && name == "Bind":
		return last, FromBody
	}
	return nil, 0
}

var userWords = []string{"user", "principal", "claims", "identity", "account", "session", "subject", "caller", "actor", "viewer", "member", "tenant", "owner", "auth"}

func hasUserWord(s string) bool {
	s = strings.ToLower(s)
	for _, w := range userWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// isUserSource recognises calls that obtain the current user: the
// configured auth.userFromContext, functions named after a user that take
// only a context, request or framework context (auth.UserFrom(ctx),
// currentUser(r)), ctx.Value(userKey), and gin/echo c.Get("user").
func (a *analyzer) isUserSource(call *ast.CallExpr) bool {
	info := a.pass.TypesInfo
	fn := calleeFunc(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if a.userFrom != "" && (a.userFrom == fn.Pkg().Path()+"."+fn.Name() || a.userFrom == fn.FullName()) {
		return true
	}
	sig := fn.Type().(*types.Signature)
	name := fn.Name()
	if name == "Value" && fn.Pkg().Path() == "context" && len(call.Args) == 1 {
		return hasUserWord(types.ExprString(call.Args[0]))
	}
	if recvIs(fn, httpx.IsGinContext) || recvIs(fn, httpx.IsEchoContext) {
		if strings.HasPrefix(name, "Get") || name == "MustGet" {
			if len(call.Args) == 1 {
				if tv, ok := info.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
					return hasUserWord(constant.StringVal(tv.Value)) || constant.StringVal(tv.Value) == "uid"
				}
			}
		}
		return false
	}
	if sig.Params().Len() == 0 || sig.Results().Len() == 0 || httpx.KindOf(sig) != httpx.NotHandler {
		return false
	}
	for v := range sig.Params().Variables() {
		t := v.Type()
		if !httpx.IsNamed(t, "context", "Context") && !httpx.IsRequest(t) && !httpx.IsGinContext(t) && !httpx.IsEchoContext(t) {
			return false
		}
	}
	return hasUserWord(fn.Pkg().Name() + "." + name)
}

// hasUserNotion reports whether any function of the package obtains the
// current user: the API has users, so a lookup by a client-chosen id is
// an authorization question.
func (a *analyzer) hasUserNotion(units []*unit) bool {
	for _, u := range units {
		found := false
		ast.Inspect(u.body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && !found && a.isUserSource(call) {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// authzWords are the name parts of authorization helpers.
var authzWords = []string{
	"authoriz", "authoris", "permission", "permit", "allowed", "ownership", "owns", "isowner",
	"checkowner", "ensureowner", "requireowner", "mustown", "verifyowner", "assertowner",
	"access", "member", "policy", "enforce", "forbid", "belongsto",
}

// isAuthzName reports whether a function name reads as an authorization
// check: authorize, canAccess, CheckOwnership, requireMember, can(...).
func isAuthzName(name string) bool {
	l := strings.ToLower(name)
	for _, w := range authzWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return l == "can" || strings.HasPrefix(name, "can") && len(name) > 3 && name[3] >= 'A' && name[3] <= 'Z' ||
		strings.HasPrefix(name, "Can") && len(name) > 3 && name[3] >= 'A' && name[3] <= 'Z'
}

// ownerPath reports whether e names an owner: a field such as t.OwnerID,
// t.Owner.ID or t.GetUserId() (field is true), or a variable named owner
// or ownerID.
func (a *analyzer) ownerPath(e ast.Expr) (owner, field bool) {
	var names []string
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			names = append(names, x.Sel.Name)
			e = x.X
			continue
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && len(x.Args) == 0 {
				names = append(names, strings.TrimPrefix(sel.Sel.Name, "Get"))
				e = sel.X
				continue
			}
		case *ast.StarExpr:
			e = x.X
			continue
		case *ast.Ident:
			if len(names) == 0 {
				return a.ownerName(x.Name), false
			}
		}
		break
	}
	if len(names) == 0 {
		return false, false
	}
	if a.ownerName(names[0]) || len(names) > 1 && a.ownerFields[strings.ToLower(names[1]+names[0])] {
		return true, true
	}
	return false, false
}

func (a *analyzer) ownerName(name string) bool {
	l := strings.ToLower(name)
	return a.ownerFields[l] || strings.HasPrefix(l, "owner")
}
