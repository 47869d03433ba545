package patterns

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/dst"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/prodready/prodready/internal/printf"
	"github.com/prodready/prodready/rewrite"
)

// The injection patterns answer sql-concat: SQL text spliced together from
// values. A value is passed as a query argument; a name, which no
// placeholder can bind, is checked against the names the query may use.
var (
	Parameterize = &Pattern{
		ID:      "sql/parameterize",
		Concern: "injection",
		Rules:   []string{"sql-concat"},
		Title:   "Pass values as query parameters",
		Description: `Rewrites SQL text built from values into constant text with placeholders, and passes the
values as the query's arguments, so the database never reads them as SQL.

Placeholders follow the driver: the next $n after the query's own for PostgreSQL (lib/pq, pgx), ?
for MySQL, SQLite, gorm and sqlx queries written with ?. Each value goes among the call's arguments
at its placeholder's position. A value standing inside quotes ('%s', '" + name + "') loses the
quotes, and text inside them with it becomes part of the argument (LIKE '%" + term + "%' turns
into LIKE $2 with "%" + term + "%"). A + chain collapses into one constant (named constants stay),
a fmt.Sprintf without other values into a string literal; values that cannot inject (numbers,
constants, configuration) are left as they are.

The text may be built in a variable before the call (query := fmt.Sprintf(...), q += ..., a
strings.Builder): the fix rewrites the construction and adds the arguments at the call. It is
offered only where the text has one shape: every piece is added in the call's block, unconditionally,
and the variable feeds this one query. Text built in branches or loops (optional filters, a
Builder filled in a loop), values joined into IN lists, LIMIT and OFFSET, sqlx named queries,
calls passing args... and text with identifiers as well as values are left to a manual fix.`,
		Params: []Param{
			{"Call", "the query call that receives the values as arguments"},
			{"Texts", "the constructions splicing values in (+ chains, fmt.Sprintf or Fprintf calls, += and builder writes)"},
			{"Values", "per construction, each value with its placeholder, whether it stands in quotes, and its argument index"},
		},
		Example: Example{Before: parameterizeBefore, After: parameterizeAfter},
	}
	AllowList = &Pattern{
		ID:      "sql/allow-list",
		Concern: "injection",
		Rules:   []string{"sql-concat"},
		Title:   "Check the identifier against an allow-list",
		Description: `Before a column name, sort direction or table name goes into SQL text, checks it against the
names the query may use: a switch on the value whose cases are the permitted names, replacing any
other value by a safe default, or refusing it where there is none. Placeholders cannot bind
identifiers, so this is how they are made safe; the SQL text stays as it is.

The permitted names come from the code, never from a guess: for a column (ORDER BY, GROUP BY), the
columns of the query's table that the package's queries name (its SELECT lists, INSERT column lists,
SET and WHERE columns), plus a constant the function already falls back to; for a direction, ASC
and DESC; for a table, the tables the package's queries use. In ORDER BY an unknown value becomes a
default: that constant fallback, else the column the package's other queries order the table by,
else id, else the first column. Anywhere else (a table, a column compared in WHERE, GROUP BY) a
default would change which rows come back, so an unknown value is refused: a handler answers 400
(http.Error, gin's AbortWithStatus, echo's HTTPError), a function returning an error returns one. Where no permitted name is known the pattern is not offered, so a fix never empties
an endpoint. A value that is not a variable is first assigned to one.`,
		Params: []Param{
			{"Checks", "per identifier: the statement the check goes before, the value, and the variable checked"},
			{"Allowed", "the permitted names"},
			{"Default / Reject", "what an unknown value becomes, or the statements refusing it"},
		},
		Example: Example{Before: allowListBefore, After: allowListAfter},
	}
)

func init() {
	Register(Parameterize)
	Register(AllowList)
}

// ParameterizeParams is sql/parameterize at one site.
type ParameterizeParams struct {
	// Call and CallEnd delimit the query call the values are passed to.
	Call, CallEnd token.Pos
	// Texts are the constructions that splice the values in.
	Texts []SQLText
}

// SQLText is one construction: a + chain, a fmt.Sprintf or fmt.Fprintf
// call, a builder write (b.WriteString(v)) or a q += v statement.
type SQLText struct {
	Pos, End token.Pos
	Values   []SQLValue
}

// SQLValue is one value a construction splices in.
type SQLValue struct {
	Pos, End    token.Pos // the value expression, an operand or argument of the construction
	Placeholder string    // what stands in its place: $2, ?
	// Quoted is true when the value stands inside '…': the quotes go, and
	// the text between them and the value joins the argument.
	Quoted bool
	// ArgIndex is the value's index in Call.Args once every value is
	// added.
	ArgIndex int
}

// Fix instantiates sql/parameterize with p.
func (p ParameterizeParams) Fix() Fix {
	return Fix{Pattern: Parameterize, Apply: p.apply}
}

// queryArg is a value to pass to the query at index.
type queryArg struct {
	index int
	x     dst.Expr
}

func (p ParameterizeParams) apply(e *rewrite.Editor) error {
	call, err := authzNode[*ast.CallExpr](e, p.Call, p.CallEnd)
	if err != nil {
		return err
	}
	dcall := e.Dst(call).(*dst.CallExpr)
	var args []queryArg
	for _, t := range p.Texts {
		more, err := parameterizeText(e, t)
		if err != nil {
			return err
		}
		args = append(args, more...)
	}
	slices.SortStableFunc(args, func(a, b queryArg) int { return a.index - b.index })
	for _, a := range args {
		if a.index < 0 || a.index > len(dcall.Args) {
			return fmt.Errorf("parameterize: argument index %d out of range", a.index)
		}
		dcall.Args = slices.Insert(dcall.Args, a.index, a.x)
	}
	return nil
}

// parameterizeText rewrites one construction and returns the arguments
// its values become.
func parameterizeText(e *rewrite.Editor, t SQLText) ([]queryArg, error) {
	info := e.Package().Info
	if bin, err := authzNode[*ast.BinaryExpr](e, t.Pos, t.End); err == nil && bin.Op == token.ADD {
		return parameterizeChain(e, bin, t.Values)
	}
	if st, err := authzNode[*ast.AssignStmt](e, t.Pos, t.End); err == nil {
		if st.Tok != token.ADD_ASSIGN || len(st.Rhs) != 1 {
			return nil, fmt.Errorf("parameterize: not a += statement")
		}
		return parameterizeWhole(e, st.Rhs[0], t.Values)
	}
	call, err := authzNode[*ast.CallExpr](e, t.Pos, t.End)
	if err != nil {
		return nil, fmt.Errorf("parameterize: no construction at %s", e.Package().Fset.Position(t.Pos))
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	switch {
	case fn == nil || fn.Pkg() == nil:
	case fn.Pkg().Path() == "fmt" && fn.Name() == "Sprintf":
		return parameterizePrintf(e, call, 0, true, t.Values)
	case fn.Pkg().Path() == "fmt" && fn.Name() == "Fprintf":
		return parameterizePrintf(e, call, 1, false, t.Values)
	case len(call.Args) == 1:
		return parameterizeWhole(e, call.Args[0], t.Values) // b.WriteString(v)
	}
	return nil, fmt.Errorf("parameterize: %s is not a construction the pattern rewrites", types.ExprString(call.Fun))
}

// parameterizeWhole replaces an expression that is the value itself (the
// argument of a builder write, the right-hand side of +=) with its
// placeholder.
func parameterizeWhole(e *rewrite.Editor, x ast.Expr, vs []SQLValue) ([]queryArg, error) {
	if len(vs) != 1 || vs[0].Pos != x.Pos() || vs[0].End != x.End() || vs[0].Quoted {
		return nil, fmt.Errorf("parameterize: the value is not the whole written text")
	}
	arg := dst.Clone(e.Dst(x)).(dst.Expr)
	arg.Decorations().Before, arg.Decorations().After = dst.None, dst.None
	lit := &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(vs[0].Placeholder)}
	if !authzReplace(e, x, lit) {
		return nil, fmt.Errorf("parameterize: cannot replace the value")
	}
	return []queryArg{{vs[0].ArgIndex, arg}}, nil
}

// chainItem is one operand of a + chain being rebuilt: literal text, or an
// expression kept as it is.
type chainItem struct {
	lit  bool
	text string // the literal's value
	raw  bool   // it was written as a raw string
	x    dst.Expr
}

// parameterizeChain rewrites a + chain: each value becomes its placeholder,
// merged into the literals around it, with the quotes around a quoted
// value removed; named constants and values that are safe stay operands.
func parameterizeChain(e *rewrite.Editor, bin *ast.BinaryExpr, vs []SQLValue) ([]queryArg, error) {
	ops := chainOperands(bin)
	var items []chainItem
	var args []queryArg
	matched := 0
	for i := 0; i < len(ops); i++ {
		op := ops[i]
		if s, raw, ok := stringLit(op); ok {
			items = append(items, chainItem{lit: true, text: s, raw: raw})
			continue
		}
		k := slices.IndexFunc(vs, func(v SQLValue) bool { return v.Pos == op.Pos() && v.End == op.End() })
		if k < 0 {
			items = append(items, chainItem{x: dst.Clone(e.Dst(op)).(dst.Expr)})
			continue
		}
		matched++
		v := vs[k]
		val := bareClone(e, op)
		var rest *chainItem
		if v.Quoted {
			// 'prefix" + v + "suffix': the quotes are the neighbouring
			// literals' last and first ones.
			if len(items) == 0 || !items[len(items)-1].lit || i+1 >= len(ops) {
				return nil, fmt.Errorf("parameterize: %s is not between two literals", types.ExprString(op))
			}
			next, raw, ok := stringLit(ops[i+1])
			prev := &items[len(items)-1]
			open, close := strings.LastIndexByte(prev.text, '\''), strings.IndexByte(next, '\'')
			if !ok || open < 0 || close < 0 {
				return nil, fmt.Errorf("parameterize: the quotes around %s are not in the literals beside it", types.ExprString(op))
			}
			val = joinText(prev.text[open+1:], val, next[:close])
			prev.text = prev.text[:open]
			rest = &chainItem{lit: true, text: next[close+1:], raw: raw}
			i++
		}
		items = append(items, chainItem{lit: true, text: v.Placeholder})
		if rest != nil {
			items = append(items, *rest)
		}
		args = append(args, queryArg{v.ArgIndex, val})
	}
	if matched != len(vs) {
		return nil, fmt.Errorf("parameterize: %d of %d values are operands of the + chain", matched, len(vs))
	}
	x := buildChain(items)
	x.Decorations().Before, x.Decorations().After = e.Dst(bin).Decorations().Before, e.Dst(bin).Decorations().After
	if !authzReplace(e, bin, x) {
		return nil, fmt.Errorf("parameterize: cannot replace the + chain")
	}
	return args, nil
}

// parameterizePrintf rewrites a printf-style call whose format is the
// argument at fi: each value's verb becomes its placeholder (quotes around
// it removed) and the value leaves the call. A Sprintf left without
// arguments becomes its text.
func parameterizePrintf(e *rewrite.Editor, call *ast.CallExpr, fi int, sprintf bool, vs []SQLValue) ([]queryArg, error) {
	info := e.Package().Info
	if fi >= len(call.Args) || call.Ellipsis.IsValid() {
		return nil, fmt.Errorf("parameterize: the call has no plain format and arguments")
	}
	tv, ok := info.Types[call.Args[fi]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return nil, fmt.Errorf("parameterize: the format is not constant")
	}
	format := constant.StringVal(tv.Value)
	fargs := call.Args[fi+1:]
	var out strings.Builder
	var args []queryArg
	removed := map[ast.Expr]bool{}
	verbs, ok := printf.Verbs(format)
	if !ok {
		return nil, fmt.Errorf("parameterize: format %q has verbs the pattern does not rewrite", format)
	}
	argi, prev := 0, 0
	for _, pv := range verbs {
		if pv.Start < prev {
			continue // a %% inside quotes taken with a value
		}
		out.WriteString(format[prev:pv.Start])
		prev = pv.End
		verb := pv.Text
		if pv.Percent {
			out.WriteString("%%")
			continue
		}
		if argi >= len(fargs) {
			return nil, fmt.Errorf("parameterize: format %q has more verbs than arguments", format)
		}
		arg := fargs[argi]
		argi++
		k := slices.IndexFunc(vs, func(v SQLValue) bool { return v.Pos == arg.Pos() && v.End == arg.End() })
		if k < 0 {
			out.WriteString(verb)
			continue
		}
		if verb != "%s" && verb != "%v" && verb != "%d" {
			return nil, fmt.Errorf("parameterize: %s formats %s", verb, types.ExprString(arg))
		}
		v := vs[k]
		val := bareClone(e, arg)
		if v.Quoted {
			before := out.String()
			open := strings.LastIndexByte(before, '\'')
			close := strings.IndexByte(format[pv.End:], '\'')
			if open < 0 || close < 0 {
				return nil, fmt.Errorf("parameterize: no quotes around %s in the format", verb)
			}
			prefix, suffix := before[open+1:], format[pv.End:pv.End+close]
			if hasVerb(prefix) || hasVerb(suffix) {
				return nil, fmt.Errorf("parameterize: another verb stands inside the quotes of %s", verb)
			}
			val = joinText(unescapePercent(prefix), val, unescapePercent(suffix))
			out.Reset()
			out.WriteString(before[:open])
			prev = pv.End + close + 1
		}
		out.WriteString(v.Placeholder)
		removed[arg] = true
		args = append(args, queryArg{v.ArgIndex, val})
	}
	out.WriteString(format[prev:])
	if argi != len(fargs) || len(removed) != len(vs) {
		return nil, fmt.Errorf("parameterize: the format's verbs do not match the values")
	}
	dcall := e.Dst(call).(*dst.CallExpr)
	orig := ""
	if lit, ok := ast.Unparen(call.Args[fi]).(*ast.BasicLit); ok {
		orig = lit.Value
	}
	if sprintf && len(removed) == len(fargs) {
		lit := &dst.BasicLit{Kind: token.STRING, Value: authzQuote(orig, unescapePercent(out.String()))}
		lit.Decs.NodeDecs = dcall.Decs.NodeDecs
		if !authzReplace(e, call, lit) {
			return nil, fmt.Errorf("parameterize: cannot replace the fmt.Sprintf call")
		}
		return args, nil
	}
	lit := &dst.BasicLit{Kind: token.STRING, Value: authzQuote(orig, out.String())}
	lit.Decs.NodeDecs = *dcall.Args[fi].Decorations()
	kept := []dst.Expr{}
	for i, a := range dcall.Args {
		switch {
		case i == fi:
			kept = append(kept, lit)
		case i > fi && removed[call.Args[i]]:
		default:
			kept = append(kept, a)
		}
	}
	dcall.Args = kept
	return args, nil
}

// hasVerb reports a formatting verb in format text (%% escapes aside).
func hasVerb(s string) bool { return strings.Contains(strings.ReplaceAll(s, "%%", ""), "%") }

func unescapePercent(s string) string { return strings.ReplaceAll(s, "%%", "%") }

// chainOperands flattens a + chain into its operands, left to right.
func chainOperands(x ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(x).(*ast.BinaryExpr); ok && b.Op == token.ADD {
		return append(chainOperands(b.X), chainOperands(b.Y)...)
	}
	return []ast.Expr{x}
}

// stringLit returns the value of a string literal.
func stringLit(x ast.Expr) (s string, raw, ok bool) {
	lit, isLit := x.(*ast.BasicLit)
	if !isLit || lit.Kind != token.STRING {
		return "", false, false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, strings.HasPrefix(lit.Value, "`"), err == nil
}

// bareClone copies the dst form of x without its line breaks and
// comments, for use in a new place.
func bareClone(e *rewrite.Editor, x ast.Expr) dst.Expr {
	c := dst.Clone(e.Dst(x)).(dst.Expr)
	c.Decorations().Before, c.Decorations().After = dst.None, dst.None
	c.Decorations().Start, c.Decorations().End = nil, nil
	return c
}

// joinText returns "prefix" + x + "suffix", leaving out empty parts.
func joinText(prefix string, x dst.Expr, suffix string) dst.Expr {
	if prefix != "" {
		x = &dst.BinaryExpr{X: &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(prefix)}, Op: token.ADD, Y: x}
	}
	if suffix != "" {
		x = &dst.BinaryExpr{X: x, Op: token.ADD, Y: &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(suffix)}}
	}
	return x
}

// buildChain joins items with +, adjacent literals merged into one (raw
// when one of them was raw and the text allows it), empty literals left
// out.
func buildChain(items []chainItem) dst.Expr {
	var merged []chainItem
	for _, it := range items {
		if it.lit && len(merged) > 0 && merged[len(merged)-1].lit {
			last := &merged[len(merged)-1]
			last.text += it.text
			last.raw = last.raw || it.raw
			continue
		}
		merged = append(merged, it)
	}
	var x dst.Expr
	for _, it := range merged {
		var y dst.Expr
		switch {
		case !it.lit:
			y = it.x
		case it.text == "" && len(merged) > 1:
			continue
		default:
			orig := `""`
			if it.raw {
				orig = "``"
			}
			y = &dst.BasicLit{Kind: token.STRING, Value: authzQuote(orig, it.text)}
		}
		if x == nil {
			x = y
			continue
		}
		x = &dst.BinaryExpr{X: x, Op: token.ADD, Y: y}
	}
	return x
}

// AllowListParams is sql/allow-list at one site: one check per identifier
// the SQL text splices in.
type AllowListParams struct {
	Checks []AllowCheck
}

// AllowCheck checks one identifier before it goes into SQL text.
type AllowCheck struct {
	// Stmt is the statement the check goes before: the one holding the
	// construction.
	Stmt token.Pos
	// Value and ValueEnd delimit the identifier in the construction.
	Value, ValueEnd token.Pos
	// Var is the variable the switch checks: the value itself, or, with
	// Declare, a new variable assigned the value first and spliced in its
	// place.
	Var     string
	Declare bool
	// What names the identifier for the comment: "column", "sort
	// direction", "table".
	What    string
	Allowed []string
	// Default replaces an unknown value; when empty, Reject holds the
	// statements refusing it (a return with an error, a 400 answer).
	Default string
	Reject  Snippet
}

// Fix instantiates sql/allow-list with p.
func (p AllowListParams) Fix() Fix {
	return Fix{Pattern: AllowList, Apply: p.apply}
}

func (p AllowListParams) apply(e *rewrite.Editor) error {
	for _, c := range p.Checks {
		if err := c.apply(e); err != nil {
			return err
		}
	}
	return nil
}

func (c AllowCheck) apply(e *rewrite.Editor) error {
	if len(c.Allowed) == 0 || c.Default == "" && c.Reject.Src == "" || !token.IsIdentifier(c.Var) {
		return fmt.Errorf("allow-list: no permitted names, default or refusal for %s", c.Var)
	}
	stmt, err := authzNode[ast.Stmt](e, c.Stmt, token.NoPos)
	if err != nil {
		return err
	}
	file, err := e.FileAt(c.Stmt)
	if err != nil {
		return err
	}
	var cases []string
	for _, a := range c.Allowed {
		cases = append(cases, strconv.Quote(a))
	}
	otherwise := c.Reject
	if c.Default != "" {
		otherwise = Snippet{Src: c.Var + " = " + strconv.Quote(c.Default)}
	}
	check := otherwise
	check.Src = fmt.Sprintf("switch %s {\ncase %s:\ndefault:\n%s\n}", c.Var, strings.Join(cases, ", "), otherwise.Src)
	stmts, err := authzStmts(e, file, check)
	if err != nil {
		return err
	}
	stmts[len(stmts)-1].Decorations().After = dst.EmptyLine
	if c.Declare {
		value, err := authzNode[ast.Expr](e, c.Value, c.ValueEnd)
		if err != nil {
			return err
		}
		decl := &dst.AssignStmt{Lhs: []dst.Expr{dst.NewIdent(c.Var)}, Tok: token.DEFINE, Rhs: []dst.Expr{bareClone(e, value)}}
		if !authzReplace(e, value, dst.NewIdent(c.Var)) {
			return fmt.Errorf("allow-list: cannot replace %s", types.ExprString(value))
		}
		stmts = append([]dst.Stmt{decl}, stmts...)
	}
	stmts[0].Decorations().Start.Append("// Placeholders cannot bind a " + c.What + ": let known ones through only.")
	if !insertStmts(e, stmt, stmts, false) {
		return fmt.Errorf("allow-list: the statement is not in a block")
	}
	return nil
}
