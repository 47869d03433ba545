package sensitive

import (
	"go/types"
	"reflect"
	"sort"
	"strings"
	"unicode"
)

// storedSecrets are names of data the server keeps and must never hand
// out. They are reported wherever they reach a response.
var storedSecrets = []string{
	"password", "passwd", "passwordhash", "hashedpassword", "passworddigest",
	"encryptedpassword", "passwordsalt",
	"secret", "secretkey", "clientsecret", "apisecret", "appsecret",
	"webhooksecret", "signingsecret", "signingkey", "privatekey",
	"encryptionkey", "secretaccesskey", "awssecretaccesskey",
	"ssn", "socialsecuritynumber",
	"creditcard", "creditcardnumber", "cardnumber", "cvv", "cvc", "cvv2",
	"otp", "otpsecret", "totpsecret", "mfasecret", "twofactorsecret",
	"recoverycodes", "backupcodes",
	"resettoken", "passwordresettoken", "verificationtoken", "securityanswer",
}

// issuedSecrets are credentials the server hands to their owner on
// purpose (a login answers with a token). They are reported unless the
// struct that declares them is a credential response (see credentialWords).
var issuedSecrets = []string{
	"token", "accesstoken", "refreshtoken", "idtoken", "authtoken",
	"bearertoken", "sessiontoken", "sessionid", "sessionkey",
	"apikey", "apitoken", "jwt",
}

// credentialWords mark a struct type, by a word of its name, as the
// answer of an endpoint that issues credentials (LoginResponse, TokenPair,
// CreateAPIKeyResult), whose token fields are the point of the response.
var credentialWords = map[string]bool{
	"token": true, "tokens": true, "login": true, "signin": true, "signup": true,
	"register": true, "registration": true, "auth": true, "oauth": true,
	"session": true, "credential": true, "credentials": true, "jwt": true,
	"key": true, "refresh": true,
}

// Normalize folds a field or key name for matching: lower case, without
// underscores, hyphens, dots or spaces, so PasswordHash, password_hash and
// passwordHash are all "passwordhash".
func Normalize(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch r {
		case '_', '-', '.', ' ':
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

type tier int

const (
	notSecret tier = iota
	issued
	stored
)

// matcher classifies names against the built-in lists plus the
// configured extra names (which count as stored secrets).
type matcher struct {
	names map[string]tier
}

func newMatcher(extra []string) *matcher {
	m := &matcher{names: make(map[string]tier, len(storedSecrets)+len(issuedSecrets)+len(extra))}
	for _, n := range issuedSecrets {
		m.names[n] = issued
	}
	for _, n := range storedSecrets {
		m.names[n] = stored
	}
	for _, n := range extra {
		if n := Normalize(n); n != "" {
			m.names[n] = stored
		}
	}
	return m
}

func (m *matcher) classify(names ...string) tier {
	best := notSecret
	for _, n := range names {
		if t := m.names[Normalize(n)]; t > best {
			best = t
		}
	}
	return best
}

// IsSecretName reports whether a field or JSON key name is on the built-in
// list of secrets or among extra (as in sensitive.fields of the config).
func IsSecretName(name string, extra []string) bool {
	return newMatcher(extra).classify(name) != notSecret
}

// Secret is one secret field that encoding/json would serialise for a value
// of some type.
type Secret struct {
	// Path names the field from the root type, e.g. Team.Members[].PasswordHash
	// (embedded structs that JSON inlines are left out, as in a Go selector).
	Path string
	// JSONName is the key the field is written under.
	JSONName string
	// Field is the secret field; Field.Pos() is where it is declared.
	Field *types.Var
	// Owner is the named struct type that declares Field, nil for an
	// anonymous struct.
	Owner *types.Named
	// Chain lists the fields selected from the root value down to Field,
	// embedded fields included, when the root reaches Field through structs
	// and pointers only; nil when the way passes through a slice, array or map.
	Chain []*types.Var
}

// SecretPath reports the first secret field that encoding/json would
// write for a value of type t: its path from the root type and the field.
// extra adds names to the built-in list, like sensitive.fields in the
// configuration.
func SecretPath(t types.Type, extra []string) (path string, field *types.Var, ok bool) {
	s := Secrets(t, extra)
	if len(s) == 0 {
		return "", nil, false
	}
	return s[0].Path, s[0].Field, true
}

// Secrets lists the secret fields encoding/json would write for a value of
// type t, following pointers, slices, arrays, map values, embedded structs,
// named types and types of other packages, in field order. Fields tagged
// `json:"-"`, unexported fields, fields of types that cannot hold a secret
// (bool, floats, time.Time, time.Duration) and types with their own
// MarshalJSON or MarshalText are skipped. The list is capped at a few dozen.
func Secrets(t types.Type, extra []string) []Secret {
	return newMatcher(extra).secrets(t, "")
}

const (
	maxSecrets = 32
	maxDepth   = 12
)

// secrets walks t. label, when not empty, replaces the root's name in the
// paths (used for values found inside composite literals).
func (m *matcher) secrets(t types.Type, label string) []Secret {
	w := &walker{m: m, onStack: make(map[types.Type]bool)}
	root, elem, direct := rootOf(t)
	if label != "" {
		root = label
	}
	w.walk(elem, root, nil, direct, 0)
	return w.found
}

// rootOf peels pointers and containers off a root type and names it:
// *User is "User", []*User is "[]User".
func rootOf(t types.Type) (label string, elem types.Type, direct bool) {
	brackets := ""
	direct = true
	for i := 0; i < maxDepth; i++ {
		t = types.Unalias(t)
		if hasCustomMarshal(t) {
			break
		}
		switch u := t.(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			if isByte(u.Elem()) {
				break
			}
			brackets += "[]"
			t, direct = u.Elem(), false
			continue
		case *types.Array:
			brackets += "[]"
			t, direct = u.Elem(), false
			continue
		case *types.Map:
			brackets += "[]"
			t, direct = u.Elem(), false
			continue
		}
		break
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return brackets + n.Obj().Name(), t, direct
	}
	if brackets != "" {
		return brackets, t, direct
	}
	return "", t, direct
}

type walker struct {
	m       *matcher
	onStack map[types.Type]bool
	found   []Secret
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// walk visits the JSON-visible fields of t. chain is the field chain from
// the root while direct holds.
func (w *walker) walk(t types.Type, path string, chain []*types.Var, direct bool, depth int) {
	if depth > maxDepth || len(w.found) >= maxSecrets {
		return
	}
	t = types.Unalias(t)
	if hasCustomMarshal(t) {
		return
	}
	switch u := t.(type) {
	case *types.Pointer:
		w.walk(u.Elem(), path, chain, direct, depth+1)
	case *types.Slice:
		if !isByte(u.Elem()) {
			w.walk(u.Elem(), path+"[]", nil, false, depth+1)
		}
	case *types.Array:
		w.walk(u.Elem(), path+"[]", nil, false, depth+1)
	case *types.Map:
		w.walk(u.Elem(), path+"[]", nil, false, depth+1)
	case *types.Named:
		st, ok := u.Underlying().(*types.Struct)
		if !ok {
			w.walk(u.Underlying(), path, chain, direct, depth+1)
			return
		}
		if w.onStack[u.Origin()] {
			return
		}
		w.onStack[u.Origin()] = true
		w.walkStruct(st, u, path, chain, direct, depth)
		delete(w.onStack, u.Origin())
	case *types.Struct:
		w.walkStruct(u, nil, path, chain, direct, depth)
	}
}

func (w *walker) walkStruct(st *types.Struct, named *types.Named, path string, chain []*types.Var, direct bool, depth int) {
	for _, f := range jsonFields(st) {
		w.field(f, named, path, chain, direct, depth)
	}
}

// field visits one JSON field of a struct named (nil if anonymous) that
// the walk reached at path.
func (w *walker) field(f jsonField, named *types.Named, path string, chain []*types.Var, direct bool, depth int) {
	field := f.chain[len(f.chain)-1]
	owner := f.owner
	if len(f.chain) == 1 {
		owner = named
	}
	var sub []*types.Var
	if direct {
		sub = append(append(sub, chain...), f.chain...)
	}
	fpath := join(path, field.Name())
	switch w.m.classify(field.Name(), f.name) {
	case issued:
		if isCredentialType(owner) {
			return // the token of a LoginResponse is its purpose
		}
		fallthrough
	case stored:
		if owner == nil {
			// An anonymous struct is a response shape written at the
			// response site: a secret in it is sent on purpose (a TOTP
			// secret during enrolment), not leaked from a model.
			return
		}
		if w.add(field, f, owner, fpath, sub) {
			return
		}
	}
	w.walk(field.Type(), fpath, sub, direct, depth+1)
}

// add records a secret field when its type can hold one; a struct-typed
// secret is walked into instead (an oauth2.Token-like value).
func (w *walker) add(field *types.Var, f jsonField, owner *types.Named, path string, chain []*types.Var) bool {
	if !canCarry(field.Type(), 0) {
		return false
	}
	w.found = append(w.found, Secret{Path: path, JSONName: f.name, Field: field, Owner: owner, Chain: chain})
	return true
}

// isCredentialType reports whether the struct declaring an issued
// credential is the answer of a credential-issuing endpoint; anonymous
// structs are written on purpose at the response site and count too.
func isCredentialType(owner *types.Named) bool {
	if owner == nil {
		return true
	}
	for _, word := range words(owner.Obj().Name()) {
		if credentialWords[word] {
			return true
		}
	}
	return false
}

// words splits a Go identifier at underscores and case changes, keeping
// acronyms together: CreateAPIKeyResponse is create, api, key, response.
func words(name string) []string {
	var out []string
	rs := []rune(name)
	start := 0
	for i := 1; i <= len(rs); i++ {
		boundary := i == len(rs) || rs[i] == '_'
		if !boundary && unicode.IsUpper(rs[i]) {
			prevLower := unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			boundary = prevLower || unicode.IsUpper(rs[i-1]) && nextLower
		}
		if boundary {
			if w := strings.ToLower(string(rs[start:i])); w != "" && w != "_" {
				out = append(out, strings.Trim(w, "_"))
			}
			start = i
			if i < len(rs) && rs[i] == '_' {
				start = i + 1
			}
		}
	}
	return out
}

// canCarry reports whether a value of type t can hold a secret: strings,
// byte slices, integers (PINs, CVVs), interfaces and containers of them.
// Booleans (HasPassword), floats, time.Time and time.Duration cannot.
func canCarry(t types.Type, depth int) bool {
	if depth > maxDepth {
		return false
	}
	t = types.Unalias(t)
	if hasCustomMarshal(t) {
		return false // a redacting type, or one whose output we cannot see
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil {
		switch n.Obj().Pkg().Path() {
		case "time":
			return false
		case "database/sql":
			return strings.HasPrefix(n.Obj().Name(), "Null")
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		info := u.Info()
		return info&(types.IsString|types.IsInteger) != 0
	case *types.Pointer:
		return canCarry(u.Elem(), depth+1)
	case *types.Slice:
		return isByte(u.Elem()) || canCarry(u.Elem(), depth+1)
	case *types.Array:
		return canCarry(u.Elem(), depth+1)
	case *types.Map:
		return canCarry(u.Elem(), depth+1)
	case *types.Interface:
		return !isTypeParam(t)
	}
	return false
}

func isTypeParam(t types.Type) bool {
	_, ok := t.(*types.TypeParam)
	return ok
}

func isByte(t types.Type) bool {
	b, ok := types.Unalias(t).Underlying().(*types.Basic)
	return ok && (b.Kind() == types.Byte || b.Kind() == types.Uint8)
}

// hasCustomMarshal reports whether t (or *t) has a MarshalJSON or
// MarshalText method, so encoding/json does not walk its fields.
func hasCustomMarshal(t types.Type) bool {
	switch types.Unalias(t).(type) {
	case *types.Named, *types.Pointer:
	default:
		return false
	}
	for _, name := range [...]string{"MarshalJSON", "MarshalText"} {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		if fn, ok := obj.(*types.Func); ok {
			sig := fn.Type().(*types.Signature)
			if sig.Params().Len() == 0 && sig.Results().Len() == 2 {
				return true
			}
		}
	}
	return false
}

// jsonField is one field encoding/json writes for a struct type.
type jsonField struct {
	name   string       // the JSON key
	tagged bool         // the key comes from the tag
	chain  []*types.Var // embedded fields, then the field itself
	owner  *types.Named // named struct that declares the field, when known
}

// jsonFields lists the fields encoding/json serialises for st, following
// its rules: exported fields, `json:"-"` skipped, untagged embedded structs
// inlined, and among fields of one name the shallowest wins, a tagged one
// breaking a tie, and remaining ties dropping the name altogether.
func jsonFields(st *types.Struct) []jsonField {
	type level struct {
		st    *types.Struct
		owner *types.Named
		chain []*types.Var
	}
	var fields []jsonField
	visited := make(map[*types.Struct]bool)
	next := []level{{st: st}}
	for len(next) > 0 {
		current := next
		next = nil
		for _, lv := range current {
			if visited[lv.st] {
				continue
			}
			visited[lv.st] = true
			for i := 0; i < lv.st.NumFields(); i++ {
				sf := lv.st.Field(i)
				ft := types.Unalias(sf.Type())
				if p, ok := ft.(*types.Pointer); ok {
					ft = types.Unalias(p.Elem())
				}
				if sf.Embedded() {
					if !sf.Exported() && !isStructType(ft) {
						continue
					}
				} else if !sf.Exported() {
					continue
				}
				tag := reflect.StructTag(lv.st.Tag(i)).Get("json")
				if tag == "-" {
					continue
				}
				name, _, _ := strings.Cut(tag, ",")
				chain := append(append([]*types.Var(nil), lv.chain...), sf)
				if name != "" || !sf.Embedded() || !isStructType(ft) {
					tagged := name != ""
					if name == "" {
						name = sf.Name()
					}
					fields = append(fields, jsonField{name: name, tagged: tagged, chain: chain, owner: lv.owner})
					continue
				}
				n, _ := ft.(*types.Named)
				if hasCustomMarshal(sf.Type()) {
					// An embedded marshaler is written by its own method;
					// the outer type has then been skipped by hasCustomMarshal.
					continue
				}
				next = append(next, level{st: ft.Underlying().(*types.Struct), owner: n, chain: chain})
			}
		}
	}
	return dominant(fields)
}

func isStructType(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Struct)
	return ok
}

// dominant keeps, for every JSON name, the field encoding/json would write,
// in declaration order of the survivors.
func dominant(fields []jsonField) []jsonField {
	order := make(map[*types.Var]int, len(fields))
	for i, f := range fields {
		order[f.chain[len(f.chain)-1]] = i
	}
	sorted := append([]jsonField(nil), fields...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.name != b.name {
			return a.name < b.name
		}
		if len(a.chain) != len(b.chain) {
			return len(a.chain) < len(b.chain)
		}
		return a.tagged && !b.tagged
	})
	var out []jsonField
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j].name == sorted[i].name {
			j++
		}
		group := sorted[i:j]
		i = j
		if len(group) > 1 && len(group[1].chain) == len(group[0].chain) && group[1].tagged == group[0].tagged {
			continue // ambiguous: encoding/json drops the name
		}
		out = append(out, group[0])
	}
	sort.Slice(out, func(i, j int) bool {
		return order[out[i].chain[len(out[i].chain)-1]] < order[out[j].chain[len(out[j].chain)-1]]
	})
	return out
}
