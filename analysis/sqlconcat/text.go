package sqlconcat

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/prodready/prodready/internal/printf"
)

// piece is one piece of laid-out SQL text: constant text, or a
// non-constant expression with the construction that splices it in.
type piece struct {
	text string
	expr ast.Expr
	cons ast.Node
	verb string
}

const maxDepth = 8

// expand lays out the text of e as pieces, following + chains,
// fmt.Sprintf with a constant format, strings.Join of a literal, sqlx
// Rebind/In, and local variables assigned once and then appended to (+=,
// q = q + …, strings.Builder writes) before pos. cons is the enclosing
// construction, nil at the top.
func (fs *fnState) expand(e ast.Expr, cons ast.Node, pos token.Pos, depth int) []piece {
	info := fs.p.pass.TypesInfo
	if s, ok := constString(info, e); ok {
		return []piece{{text: s}}
	}
	leaf := []piece{{expr: e, cons: cons}}
	if cons == nil {
		leaf[0].cons = e
	}
	if depth > maxDepth {
		return leaf
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return leaf
		}
		if cons == nil {
			cons = x
		}
		return append(fs.expand(x.X, cons, pos, depth+1), fs.expand(x.Y, cons, pos, depth+1)...)
	case *ast.CallExpr:
		fn := calleeFunc(info, x)
		if fn == nil {
			return leaf
		}
		if i, ok := passThroughSQL(fn); ok && i < len(x.Args) {
			return fs.expand(x.Args[i], cons, pos, depth+1)
		}
		if fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && fn.Name() == "Sprintf" && len(x.Args) > 0 {
			if out, ok := fs.expandPrintf(x, x.Args[0], x.Args[1:]); ok {
				return out
			}
		}
		if fn.Pkg() != nil && fn.Pkg().Path() == "strings" && fn.Name() == "Join" && len(x.Args) == 2 {
			lit, ok := ast.Unparen(x.Args[0]).(*ast.CompositeLit)
			sep, sepOK := constString(info, x.Args[1])
			if ok && sepOK {
				var out []piece
				for i, el := range lit.Elts {
					if i > 0 {
						out = append(out, piece{text: sep})
					}
					out = append(out, fs.expand(el, x, pos, depth+1)...)
				}
				return out
			}
		}
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && isBuilder(recvType(fn)) && fn.Name() == "String" {
			if v := fs.builderVar(sel.X); v != nil {
				if out, ok := fs.expandVar(v, pos, depth); ok {
					return out
				}
			}
		}
	case *ast.Ident:
		if v := fs.localVar(x); v != nil && fs.paramIndex(v) < 0 && !fs.addr[v] && !fs.guarded[v] {
			if out, ok := fs.expandVar(v, pos, depth); ok {
				return out
			}
		}
	}
	return leaf
}

// expandVar lays out a variable assigned once (or a builder declared
// empty) and then only appended to, before pos.
func (fs *fnState) expandVar(v *types.Var, pos token.Pos, depth int) ([]piece, bool) {
	var as []assign
	for _, a := range fs.assigns[v] {
		if a.node.Pos() < pos {
			as = append(as, a)
		}
	}
	var out []piece
	for i, a := range as {
		if a.rhs == nil {
			return nil, false
		}
		if !a.add {
			if i > 0 {
				return nil, false
			}
			out = fs.expand(a.rhs, nil, a.node.Pos(), depth+1)
			continue
		}
		if i == 0 && !isBuilder(v.Type()) {
			if _, ok := a.node.(*ast.AssignStmt); !ok || a.parts == nil && a.node.(*ast.AssignStmt).Tok != token.ADD_ASSIGN {
				return nil, false
			}
		}
		switch {
		case a.fprintf:
			call := a.rhs.(*ast.CallExpr)
			more, ok := fs.expandPrintf(call, call.Args[1], call.Args[2:])
			if !ok {
				more = []piece{{expr: call, cons: call}}
			}
			out = append(out, more...)
		case a.parts != nil:
			for _, p := range a.parts {
				out = append(out, fs.expand(p, a.node, a.node.Pos(), depth+1)...)
			}
		default:
			var cons ast.Node
			if _, ok := a.node.(*ast.CallExpr); ok {
				cons = a.node // WriteString(x)
			}
			if st, ok := a.node.(*ast.AssignStmt); ok && len(addOperands(a.rhs)) == 1 {
				cons = st // q += x
			}
			out = append(out, fs.expand(a.rhs, cons, a.node.Pos(), depth+1)...)
		}
	}
	if len(out) == 1 && out[0].expr != nil {
		return nil, false // a plain value: the variable is the piece
	}
	return out, len(as) > 0
}

// expandPrintf lays out a printf-style call with a constant format.
func (fs *fnState) expandPrintf(call *ast.CallExpr, format ast.Expr, args []ast.Expr) ([]piece, bool) {
	info := fs.p.pass.TypesInfo
	f, ok := constString(info, format)
	if !ok {
		return nil, false
	}
	verbs, ok := printf.Verbs(f)
	if !ok {
		return nil, false
	}
	var out []piece
	var text strings.Builder
	argi, prev := 0, 0
	for _, v := range verbs {
		text.WriteString(f[prev:v.Start])
		prev = v.End
		if v.Percent {
			text.WriteByte('%')
			continue
		}
		if argi >= len(args) {
			return nil, false
		}
		arg := args[argi]
		argi++
		if tv, ok := info.Types[arg]; ok && tv.Value != nil {
			text.WriteString(fmt.Sprintf(v.Text, constValue(tv.Value)))
			continue
		}
		if text.Len() > 0 {
			out = append(out, piece{text: text.String()})
			text.Reset()
		}
		out = append(out, piece{expr: arg, cons: call, verb: v.Text})
	}
	text.WriteString(f[prev:])
	if text.Len() > 0 {
		out = append(out, piece{text: text.String()})
	}
	return out, true
}

func constValue(v constant.Value) any {
	switch v.Kind() {
	case constant.String:
		return constant.StringVal(v)
	case constant.Int:
		if i, ok := constant.Int64Val(v); ok {
			return i
		}
	case constant.Float:
		f, _ := constant.Float64Val(v)
		return f
	case constant.Bool:
		return constant.BoolVal(v)
	}
	return v.ExactString()
}

// subs returns the expressions a non-constant piece is built from, when
// it is built elsewhere: the assignments of a variable assigned several
// times, the elements appended to a slice that is joined, the writes to
// a builder.
func (fs *fnState) subs(e ast.Expr) []ast.Expr {
	info := fs.p.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v := fs.localVar(x)
		if v == nil || fs.paramIndex(v) >= 0 {
			return nil
		}
		var out []ast.Expr
		for _, a := range fs.assigns[v] {
			switch {
			case a.rhs == nil:
			case a.fprintf:
				out = append(out, a.rhs)
			case a.parts != nil:
				out = append(out, a.parts...)
			default:
				if call, ok := ast.Unparen(a.rhs).(*ast.CallExpr); ok && isBuiltin(info, call, "append") && len(call.Args) > 0 {
					out = append(out, call.Args[1:]...)
					continue
				}
				if _, ok := a.node.(*ast.RangeStmt); ok {
					continue
				}
				out = append(out, a.rhs)
			}
		}
		return out
	case *ast.CallExpr:
		fn := calleeFunc(info, x)
		if fn == nil || fn.Pkg() == nil {
			return nil
		}
		switch {
		case fn.Pkg().Path() == "strings" && fn.Name() == "Join" && len(x.Args) == 2:
			if lit, ok := ast.Unparen(x.Args[0]).(*ast.CompositeLit); ok {
				return lit.Elts
			}
			return fs.subs(x.Args[0])
		case isBuilder(recvType(fn)) && fn.Name() == "String":
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				return fs.subs(sel.X)
			}
		case fn.Pkg().Path() == "fmt" && fn.Name() == "Fprintf":
			return nil
		}
	}
	return nil
}

func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// sqlTok is one token of SQL text: a lower-case word, a placeholder
// ('p'), a string literal ('s') or one punctuation character ('o').
type sqlTok struct {
	kind byte
	text string
}

// lexSQL splits text into tokens, dropping comments; it reports whether
// the text ends inside a '…' literal.
func lexSQL(q string) (toks []sqlTok, open bool) {
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			for i < len(q) && q[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			end := strings.Index(q[i+2:], "*/")
			if end < 0 {
				return toks, false
			}
			i += end + 4
		case c == '\'':
			j := i + 1
			for j < len(q) && q[j] != '\'' {
				j++
			}
			if j >= len(q) {
				return toks, true
			}
			toks = append(toks, sqlTok{'s', q[i : j+1]})
			i = j + 1
		case c == '$' && i+1 < len(q) && isDigit(q[i+1]):
			j := i + 1
			for j < len(q) && isDigit(q[j]) {
				j++
			}
			toks = append(toks, sqlTok{'p', q[i:j]})
			i = j
		case c == '?':
			toks = append(toks, sqlTok{'p', "?"})
			i++
		case c == '"' || c == '`':
			j := strings.IndexByte(q[i+1:], c)
			if j < 0 {
				toks = append(toks, sqlTok{'o', string(c)})
				i++
				continue
			}
			toks = append(toks, sqlTok{'w', strings.ToLower(q[i+1 : i+1+j])})
			i += j + 2
		case isWordByte(c):
			j := i
			for j < len(q) && isWordByte(q[j]) {
				j++
			}
			toks = append(toks, sqlTok{'w', strings.ToLower(q[i:j])})
			i = j
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		default:
			toks = append(toks, sqlTok{'o', string(c)})
			i++
		}
	}
	return toks, false
}

func isDigit(c byte) bool    { return '0' <= c && c <= '9' }
func isWordByte(c byte) bool { return c == '_' || isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'z' }

// valueSlot is the neutral word that stands for an earlier non-constant
// piece when the text around a later one is read.
const valueSlot = " prodready_slot "

// sqlContext reads where a value stands from the text before and after
// it: the kind of slot, the clause keyword, and whether it is quoted.
func sqlContext(before, after string) (kind ValueKind, clause string, quoted bool) {
	toks, open := lexSQL(before)
	clause = clauseOf(toks)
	if open {
		return KindValue, clause, true
	}
	next, _ := lexSQL(after)
	comparedNext := len(next) > 0 && (strings.Contains("=<>!", next[0].text) ||
		next[0].kind == 'w' && (next[0].text == "like" || next[0].text == "ilike" || next[0].text == "in" ||
			next[0].text == "is" || next[0].text == "between" || next[0].text == "not"))
	if len(toks) == 0 {
		if comparedNext {
			return KindIdentifier, clause, false
		}
		return KindFragment, clause, false
	}
	last := toks[len(toks)-1]
	if last.kind == 'o' {
		switch last.text {
		case ".":
			return KindIdentifier, clause, false
		case "=", "<", ">", "+", "-", "*", "/", "%", "|":
			return KindValue, clause, false
		case "(", ",":
			if paren := openParen(toks); paren >= 0 {
				if paren > 0 && toks[paren-1].kind == 'w' {
					switch w := toks[paren-1].text; {
					case w == "in" || w == "values" || w == "any" || w == "all":
						return KindValue, clause, false
					case clause == "INTO" || clause == "INSERT INTO":
						return KindIdentifier, clause, false
					}
				}
				return KindValue, clause, false
			}
			switch clause {
			case "SELECT", "ORDER BY", "GROUP BY", "RETURNING", "FROM", "PARTITION BY", "DISTINCT ON":
				return KindIdentifier, clause, false
			case "VALUES", "SET", "LIMIT":
				return KindValue, clause, false
			}
			return KindFragment, clause, false
		}
		return KindFragment, clause, false
	}
	switch last.text {
	case "from", "join", "into", "update", "table", "truncate", "by", "select", "distinct", "as", "returning", "asc", "desc":
		return KindIdentifier, clause, false
	case "like", "ilike", "limit", "offset", "between", "interval", "values":
		return KindValue, clause, false
	case "where", "and", "or", "on", "having", "not", "when", "set":
		if comparedNext {
			return KindIdentifier, clause, false
		}
		if last.text == "and" && len(toks) >= 3 && toks[len(toks)-3].text == "between" {
			return KindValue, clause, false
		}
		return KindFragment, clause, false
	}
	if last.kind == 'w' && (clause == "ORDER BY" || clause == "GROUP BY") {
		return KindIdentifier, clause, false // ORDER BY name %s: the direction
	}
	if comparedNext {
		return KindIdentifier, clause, false
	}
	return KindFragment, clause, false
}

// openParen returns the index of the parenthesis the end of toks is
// inside, -1 when at depth zero.
func openParen(toks []sqlTok) int {
	depth := 0
	for i := len(toks) - 1; i >= 0; i-- {
		switch toks[i].text {
		case ")":
			depth++
		case "(":
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// clauseOf names the last clause keyword at the nesting depth the text
// ends at.
func clauseOf(toks []sqlTok) string {
	depth := 0
	for i := len(toks) - 1; i >= 0; i-- {
		t := toks[i]
		switch t.text {
		case ")":
			depth++
			continue
		case "(":
			if depth > 0 {
				depth--
				continue
			}
			if i > 0 && toks[i-1].text == "values" {
				return "VALUES"
			}
			continue
		}
		if depth > 0 || t.kind != 'w' {
			continue
		}
		switch t.text {
		case "by":
			if i > 0 {
				switch toks[i-1].text {
				case "order", "group", "partition":
					return strings.ToUpper(toks[i-1].text) + " BY"
				}
			}
		case "select", "from", "where", "having", "set", "values", "limit", "offset", "returning", "update", "into", "on":
			return strings.ToUpper(t.text)
		case "join":
			return "JOIN"
		}
	}
	return ""
}

// placeholders counts the positional placeholders of constant text: the
// highest $n and the number of ?.
func placeholders(q string) (dollar, question int) {
	toks, _ := lexSQL(q)
	for _, t := range toks {
		if t.kind != 'p' {
			continue
		}
		if t.text == "?" {
			question++
			continue
		}
		if n, err := strconv.Atoi(t.text[1:]); err == nil && n > dollar {
			dollar = n
		}
	}
	return dollar, question
}
