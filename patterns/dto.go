package patterns

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"

	"github.com/prodready/prodready/rewrite"
)

// ResponseStruct is dto/response-struct: encode a secret-free response type
// instead of the model.
var ResponseStruct = &Pattern{
	ID:      "dto/response-struct",
	Concern: "data exposure",
	Rules:   []string{"sensitive-field"},
	Title:   "Respond with a DTO without secrets",
	Description: `Encodes a response type without the secret fields instead of the model, converted at the write.

It adapts to the codebase first: when the handler's package has a function converting the model
to a type without secrets (toUserResponse(u *store.User) userResponse), or the model has a method
doing so (u.Public()), and that type's JSON keys are a subset of the model's other keys, the write
calls it; a slice or map converter of the package is reused the same way. Otherwise it declares,
in the handler's package, an unexported type named after the model (userResponse for store.User)
holding the model's JSON fields minus the secrets, with their json tags, plus a converter
toUserResponse(u *store.User) userResponse, and toUserResponses or toUserResponseMap when slices
([]T, []*T) or maps of the model are written. Fields of embedded structs are flattened into the
response type, as encoding/json flattens them, so no embedded model brings its secrets back.
Fields whose own type holds secrets (Team.Members []User) get response types in turn.

The write keeps its form: json.NewEncoder(w).Encode(v), the project's writeJSON(w, status, v),
gin's and echo's c.JSON, and values inside gin.H or map[string]any envelopes are converted in
place. The new declarations follow the function holding the first write that needs them, and
every fix of a package inserts them identically, so applying all fixes at once declares each once.`,
	Params: []Param{
		{"value", "the expression written to the response (Encode's, c.JSON's or the helper's argument)"},
		{"secrets", "which fields of a type are secrets, as the analyzer judges them"},
	},
	Example: Example{
		Before: `package api

import (
	"encoding/json"
	"net/http"
)

type User struct {
	ID           int64  ` + "`json:\"id\"`" + `
	Email        string ` + "`json:\"email\"`" + `
	PasswordHash string ` + "`json:\"password_hash\" db:\"password_hash\"`" + `
}

func getUser(w http.ResponseWriter, r *http.Request) {
	u := &User{ID: 1}
	json.NewEncoder(w).Encode(u)
}
`,
		After: `package api

import (
	"encoding/json"
	"net/http"
)

type User struct {
	ID           int64  ` + "`json:\"id\"`" + `
	Email        string ` + "`json:\"email\"`" + `
	PasswordHash string ` + "`json:\"password_hash\" db:\"password_hash\"`" + `
}

func getUser(w http.ResponseWriter, r *http.Request) {
	u := &User{ID: 1}
	json.NewEncoder(w).Encode(toUserResponse(u))
}

// userResponse is User as clients see it: without its secret fields.
type userResponse struct {
	ID    int64  ` + "`json:\"id\"`" + `
	Email string ` + "`json:\"email\"`" + `
}

// toUserResponse converts u for a response.
func toUserResponse(u *User) userResponse {
	return userResponse{
		ID:    u.ID,
		Email: u.Email,
	}
}
`,
	},
}

// OmitField is dto/omit-field: tag the secret fields json:"-".
var OmitField = &Pattern{
	ID:      "dto/omit-field",
	Concern: "data exposure",
	Rules:   []string{"sensitive-field"},
	Title:   "Never serialise the secret field",
	Description: `Tags each secret field the response exposes json:"-" in the struct that declares it, in whichever
file of the package that is, keeping the field's other tags (db:"password_hash" stays; only the json
key changes). It is the second choice because it changes the type for every use: a struct that is
also decoded from requests stops reading that field. It is offered when the declaring struct is in
the package being fixed; a model of another package is fixed by dto/response-struct.`,
	Params: []Param{
		{"fields", "the secret fields the written value exposes"},
	},
	Example: Example{
		Before: ResponseStruct.Example.Before,
		After: `package api

import (
	"encoding/json"
	"net/http"
)

type User struct {
	ID           int64  ` + "`json:\"id\"`" + `
	Email        string ` + "`json:\"email\"`" + `
	PasswordHash string ` + "`json:\"-\" db:\"password_hash\"`" + `
}

func getUser(w http.ResponseWriter, r *http.Request) {
	u := &User{ID: 1}
	json.NewEncoder(w).Encode(u)
}
`,
	},
}

func init() {
	Register(ResponseStruct)
	Register(OmitField)
}

// SecretsFunc lists the secret fields encoding/json writes for a value of
// type t, at any depth; empty when t exposes none.
type SecretsFunc func(t types.Type) []*types.Var

// OmitFieldFix returns the dto/omit-field fix hiding fields, or an error
// when one of them is not declared, on its own, in a struct of pkg (the
// package the fix is then applied to).
func OmitFieldFix(pkg *rewrite.Package, fields []*types.Var) (Fix, error) {
	if len(fields) == 0 {
		return Fix{}, errors.New("no field to omit")
	}
	for _, v := range fields {
		if _, err := fieldDecl(pkg, v); err != nil {
			return Fix{}, err
		}
	}
	fields = append([]*types.Var(nil), fields...)
	return Fix{Pattern: OmitField, Apply: func(e *rewrite.Editor) error {
		for _, v := range fields {
			if err := omitField(e, v); err != nil {
				return err
			}
		}
		return nil
	}}, nil
}

// fieldDecl finds the declaration of field v in pkg's files.
func fieldDecl(pkg *rewrite.Package, v *types.Var) (*ast.Field, error) {
	if v.Pkg() != pkg.Types {
		return nil, fmt.Errorf("field %s is declared in %s, not in %s", v.Name(), v.Pkg().Path(), pkg.Types.Path())
	}
	var field *ast.Field
	for _, f := range pkg.Files {
		if v.Pos() < f.FileStart || v.Pos() > f.FileEnd {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if field != nil {
				return false
			}
			fl, ok := n.(*ast.Field)
			if !ok {
				return true
			}
			for _, id := range fl.Names {
				if id.Pos() == v.Pos() {
					field = fl
				}
			}
			if len(fl.Names) == 0 && fl.Type.Pos() <= v.Pos() && v.Pos() < fl.Type.End() {
				field = fl // an embedded field is named by its type
			}
			return field == nil
		})
	}
	if field == nil {
		return nil, fmt.Errorf("no declaration of field %s in the files of %s", v.Name(), pkg.Types.Path())
	}
	if len(field.Names) > 1 {
		return nil, fmt.Errorf("field %s shares its declaration with %d others", v.Name(), len(field.Names)-1)
	}
	return field, nil
}

func omitField(e *rewrite.Editor, v *types.Var) error {
	field, err := fieldDecl(e.Package(), v)
	if err != nil {
		return err
	}
	df, ok := e.Dst(field).(*dst.Field)
	if !ok {
		return fmt.Errorf("field %s has no syntax to edit", v.Name())
	}
	tag := ""
	if df.Tag != nil {
		t, err := strconv.Unquote(df.Tag.Value)
		if err != nil {
			return fmt.Errorf("field %s: bad tag %s", v.Name(), df.Tag.Value)
		}
		tag = t
	}
	tag = setTagKey(tag, "json", "-")
	lit := "`" + tag + "`"
	if strings.Contains(tag, "`") {
		lit = strconv.Quote(tag)
	}
	if df.Tag == nil {
		df.Tag = &dst.BasicLit{Kind: token.STRING}
	}
	df.Tag.Value = lit
	return nil
}

// setTagKey sets key's value in a struct tag, keeping every other key and
// the order; a missing key is appended.
func setTagKey(tag, key, value string) string {
	type pair struct{ k, v string }
	var pairs []pair
	rest := tag
	ok := true
	for {
		rest = strings.TrimLeft(rest, " ")
		if rest == "" {
			break
		}
		i := strings.Index(rest, `:"`)
		if i <= 0 || strings.ContainsAny(rest[:i], " \"") {
			ok = false
			break
		}
		k := rest[:i]
		rest = rest[i+1:]
		j := 1
		for j < len(rest) && rest[j] != '"' {
			if rest[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(rest) {
			ok = false
			break
		}
		v, err := strconv.Unquote(rest[:j+1])
		if err != nil {
			ok = false
			break
		}
		pairs = append(pairs, pair{k, v})
		rest = rest[j+1:]
	}
	if !ok {
		// A malformed tag: append the key, which encoding/json will find
		// only if nothing before it is broken, so keep it first.
		return key + ":" + strconv.Quote(value) + " " + strings.TrimSpace(tag)
	}
	found := false
	for i := range pairs {
		if pairs[i].k == key {
			pairs[i].v = value
			found = true
		}
	}
	if !found {
		pairs = append([]pair{{key, value}}, pairs...)
	}
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p.k + ":" + strconv.Quote(p.v)
	}
	return strings.Join(parts, " ")
}

// A DTOPlan decides, for every response write of one package, how
// dto/response-struct converts the written value, which converters it
// reuses and which it declares, and where. Plan the writes of a package
// together: fixes then insert shared declarations identically.
type DTOPlan struct {
	pkg     *rewrite.Package
	secrets SecretsFunc
	convs   map[string]*conv
	order   []*conv // new convs in the order they were planned
	taken   map[string]bool
	writes  map[ast.Expr]*write
	anchors map[*conv]ast.Decl
	units   map[ast.Decl][]*conv
}

// write is the plan for one written value.
type write struct {
	root  *rootOp
	needs []*conv
	err   error
}

// rootOp converts one expression in place: either a conversion, or a walk
// into the elements of an interface-typed composite literal.
type rootOp struct {
	expr  ast.Expr
	form  form
	c     *conv
	elems []*rootOp
}

type convKind int

const (
	convStruct convKind = iota
	convSlice
	convMap
)

// conv converts values of one type to their response form.
type conv struct {
	kind convKind
	src  types.Type // *types.Named for structs; the slice or map type otherwise

	// Struct conversions.
	model    *types.Named
	method   string       // reused method of the model
	fnObj    *types.Func  // reused converter function
	respObj  *types.Named // reused response type
	ptrParam bool         // the converter takes *Model
	fields   []dtoField   // for a new response type
	respName string       // for a new response type

	// Slice and map conversions.
	elem    *conv
	elemPtr bool
	key     types.Type

	fn   string // new converter name
	deps []*conv
	new  bool
}

type dtoField struct {
	name, tag string
	typ       types.Type // kept field type; nil when converted
	conv      *conv      // conversion of the field's value
	sel       string     // selector path from the value: ID or User.ID
}

// form is how a value reaches a struct converter.
type form struct {
	unstar bool // the value is written as *p: use p
	addr   bool // pass &x
	deref  bool // pass *x
	paren  bool // (&x).M() for a composite literal
}

// PlanDTOs plans dto/response-struct for the values a package writes to
// responses. secrets says which fields are secret.
func PlanDTOs(pkg *rewrite.Package, values []ast.Expr, secrets SecretsFunc) *DTOPlan {
	p := &DTOPlan{
		pkg: pkg, secrets: secrets,
		convs:   map[string]*conv{},
		taken:   map[string]bool{},
		writes:  map[ast.Expr]*write{},
		anchors: map[*conv]ast.Decl{},
		units:   map[ast.Decl][]*conv{},
	}
	for _, f := range pkg.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				p.taken[id.Name] = true
			}
			return true
		})
	}
	sorted := append([]ast.Expr(nil), values...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := pkg.Fset.Position(sorted[i].Pos()), pkg.Fset.Position(sorted[j].Pos())
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Offset < b.Offset
	})
	for _, v := range sorted {
		w := &write{}
		p.writes[v] = w
		mark := len(p.order)
		root, err := p.rootOp(v, 0)
		if err == nil && root == nil {
			err = errors.New("the value exposes no secret the pattern can convert")
		}
		if err != nil {
			// Forget conversions planned only for this write.
			for _, c := range p.order[mark:] {
				delete(p.convs, typeKey(c.src))
				delete(p.taken, c.fn)
				delete(p.taken, c.respName)
			}
			p.order = p.order[:mark]
			w.err = err
			continue
		}
		w.root = root
		w.needs = root.convs(nil)
		// Anchor the new conversions at the function of their first write.
		decl := topDecl(pkg, v)
		for _, c := range closure(w.needs) {
			if c.new && p.anchors[c] == nil {
				p.anchors[c] = decl
				p.units[decl] = append(p.units[decl], c)
			}
		}
	}
	return p
}

// Fix returns the dto/response-struct fix for a value given to PlanDTOs,
// or an error saying why the pattern does not apply to it.
func (p *DTOPlan) Fix(value ast.Expr) (Fix, error) {
	w := p.writes[value]
	if w == nil {
		return Fix{}, errors.New("value was not planned")
	}
	if w.err != nil {
		return Fix{}, w.err
	}
	return Fix{Pattern: ResponseStruct, Apply: func(e *rewrite.Editor) error { return p.apply(e, w) }}, nil
}

func (p *DTOPlan) apply(e *rewrite.Editor, w *write) error {
	if e.Package().Types != p.pkg.Types {
		return fmt.Errorf("plan is for %s, not %s", p.pkg.Types.Path(), e.Package().Types.Path())
	}
	// The declarations: every unit holding something this write needs,
	// and the units those need in turn.
	units := map[ast.Decl]bool{}
	todo := closure(w.needs)
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		a := p.anchors[c]
		if a == nil || units[a] {
			continue
		}
		units[a] = true
		todo = append(todo, closure(p.units[a])...)
	}
	anchors := make([]ast.Decl, 0, len(units))
	for a := range units {
		anchors = append(anchors, a)
	}
	sort.Slice(anchors, func(i, j int) bool { return anchors[i].Pos() < anchors[j].Pos() })
	for _, a := range anchors {
		if err := p.declare(e, a); err != nil {
			return err
		}
	}
	df, err := e.FileAt(w.root.expr.Pos())
	if err != nil {
		return err
	}
	return p.replace(e, df, w.root)
}

// replace rewrites op's expression in file f.
func (p *DTOPlan) replace(e *rewrite.Editor, f *dst.File, op *rootOp) error {
	target := e.Dst(op.expr)
	if target == nil {
		return fmt.Errorf("no syntax for the written value")
	}
	if op.c == nil {
		for _, el := range op.elems {
			if err := p.replace(e, f, el); err != nil {
				return err
			}
		}
		return nil
	}
	x := target.(dst.Expr)
	var repl dst.Expr
	replaced := false
	dstutil.Apply(f, func(c *dstutil.Cursor) bool {
		if replaced {
			return false
		}
		if c.Node() == target {
			repl = p.convertDst(e, f, op, x)
			c.Replace(repl)
			replaced = true
			return false
		}
		return true
	}, nil)
	if !replaced {
		return fmt.Errorf("written value not found in its file")
	}
	return nil
}

// convertDst builds the conversion of x, moving x's decorations outside.
func (p *DTOPlan) convertDst(e *rewrite.Editor, f *dst.File, op *rootOp, x dst.Expr) dst.Expr {
	decs := *x.Decorations()
	*x.Decorations() = dst.NodeDecs{}
	c, fm := op.c, op.form
	arg := x
	if fm.unstar {
		arg = peelStar(x)
	}
	if fm.deref {
		if u, ok := x.(*dst.UnaryExpr); ok && u.Op == token.AND {
			arg = u.X
		} else {
			arg = &dst.StarExpr{X: x}
		}
	}
	if fm.addr {
		arg = &dst.UnaryExpr{Op: token.AND, X: x}
	}
	var out dst.Expr
	if c.kind == convStruct && c.method != "" {
		recv := arg
		if fm.paren {
			recv = &dst.ParenExpr{X: &dst.UnaryExpr{Op: token.AND, X: x}}
		} else if needsParens(recv) {
			recv = &dst.ParenExpr{X: recv}
		}
		out = &dst.CallExpr{Fun: &dst.SelectorExpr{X: recv, Sel: dst.NewIdent(c.method)}}
	} else {
		out = &dst.CallExpr{Fun: p.funcRef(e, f, c), Args: []dst.Expr{arg}}
	}
	*out.Decorations() = decs
	return out
}

// peelStar returns p of *p, looking through parentheses.
func peelStar(x dst.Expr) dst.Expr {
	for {
		switch v := x.(type) {
		case *dst.ParenExpr:
			x = v.X
		case *dst.StarExpr:
			return v.X
		default:
			return x
		}
	}
}

func needsParens(x dst.Expr) bool {
	switch x.(type) {
	case *dst.UnaryExpr, *dst.StarExpr, *dst.BinaryExpr:
		return true
	}
	return false
}

func (p *DTOPlan) funcRef(e *rewrite.Editor, f *dst.File, c *conv) dst.Expr {
	if c.fnObj != nil && c.fnObj.Pkg() != p.pkg.Types {
		q := e.AddImport(f, c.fnObj.Pkg().Path(), c.fnObj.Pkg().Name())
		if q != "" {
			return &dst.SelectorExpr{X: dst.NewIdent(q), Sel: dst.NewIdent(c.fnObj.Name())}
		}
	}
	return dst.NewIdent(c.funcName())
}

func (c *conv) funcName() string {
	if c.fnObj != nil {
		return c.fnObj.Name()
	}
	return c.fn
}

// declare inserts the unit anchored at a after it.
func (p *DTOPlan) declare(e *rewrite.Editor, a ast.Decl) error {
	df, err := e.FileAt(a.Pos())
	if err != nil {
		return err
	}
	anchor := e.Dst(a)
	qual := func(pkg *types.Package) string {
		if pkg == p.pkg.Types {
			return ""
		}
		return e.AddImport(df, pkg.Path(), pkg.Name())
	}
	var b strings.Builder
	for _, c := range p.units[a] {
		c.source(&b, qual)
	}
	decls, err := rewrite.ParseDecls(b.String())
	if err != nil {
		return fmt.Errorf("declare response types: %w", err)
	}
	for i, d := range df.Decls {
		if d == anchor {
			rest := append(decls, df.Decls[i+1:]...)
			df.Decls = append(df.Decls[:i+1], rest...)
			for _, d := range decls {
				d.Decorations().Before = dst.EmptyLine
			}
			return nil
		}
	}
	return fmt.Errorf("anchor declaration not found")
}

// source writes the declarations of a new conversion. Local names avoid
// the package qualifiers the declarations use.
func (c *conv) source(b *strings.Builder, q types.Qualifier) {
	used := map[string]bool{}
	record := func(p *types.Package) string {
		name := q(p)
		used[name] = true
		return name
	}
	c.emit(new(strings.Builder), record, localNames{v: "v", list: "list"})
	model := c.model
	if c.elem != nil {
		model = c.elem.model
	}
	nm := localNames{v: paramName(model.Obj().Name()), list: lowerFirst(model.Obj().Name()) + "s"}
	switch nm.v {
	case "i", "k", "in", "out":
		nm.v = "v"
	}
	if used[nm.v] {
		nm.v = "v"
	}
	if used[nm.list] || token.Lookup(nm.list).IsKeyword() {
		nm.list = "list"
	}
	c.emit(b, q, nm)
}

type localNames struct{ v, list string }

func (c *conv) emit(b *strings.Builder, q types.Qualifier, nm localNames) {
	switch c.kind {
	case convStruct:
		m := c.model.Obj().Name()
		fmt.Fprintf(b, "// %s is %s as clients see it: without its secret fields.\ntype %s struct {\n", c.respName, m, c.respName)
		for _, f := range c.fields {
			t := ""
			if f.conv != nil {
				t = f.conv.respType(q)
			} else {
				t = types.TypeString(f.typ, q)
			}
			fmt.Fprintf(b, "\t%s %s", f.name, t)
			if f.tag != "" {
				fmt.Fprintf(b, " `%s`", f.tag)
			}
			b.WriteString("\n")
		}
		b.WriteString("}\n\n")
		v := nm.v
		fmt.Fprintf(b, "// %s converts %s for a response.\nfunc %s(%s *%s) %s {\n\treturn %s{\n",
			c.fn, v, c.fn, v, types.TypeString(c.model, q), c.respName, c.respName)
		for _, f := range c.fields {
			val := v + "." + f.sel
			if f.conv != nil {
				val = f.conv.call(val, form{addr: f.conv.kind == convStruct && f.conv.ptrParam}, q)
			}
			fmt.Fprintf(b, "\t\t%s: %s,\n", f.name, val)
		}
		b.WriteString("\t}\n}\n\n")
	case convSlice:
		list, v := nm.list, nm.v
		fmt.Fprintf(b, "// %s converts each of %s for a response.\n", c.fn, list)
		fmt.Fprintf(b, "func %s(%s %s) []%s {\n", c.fn, list, types.TypeString(c.src, q), c.elem.respType(q))
		fmt.Fprintf(b, "\tout := make([]%s, 0, len(%s))\n", c.elem.respType(q), list)
		if c.elemPtr {
			fmt.Fprintf(b, "\tfor _, %s := range %s {\n\t\tout = append(out, %s)\n\t}\n", v, list, c.elem.call(v, form{deref: !c.elem.ptrParam}, q))
		} else {
			fmt.Fprintf(b, "\tfor i := range %s {\n\t\tout = append(out, %s)\n\t}\n", list, c.elem.call(list+"[i]", form{addr: c.elem.ptrParam}, q))
		}
		b.WriteString("\treturn out\n}\n\n")
	case convMap:
		v := nm.v
		fmt.Fprintf(b, "// %s converts each value of in for a response.\n", c.fn)
		fmt.Fprintf(b, "func %s(in %s) %s {\n", c.fn, types.TypeString(c.src, q), c.respType(q))
		fmt.Fprintf(b, "\tout := make(%s, len(in))\n", c.respType(q))
		fm := form{deref: c.elemPtr && !c.elem.ptrParam, addr: !c.elemPtr && c.elem.ptrParam}
		fmt.Fprintf(b, "\tfor k, %s := range in {\n\t\tout[k] = %s\n\t}\n\treturn out\n}\n\n", v, c.elem.call(v, fm, q))
	}
}

// call is the source of the conversion of x.
func (c *conv) call(x string, fm form, q types.Qualifier) string {
	if c.kind == convStruct && c.method != "" {
		return x + "." + c.method + "()"
	}
	switch {
	case fm.addr:
		x = "&" + x
	case fm.deref:
		x = "*" + x
	}
	name := c.funcName()
	if c.fnObj != nil {
		if pq := q(c.fnObj.Pkg()); pq != "" {
			name = pq + "." + name
		}
	}
	return name + "(" + x + ")"
}

// respType is the source of the response type of c.
func (c *conv) respType(q types.Qualifier) string {
	switch c.kind {
	case convSlice:
		return "[]" + c.elem.respType(q)
	case convMap:
		return "map[" + types.TypeString(c.key, q) + "]" + c.elem.respType(q)
	}
	if c.respObj != nil {
		return types.TypeString(c.respObj, q)
	}
	return c.respName
}

func (op *rootOp) convs(out []*conv) []*conv {
	if op.c != nil {
		out = append(out, op.c)
	}
	for _, el := range op.elems {
		out = el.convs(out)
	}
	return out
}

// closure adds the conversions cs depend on.
func closure(cs []*conv) []*conv {
	seen := map[*conv]bool{}
	var out []*conv
	var visit func(c *conv)
	visit = func(c *conv) {
		if seen[c] {
			return
		}
		seen[c] = true
		out = append(out, c)
		for _, d := range c.deps {
			visit(d)
		}
	}
	for _, c := range cs {
		visit(c)
	}
	return out
}

// topDecl returns the top-level declaration holding x.
func topDecl(pkg *rewrite.Package, x ast.Expr) ast.Decl {
	for _, f := range pkg.Files {
		if x.Pos() < f.FileStart || x.Pos() > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			if d.Pos() <= x.Pos() && x.End() <= d.End() {
				return d
			}
		}
	}
	return nil
}

// rootOp plans the conversion of a written expression; nil when it needs
// none.
func (p *DTOPlan) rootOp(x ast.Expr, depth int) (*rootOp, error) {
	if depth > 8 {
		return nil, errors.New("value nests too deep")
	}
	t := p.pkg.Info.TypeOf(x)
	if t == nil {
		return nil, errors.New("value has no type")
	}
	if topDecl(p.pkg, x) == nil {
		return nil, errors.New("value is outside the package's declarations")
	}
	inner := ast.Unparen(x)
	if types.IsInterface(t) {
		// An any-typed value: look into a literal; anything else could
		// hold a secret the pattern cannot see.
		switch v := inner.(type) {
		case *ast.CallExpr:
			if tv, ok := p.pkg.Info.Types[v.Fun]; ok && tv.IsType() && len(v.Args) == 1 {
				return p.rootOp(v.Args[0], depth+1)
			}
		case *ast.Ident:
			if tv := p.pkg.Info.Types[v]; tv.IsNil() {
				return nil, nil
			}
		case *ast.BasicLit:
			return nil, nil
		}
		return nil, errors.New("an interface-typed value can hold anything")
	}
	if lit, ok := inner.(*ast.CompositeLit); ok {
		if el := elemOf(t); el != nil && types.IsInterface(el) {
			op := &rootOp{expr: x}
			for _, e := range lit.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				sub, err := p.rootOp(e, depth+1)
				if err != nil {
					return nil, err
				}
				if sub != nil {
					op.elems = append(op.elems, sub)
				}
			}
			if len(op.elems) == 0 {
				return nil, nil
			}
			return op, nil
		}
	}
	if len(p.secrets(t)) == 0 {
		return nil, nil
	}
	c, err := p.convOf(t, 0)
	if err != nil {
		return nil, err
	}
	op := &rootOp{expr: x, c: c}
	if c.kind != convStruct {
		return op, nil
	}
	ptr := isPointer(t)
	if s, ok := inner.(*ast.StarExpr); ok && !ptr && (c.ptrParam || c.method != "") {
		// *p: convert p itself.
		op.form.unstar, ptr = true, true
		inner = ast.Unparen(s.X)
	}
	_, isLit := inner.(*ast.CompositeLit)
	addressable := isLit || p.addressable(inner)
	switch {
	case c.method != "":
		if !ptr && c.ptrParam && !addressable {
			return nil, fmt.Errorf("%s has a pointer receiver and the value is not addressable", c.method)
		}
		op.form.paren = !ptr && c.ptrParam && isLit
	case c.ptrParam:
		if !ptr {
			if !addressable {
				return nil, errors.New("the converter takes a pointer and the value is not addressable")
			}
			op.form.addr = true
		}
	default:
		op.form.deref = ptr
	}
	return op, nil
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Pointer)
	return ok
}

func elemOf(t types.Type) types.Type {
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Slice:
		return u.Elem()
	case *types.Map:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	}
	return nil
}

// addressable reports whether &x is legal.
func (p *DTOPlan) addressable(x ast.Expr) bool {
	switch v := ast.Unparen(x).(type) {
	case *ast.Ident:
		_, ok := p.pkg.Info.Uses[v].(*types.Var)
		return ok
	case *ast.SelectorExpr:
		sel := p.pkg.Info.Selections[v]
		if sel == nil || sel.Kind() != types.FieldVal {
			return false
		}
		return isPointer(p.pkg.Info.TypeOf(v.X)) || p.addressable(v.X)
	case *ast.IndexExpr:
		switch types.Unalias(p.pkg.Info.TypeOf(v.X)).Underlying().(type) {
		case *types.Slice:
			return true
		case *types.Array:
			return p.addressable(v.X)
		}
	case *ast.StarExpr:
		return true
	}
	return false
}

func typeKey(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Path() })
}

// convOf plans the conversion of values of type t, which exposes secrets.
func (p *DTOPlan) convOf(t types.Type, depth int) (*conv, error) {
	if depth > 8 {
		return nil, errors.New("types nest too deep")
	}
	t = types.Unalias(t)
	switch u := t.(type) {
	case *types.Pointer:
		return p.structConv(u.Elem(), depth)
	case *types.Named:
		if _, ok := u.Underlying().(*types.Struct); ok {
			return p.structConv(u, depth)
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return p.containerConv(types.NewSlice(u.Elem()), convSlice, u.Elem(), nil, depth)
	case *types.Map:
		return p.containerConv(types.NewMap(u.Key(), u.Elem()), convMap, u.Elem(), u.Key(), depth)
	}
	return nil, fmt.Errorf("cannot convert a value of type %s", t)
}

func (p *DTOPlan) containerConv(src types.Type, kind convKind, elem, key types.Type, depth int) (*conv, error) {
	if c := p.convs[typeKey(src)]; c != nil {
		return c, nil
	}
	elemPtr := false
	if pt, ok := types.Unalias(elem).(*types.Pointer); ok {
		elem, elemPtr = pt.Elem(), true
	}
	n, ok := types.Unalias(elem).(*types.Named)
	if !ok {
		return nil, fmt.Errorf("cannot convert elements of type %s", elem)
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil, fmt.Errorf("cannot convert elements of type %s", elem)
	}
	if key != nil {
		if err := p.nameable(key); err != nil {
			return nil, err
		}
	}
	ec, err := p.structConv(n, depth+1)
	if err != nil {
		return nil, err
	}
	c := &conv{kind: kind, src: src, elem: ec, elemPtr: elemPtr, key: key, deps: []*conv{ec}}
	if err := p.nameable(src); err != nil {
		return nil, err
	}
	// Reuse a converter of the package with the right signature.
	if !ec.new {
		var want types.Type
		if kind == convSlice {
			want = types.NewSlice(ec.resp())
		} else {
			want = types.NewMap(key, ec.resp())
		}
		if fn := p.findFunc(p.pkg.Types, src, want); fn != nil {
			c.fnObj, c.deps = fn, nil
			p.convs[typeKey(src)] = c
			return c, nil
		}
	}
	base := "to" + upperFirst(ec.respTypeName())
	if kind == convSlice {
		base += "s"
	} else {
		base += "Map"
	}
	c.fn = p.free(base)
	c.new = true
	p.convs[typeKey(src)] = c
	p.order = append(p.order, c)
	return c, nil
}

func (c *conv) resp() types.Type {
	if c.respObj != nil {
		return c.respObj
	}
	return nil
}

func (c *conv) respTypeName() string {
	if c.respObj != nil {
		return c.respObj.Obj().Name()
	}
	return c.respName
}

// structConv plans the conversion of a named struct type.
func (p *DTOPlan) structConv(t types.Type, depth int) (*conv, error) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil, fmt.Errorf("cannot convert a value of type %s", t)
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil, fmt.Errorf("cannot convert a value of type %s", t)
	}
	if c := p.convs[typeKey(n)]; c != nil {
		return c, nil
	}
	if n.TypeArgs().Len() > 0 {
		return nil, fmt.Errorf("%s is generic", n.Obj().Name())
	}
	if err := p.nameable(n); err != nil {
		return nil, err
	}
	c := &conv{kind: convStruct, src: n, model: n}
	if p.reuse(c, st) {
		p.convs[typeKey(n)] = c
		return c, nil
	}
	secret := map[*types.Var]bool{}
	for _, v := range p.secrets(n) {
		secret[v] = true
	}
	// Register first: a recursive type (Node.Children []*Node) refers to
	// its own conversion.
	c.new, c.ptrParam = true, true
	c.respName = p.free(lowerFirst(n.Obj().Name()) + "Response")
	c.fn = p.free("to" + n.Obj().Name() + "Response")
	p.convs[typeKey(n)] = c
	p.order = append(p.order, c)
	names := map[string]bool{}
	for _, f := range jsonFieldsOf(st) {
		v := f.chain[len(f.chain)-1]
		if secret[v] {
			continue
		}
		sel, err := p.selector(n, f.chain)
		if err != nil {
			return nil, err
		}
		if names[v.Name()] {
			return nil, fmt.Errorf("%s has two JSON fields named %s in Go", n.Obj().Name(), v.Name())
		}
		names[v.Name()] = true
		df := dtoField{name: v.Name(), sel: sel}
		if f.tagged {
			df.tag = `json:` + strconv.Quote(f.tag)
		}
		if len(p.secrets(v.Type())) > 0 {
			if isPointer(v.Type()) {
				return nil, fmt.Errorf("field %s is a pointer to a type with secrets", v.Name())
			}
			fc, err := p.convOf(v.Type(), depth+1)
			if err != nil {
				return nil, err
			}
			df.conv = fc
			c.deps = append(c.deps, fc)
		} else {
			if err := p.nameable(v.Type()); err != nil {
				return nil, err
			}
			df.typ = v.Type()
		}
		c.fields = append(c.fields, df)
	}
	if len(c.fields) == 0 {
		return nil, fmt.Errorf("%s has nothing but secrets", n.Obj().Name())
	}
	return c, nil
}

// selector returns the selector path reaching a field from a value of n:
// the promoted name when Go resolves it to the same field, else the chain.
func (p *DTOPlan) selector(n *types.Named, chain []*types.Var) (string, error) {
	v := chain[len(chain)-1]
	for _, e := range chain[:len(chain)-1] {
		if isPointer(e.Type()) {
			return "", fmt.Errorf("field %s comes through the embedded pointer %s", v.Name(), e.Name())
		}
	}
	if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), true, p.pkg.Types, v.Name()); obj == v {
		return v.Name(), nil
	}
	var parts []string
	for _, e := range chain {
		if !e.Exported() && e.Pkg() != p.pkg.Types {
			return "", fmt.Errorf("field %s is reached through unexported %s", v.Name(), e.Name())
		}
		parts = append(parts, e.Name())
	}
	return strings.Join(parts, "."), nil
}

// nameable reports an error when t mentions a type the package cannot name.
func (p *DTOPlan) nameable(t types.Type) error {
	var err error
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		if err != nil || depth > 10 {
			return
		}
		switch u := types.Unalias(t).(type) {
		case *types.Named:
			obj := u.Obj()
			if obj.Pkg() != nil && obj.Pkg() != p.pkg.Types && !obj.Exported() {
				err = fmt.Errorf("type %s is not exported from %s", obj.Name(), obj.Pkg().Path())
				return
			}
			if obj.Parent() != nil && obj.Pkg() != nil && obj.Parent() != obj.Pkg().Scope() {
				err = fmt.Errorf("type %s is local to a function", obj.Name())
				return
			}
			for i := 0; i < u.TypeArgs().Len(); i++ {
				walk(u.TypeArgs().At(i), depth+1)
			}
		case *types.Pointer:
			walk(u.Elem(), depth+1)
		case *types.Slice:
			walk(u.Elem(), depth+1)
		case *types.Array:
			walk(u.Elem(), depth+1)
		case *types.Map:
			walk(u.Key(), depth+1)
			walk(u.Elem(), depth+1)
		case *types.Chan:
			walk(u.Elem(), depth+1)
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				walk(u.Field(i).Type(), depth+1)
			}
		case *types.Signature, *types.Interface, *types.TypeParam:
			if _, ok := u.(*types.Interface); !ok {
				err = fmt.Errorf("cannot declare a field of type %s", t)
			}
		}
	}
	walk(t, 0)
	return err
}

// reuse finds the codebase's own conversion of the model: a function of
// the handler's package or of the model's taking the model, or a method of
// the model without parameters, returning a named struct without secrets
// whose JSON keys are among the model's other keys.
func (p *DTOPlan) reuse(c *conv, st *types.Struct) bool {
	n := c.model
	allowed := map[string]bool{}
	secret := map[*types.Var]bool{}
	for _, v := range p.secrets(n) {
		secret[v] = true
	}
	for _, f := range jsonFieldsOf(st) {
		if !secret[f.chain[len(f.chain)-1]] {
			allowed[f.key] = true
		}
	}
	view := func(t types.Type) (*types.Named, bool) {
		r, ok := types.Unalias(t).(*types.Named)
		if !ok || r == n || r.TypeArgs().Len() > 0 {
			return nil, false
		}
		rs, ok := r.Underlying().(*types.Struct)
		if !ok || len(p.secrets(r)) > 0 || p.nameable(r) != nil {
			return nil, false
		}
		fields := jsonFieldsOf(rs)
		if len(fields) == 0 {
			return nil, false
		}
		for _, f := range fields {
			if !allowed[f.key] {
				return nil, false
			}
		}
		return r, true
	}
	// Functions of the handler's package first, then of the model's.
	scopes := []*types.Package{p.pkg.Types}
	if n.Obj().Pkg() != nil && n.Obj().Pkg() != p.pkg.Types {
		scopes = append(scopes, n.Obj().Pkg())
	}
	for _, pkg := range scopes {
		for _, name := range pkg.Scope().Names() {
			fn, ok := pkg.Scope().Lookup(name).(*types.Func)
			if !ok || (pkg != p.pkg.Types && !fn.Exported()) {
				continue
			}
			sig := fn.Signature()
			if sig.Recv() != nil || sig.TypeParams().Len() > 0 || sig.Params().Len() != 1 || sig.Results().Len() != 1 || sig.Variadic() {
				continue
			}
			in := types.Unalias(sig.Params().At(0).Type())
			ptr := false
			if pt, ok := in.(*types.Pointer); ok {
				in, ptr = types.Unalias(pt.Elem()), true
			}
			if in != types.Type(n) {
				continue
			}
			if r, ok := view(sig.Results().At(0).Type()); ok {
				c.fnObj, c.respObj, c.ptrParam = fn, r, ptr
				return true
			}
		}
	}
	mset := types.NewMethodSet(types.NewPointer(n))
	var best *types.Func
	for i := 0; i < mset.Len(); i++ {
		fn, ok := mset.At(i).Obj().(*types.Func)
		if !ok || len(mset.At(i).Index()) != 1 {
			continue
		}
		if !fn.Exported() && fn.Pkg() != p.pkg.Types {
			continue
		}
		sig := fn.Signature()
		if sig.Params().Len() != 0 || sig.Results().Len() != 1 {
			continue
		}
		if r, ok := view(sig.Results().At(0).Type()); ok && best == nil {
			best = fn
			c.respObj = r
			_, c.ptrParam = types.Unalias(sig.Recv().Type()).(*types.Pointer)
		}
	}
	if best != nil {
		c.method = best.Name()
		return true
	}
	return false
}

// findFunc finds a function of pkg with signature func(in) out.
func (p *DTOPlan) findFunc(pkg *types.Package, in, out types.Type) *types.Func {
	for _, name := range pkg.Scope().Names() {
		fn, ok := pkg.Scope().Lookup(name).(*types.Func)
		if !ok {
			continue
		}
		sig := fn.Signature()
		if sig.Recv() != nil || sig.TypeParams().Len() > 0 || sig.Params().Len() != 1 || sig.Results().Len() != 1 || sig.Variadic() {
			continue
		}
		if types.Identical(sig.Params().At(0).Type(), in) && types.Identical(sig.Results().At(0).Type(), out) {
			return fn
		}
	}
	return nil
}

// free returns base, or base with a number, unused in the package.
func (p *DTOPlan) free(base string) string {
	name := base
	for i := 2; p.taken[name] || types.Universe.Lookup(name) != nil || token.Lookup(name).IsKeyword(); i++ {
		name = base + strconv.Itoa(i)
	}
	p.taken[name] = true
	return name
}

// paramName is the parameter name for a value of a type: u for User.
func paramName(typeName string) string {
	for _, r := range typeName {
		s := string(unicode.ToLower(r))
		if token.Lookup(s).IsKeyword() {
			return "v"
		}
		return s
	}
	return "v"
}

// lowerFirst lowers the leading upper-case run of an identifier, keeping
// the last letter of an acronym followed by lower case: APIKey is apiKey.
func lowerFirst(s string) string {
	rs := []rune(s)
	n := 0
	for n < len(rs) && unicode.IsUpper(rs[n]) {
		n++
	}
	if n > 1 && n < len(rs) {
		n--
	}
	for i := 0; i < n; i++ {
		rs[i] = unicode.ToLower(rs[i])
	}
	return string(rs)
}

func upperFirst(s string) string {
	rs := []rune(s)
	if len(rs) > 0 {
		rs[0] = unicode.ToUpper(rs[0])
	}
	return string(rs)
}

// jsonField is a field encoding/json writes.
type jsonField struct {
	key    string       // the JSON key
	tag    string       // the whole json tag value, when tagged
	tagged bool         // the key comes from the tag
	chain  []*types.Var // embedded fields, then the field
	index  []int        // field indices along chain
}

// jsonFieldsOf lists the fields encoding/json writes for st, in its order:
// exported fields, json:"-" skipped, untagged embedded structs inlined,
// the shallowest field of a key winning, a tagged one breaking ties, and
// remaining ties dropping the key.
func jsonFieldsOf(st *types.Struct) []jsonField {
	type level struct {
		st    *types.Struct
		chain []*types.Var
		index []int
	}
	var all []jsonField
	visited := map[*types.Struct]bool{}
	next := []level{{st: st}}
	for len(next) > 0 {
		cur := next
		next = nil
		for _, lv := range cur {
			if visited[lv.st] {
				continue
			}
			visited[lv.st] = true
			for i := 0; i < lv.st.NumFields(); i++ {
				sf := lv.st.Field(i)
				ft := types.Unalias(sf.Type())
				if pt, ok := ft.(*types.Pointer); ok {
					ft = types.Unalias(pt.Elem())
				}
				_, isStruct := ft.Underlying().(*types.Struct)
				if sf.Embedded() {
					if !sf.Exported() && !isStruct {
						continue
					}
				} else if !sf.Exported() {
					continue
				}
				tag := reflect.StructTag(lv.st.Tag(i)).Get("json")
				if tag == "-" {
					continue
				}
				key, _, _ := strings.Cut(tag, ",")
				chain := append(append([]*types.Var(nil), lv.chain...), sf)
				index := append(append([]int(nil), lv.index...), i)
				if key != "" || !sf.Embedded() || !isStruct {
					f := jsonField{key: key, tagged: key != "", chain: chain, index: index}
					if tag != "" {
						f.tag = tag
					}
					if key == "" {
						f.key = sf.Name()
					}
					all = append(all, f)
					continue
				}
				next = append(next, level{st: ft.Underlying().(*types.Struct), chain: chain, index: index})
			}
		}
	}
	sorted := append([]jsonField(nil), all...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.key != b.key {
			return a.key < b.key
		}
		if len(a.chain) != len(b.chain) {
			return len(a.chain) < len(b.chain)
		}
		return a.tagged && !b.tagged
	})
	var out []jsonField
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j].key == sorted[i].key {
			j++
		}
		g := sorted[i:j]
		i = j
		if len(g) > 1 && len(g[1].chain) == len(g[0].chain) && g[1].tagged == g[0].tagged {
			continue
		}
		out = append(out, g[0])
	}
	// encoding/json writes fields in index sequence: embedded fields
	// where the embedding field is.
	sort.Slice(out, func(i, j int) bool { return slices.Compare(out[i].index, out[j].index) < 0 })
	return out
}
