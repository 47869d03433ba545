package patterns

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/prodready/prodready/rewrite"
)

func TestSetTagKey(t *testing.T) {
	for _, tc := range []struct{ tag, want string }{
		{``, `json:"-"`},
		{`json:"password_hash"`, `json:"-"`},
		{`db:"password_hash" json:"password_hash,omitempty"`, `db:"password_hash" json:"-"`},
		{`db:"hash"`, `json:"-" db:"hash"`},
		{`validate:"a \"quoted\" b" json:"x"`, `validate:"a \"quoted\" b" json:"-"`},
		{`malformed`, `json:"-" malformed`},
	} {
		if got := setTagKey(tc.tag, "json", "-"); got != tc.want {
			t.Errorf("setTagKey(%q) = %q, want %q", tc.tag, got, tc.want)
		}
	}
}

func TestLowerFirst(t *testing.T) {
	for in, want := range map[string]string{"User": "user", "APIKey": "apiKey", "ID": "id", "user": "user", "TOTPSecret": "totpSecret"} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

// pkgOf type-checks one file without imports as package p.
func pkgOf(t *testing.T, src string) *rewrite.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "/p/p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{}, Scopes: map[ast.Node]*types.Scope{}, Implicits: map[ast.Node]types.Object{},
	}
	tp, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return &rewrite.Package{Fset: fset, Files: []*ast.File{f}, Types: tp, Info: info, Src: map[string][]byte{"/p/p.go": []byte(src)}}
}

// returned lists the expressions of the return statements of the
// functions named in names, in order.
func returned(pkg *rewrite.Package, names ...string) []ast.Expr {
	var out []ast.Expr
	for _, name := range names {
		for _, d := range pkg.Files[0].Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Name.Name != name {
				continue
			}
			ast.Inspect(fd, func(n ast.Node) bool {
				if r, ok := n.(*ast.ReturnStmt); ok {
					out = append(out, r.Results...)
				}
				return true
			})
		}
	}
	return out
}

// secretsByName treats fields named Password* and Token as secrets.
func secretsByName(t types.Type) []*types.Var {
	var out []*types.Var
	seen := map[types.Type]bool{}
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		if depth > 8 || seen[t] {
			return
		}
		seen[t] = true
		switch u := types.Unalias(t).Underlying().(type) {
		case *types.Pointer:
			walk(u.Elem(), depth+1)
		case *types.Slice:
			walk(u.Elem(), depth+1)
		case *types.Map:
			walk(u.Elem(), depth+1)
		case *types.Struct:
			for _, f := range jsonFieldsOf(u) {
				v := f.chain[len(f.chain)-1]
				if strings.HasPrefix(v.Name(), "Password") || v.Name() == "Token" {
					out = append(out, v)
					continue
				}
				walk(v.Type(), depth+1)
			}
		}
	}
	walk(t, 0)
	return out
}

// apply applies the dto/response-struct fix of value i and checks that the
// result type-checks; it returns the new source.
func apply(t *testing.T, pkg *rewrite.Package, plan *DTOPlan, value ast.Expr) string {
	t.Helper()
	fix, err := plan.Fix(value)
	if err != nil {
		t.Fatalf("no fix for %s: %v", types.ExprString(value), err)
	}
	res, err := rewrite.Rewrite(pkg, fix.Apply)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 {
		t.Fatalf("%d files changed", len(res))
	}
	out := res[0].NewContent
	if err := rewrite.TypeCheck(map[string][]byte{"/p/p.go": out}, "p", importer.Default()); err != nil {
		t.Fatalf("result does not type-check: %v\n%s", err, out)
	}
	if !rewrite.GofmtStable(out) {
		t.Errorf("result is not gofmt-clean")
	}
	if lost := rewrite.CommentsKept(pkg.Src["/p/p.go"], out); len(lost) > 0 {
		t.Errorf("comments lost: %q", lost)
	}
	return string(out)
}

const models = `package p

type Base struct {
	ID int64 ` + "`json:\"id\"`" + `
}

type User struct {
	Base
	Email        string ` + "`json:\"email,omitempty\" db:\"email\"`" + `
	PasswordHash string ` + "`json:\"password_hash\"`" + `
	Nick         string
}

type Team struct {
	Name    string
	Members []User ` + "`json:\"members\"`" + `
}
`

func TestResponseStructDeclares(t *testing.T) {
	pkg := pkgOf(t, models+`
func one() *User { return &User{} }

// byValue writes a User held in a variable.
func byValue() any {
	var u User
	return u
}

func list() any {
	var users []*User
	return users
}

func team() any {
	var t Team
	return t
}

func value() User { return User{} }

func notAddressable() any { return value() }

func star() any { return *one() }
`)
	values := returned(pkg, "byValue", "list", "team")
	plan := PlanDTOs(pkg, values, secretsByName)
	out := apply(t, pkg, plan, values[0])
	for _, want := range []string{
		"return toUserResponse(&u)",
		"type userResponse struct {\n\tID    int64  `json:\"id\"`\n\tEmail string `json:\"email,omitempty\"`\n\tNick  string\n}",
		"func toUserResponse(u *User) userResponse {",
		"ID:    u.ID,", // flattened through the embedded Base
		"// byValue writes a User held in a variable.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("result lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "u.PasswordHash") {
		t.Errorf("the response type keeps the secret:\n%s", out)
	}
	out = apply(t, pkg, plan, values[1])
	if !strings.Contains(out, "func toUserResponses(users []*User) []userResponse {") {
		t.Errorf("no slice converter:\n%s", out)
	}
	out = apply(t, pkg, plan, values[2])
	if !strings.Contains(out, "Members: toUserResponses2(t.Members),") || !strings.Contains(out, "toUserResponse(&users[i])") {
		t.Errorf("nested members not converted:\n%s", out)
	}
	// A User returned by a call is not addressable and the new converter
	// takes a pointer: the pattern does not apply.
	single := returned(pkg, "notAddressable")
	if _, err := PlanDTOs(pkg, single, secretsByName).Fix(single[0]); err == nil {
		t.Errorf("fix offered for value() through a pointer converter")
	}
	// *p is converted as p.
	star := returned(pkg, "star")
	if out := apply(t, pkg, PlanDTOs(pkg, star, secretsByName), star[0]); !strings.Contains(out, "return toUserResponse(one())") {
		t.Errorf("*one() not converted as one():\n%s", out)
	}
}

func TestResponseStructReuses(t *testing.T) {
	pkg := pkgOf(t, models+`
// Public is the user as clients see it.
type Public struct {
	ID    int64  `+"`json:\"id\"`"+`
	Email string `+"`json:\"email,omitempty\"`"+`
}

func (u *User) Public() Public { return Public{ID: u.ID, Email: u.Email} }

// Settings is not a view of User: its keys are not User's.
type Settings struct{ Theme string }

func (u *User) Settings() Settings { return Settings{} }

func get() any { return &User{} }

func list() any {
	var users []User
	return users
}
`)
	values := returned(pkg, "get", "list")
	plan := PlanDTOs(pkg, values, secretsByName)
	if out := apply(t, pkg, plan, values[0]); !strings.Contains(out, "return (&User{}).Public()") {
		t.Errorf("the model's Public method is not reused:\n%s", out)
	}
	out := apply(t, pkg, plan, values[1])
	if !strings.Contains(out, "func toPublics(users []User) []Public {") || strings.Contains(out, "type userResponse") {
		t.Errorf("slice converter not built on Public:\n%s", out)
	}
}

func TestOmitField(t *testing.T) {
	pkg := pkgOf(t, models)
	user := pkg.Types.Scope().Lookup("User").Type().Underlying().(*types.Struct)
	var hash, nick *types.Var
	for i := 0; i < user.NumFields(); i++ {
		switch user.Field(i).Name() {
		case "PasswordHash":
			hash = user.Field(i)
		case "Nick":
			nick = user.Field(i)
		}
	}
	fix, err := OmitFieldFix(pkg, []*types.Var{hash, nick})
	if err != nil {
		t.Fatal(err)
	}
	res, err := rewrite.Rewrite(pkg, fix.Apply)
	if err != nil {
		t.Fatal(err)
	}
	out := string(res[0].NewContent)
	for _, want := range []string{"PasswordHash string `json:\"-\"`", "Nick         string `json:\"-\"`", "`json:\"email,omitempty\" db:\"email\"`"} {
		if !strings.Contains(out, want) {
			t.Errorf("result lacks %q:\n%s", want, out)
		}
	}
	other := types.NewField(token.NoPos, types.NewPackage("q", "q"), "Secret", types.Typ[types.String], false)
	if _, err := OmitFieldFix(pkg, []*types.Var{other}); err == nil {
		t.Error("omit-field offered for a field of another package")
	}
}

func TestRegistered(t *testing.T) {
	for _, p := range []*Pattern{ResponseStruct, OmitField} {
		got, ok := Lookup(p.ID)
		if !ok || got != p {
			t.Errorf("%s is not registered", p.ID)
		}
		if p.Concern != "data exposure" || len(p.Rules) != 1 || p.Rules[0] != "sensitive-field" || p.Title == "" || p.Description == "" || len(p.Params) == 0 {
			t.Errorf("%s is missing documentation: %+v", p.ID, p)
		}
		if !rewrite.GofmtStable([]byte(p.Example.Before)) || !rewrite.GofmtStable([]byte(p.Example.After)) {
			t.Errorf("%s example is not gofmt-clean", p.ID)
		}
	}
}
