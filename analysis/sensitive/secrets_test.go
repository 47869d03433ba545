package sensitive

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"
)

const secretsSrc = `package p

import "time"

type User struct {
	ID                int64
	PasswordHash      string ` + "`json:\"password_hash\"`" + `
	HasPassword       bool
	PasswordChangedAt time.Time
	password          string
}

type Hidden struct {
	Password string ` + "`json:\"-\"`" + `
	Name     string
}

type Account struct{ Password []byte }

type Admin struct {
	*Account
	Role string
}

type Tree struct {
	Children map[string][]*Tree
	Secret   *string
}

type Forest struct{ Trees map[string][]*Tree }

type LoginResponse struct{ AccessToken string }

type Profile struct{ AccessToken string }

type Customer struct {
	Pin string ` + "`json:\"pin_code\"`" + `
}

type Wrapped struct {
	Token struct{ RefreshToken string }
}
`

func typecheck(t *testing.T) *types.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", secretsSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

func TestSecretPath(t *testing.T) {
	pkg := typecheck(t)
	lookup := func(name string) types.Type { return pkg.Scope().Lookup(name).Type() }
	tests := []struct {
		typ   types.Type
		extra []string
		path  string // "" for none
		field string
	}{
		{lookup("User"), nil, "User.PasswordHash", "PasswordHash"},
		{types.NewPointer(lookup("User")), nil, "User.PasswordHash", "PasswordHash"},
		{types.NewSlice(types.NewPointer(lookup("User"))), nil, "[]User.PasswordHash", "PasswordHash"},
		{lookup("Hidden"), nil, "", ""},
		{lookup("Admin"), nil, "Admin.Password", "Password"},
		{lookup("Tree"), nil, "Tree.Secret", "Secret"},
		{lookup("Forest"), nil, "Forest.Trees[][].Secret", "Secret"},
		{lookup("LoginResponse"), nil, "", ""},
		{lookup("Profile"), nil, "Profile.AccessToken", "AccessToken"},
		{lookup("Customer"), nil, "", ""},
		{lookup("Customer"), []string{"PIN_CODE"}, "Customer.Pin", "Pin"},
		{lookup("Wrapped"), nil, "", ""}, // an anonymous struct holding a token is a credential answer
	}
	for _, tt := range tests {
		path, field, ok := SecretPath(tt.typ, tt.extra)
		if ok != (tt.path != "") || path != tt.path {
			t.Errorf("SecretPath(%s, %v) = %q, %v; want %q", tt.typ, tt.extra, path, ok, tt.path)
			continue
		}
		if ok && field.Name() != tt.field {
			t.Errorf("SecretPath(%s) field = %s; want %s", tt.typ, field.Name(), tt.field)
		}
	}
}

func TestSecretsChainAndOwner(t *testing.T) {
	pkg := typecheck(t)
	admin := pkg.Scope().Lookup("Admin").Type()
	got := Secrets(admin, nil)
	if len(got) != 1 {
		t.Fatalf("Secrets(Admin) = %v; want one", got)
	}
	s := got[0]
	var chain []string
	for _, f := range s.Chain {
		chain = append(chain, f.Name())
	}
	if strings.Join(chain, ".") != "Account.Password" || s.Owner == nil || s.Owner.Obj().Name() != "Account" || s.JSONName != "Password" {
		t.Errorf("Secrets(Admin)[0] = chain %v, owner %v, json %q", chain, s.Owner, s.JSONName)
	}
	forest := Secrets(pkg.Scope().Lookup("Forest").Type(), nil)
	if len(forest) != 1 || forest[0].Chain != nil {
		t.Errorf("Secrets(Forest) = %+v; want one secret with no direct chain", forest)
	}
}

func TestNormalize(t *testing.T) {
	for _, in := range []string{"PasswordHash", "password_hash", "passwordHash", "PASSWORD-HASH"} {
		if got := Normalize(in); got != "passwordhash" {
			t.Errorf("Normalize(%q) = %q", in, got)
		}
	}
	if !IsSecretName("Api_Key", nil) || IsSecretName("HasPassword", nil) || !IsSecretName("dob", []string{"DOB"}) {
		t.Error("IsSecretName disagrees with the lists")
	}
}

func TestWords(t *testing.T) {
	tests := map[string][]string{
		"CreateAPIKeyResponse": {"create", "api", "key", "response"},
		"OAuthToken":           {"o", "auth", "token"},
		"login_response":       {"login", "response"},
		"User":                 {"user"},
		"Author":               {"author"},
	}
	for in, want := range tests {
		if got := words(in); !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestDoc(t *testing.T) {
	if !strings.HasPrefix(Analyzer.Doc, "report response bodies that expose a secret field\n") {
		t.Errorf("Analyzer.Doc starts %q", Analyzer.Doc[:min(80, len(Analyzer.Doc))])
	}
	if strings.Contains(Analyzer.Doc, "# Analyzer") || strings.Contains(Analyzer.Doc, "package sensitive") {
		t.Error("Analyzer.Doc holds the heading or the package clause")
	}
}
