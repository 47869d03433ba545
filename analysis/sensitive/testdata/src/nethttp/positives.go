package nethttp

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

func load(r *http.Request) *User { return &User{ID: 1} }

func getUser(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	json.NewEncoder(w).Encode(u) // want `response writes User\.PasswordHash \(json "password_hash"\) to the client, exposing a secret`
}

func getUserMarshal(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	b, err := json.Marshal(u) // want `response writes User\.PasswordHash \(json "password_hash"\)`
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

func listUsers(w http.ResponseWriter, r *http.Request) {
	users := []*User{load(r)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(users) // want `response writes \[\]User\.PasswordHash`
}

func getTeam(w http.ResponseWriter, r *http.Request) {
	var t Team
	json.NewEncoder(w).Encode(&t) // want `response writes Team\.Members\[\]\.PasswordHash \(json "password_hash"\)`
}

func getAdmin(w http.ResponseWriter, r *http.Request) {
	v := AdminView{User: load(r), Role: "admin"}
	json.NewEncoder(w).Encode(v) // want `response writes AdminView\.PasswordHash`
}

func usersByEmail(w http.ResponseWriter, r *http.Request) {
	m := map[string]*User{}
	json.NewEncoder(w).Encode(m) // want `response writes \[\]User\.PasswordHash`
}

func gzipped(w http.ResponseWriter, r *http.Request) {
	gz := gzip.NewWriter(w)
	defer gz.Close()
	json.NewEncoder(gz).Encode(load(r)) // want `User\.PasswordHash`
}

func buffered(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(load(r)); err != nil { // want `User\.PasswordHash`
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Write(buf.Bytes())
}

func bufferCopied(w http.ResponseWriter, r *http.Request) {
	buf := new(bytes.Buffer)
	json.NewEncoder(buf).Encode(Account{ID: 1, APIKey: "k"}) // want `response writes Account\.APIKey \(json "api_key"\)`
	io.Copy(w, buf)
}

func printed(w http.ResponseWriter, r *http.Request) {
	data, _ := json.MarshalIndent(Credential{}, "", " ")
	_ = data
	body, _ := json.Marshal(Credential{Name: "db", Hash: "x"}) // want `response writes Credential\.Hash \(json "password"\)`
	fmt.Fprintf(w, "%s", string(body))
}

func tree(w http.ResponseWriter, r *http.Request) {
	var n Node
	json.NewEncoder(w).Encode(n) // want `response writes Node\.Token \(json "token"\)`
}

func clearedInBranch(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	if r.URL.Query().Get("safe") != "" {
		u.PasswordHash = ""
	}
	json.NewEncoder(w).Encode(u) // want `User\.PasswordHash`
}

func clearedThenReloaded(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	u.PasswordHash = ""
	u = load(r)
	json.NewEncoder(w).Encode(u) // want `User\.PasswordHash`
}

func clearedThenPassed(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	u.PasswordHash = ""
	refresh(u)
	json.NewEncoder(w).Encode(u) // want `User\.PasswordHash`
}

func refresh(u *User) {}

func clearedInLoopThenSet(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	u.PasswordHash = ""
	enc := json.NewEncoder(w)
	for i := 0; i < 3; i++ {
		enc.Encode(u) // want `User\.PasswordHash`
		u.PasswordHash = "again"
	}
}

func literalCopiesSecret(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	json.NewEncoder(w).Encode(User{ID: u.ID, PasswordHash: u.PasswordHash}) // want `response writes User\.PasswordHash`
}

func envelope(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	json.NewEncoder(w).Encode(map[string]any{"user": u, "ok": true}) // want `response writes User\.PasswordHash`
}

// anonymous writes a response shape declared at the response site; its
// fields are chosen on purpose (a generated initial password shown once),
// so it is not reported.
func anonymous(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(struct {
		Name     string `json:"name"`
		Password string `json:"password"`
	}{"a", "b"})
}

func shadowing(w http.ResponseWriter, r *http.Request) {
	var s Shadowing
	json.NewEncoder(w).Encode(s) // want `response writes Shadowing\.PasswordHash \(json "password_hash"\)`
}

func payment(w http.ResponseWriter, r *http.Request) {
	var p Payment
	json.NewEncoder(w).Encode(p) // want `response writes Payment\.Cards\[\]\.CardNumber \(json "card_number"\)`
}

// writeJSON is this package's own helper.
func writeJSON(w http.ResponseWriter, status int, v any) { // want writeJSON:"writes body: param 2"
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// ok calls the helper above, declared before it.
func ok(w http.ResponseWriter, v any) { // want ok:"writes body: param 1"
	writeJSON(w, http.StatusOK, v)
}

// encode writes to whatever writer it is given.
func encode(w io.Writer, v any) error { // want encode:"writes body: param 1 to writer 0"
	return json.NewEncoder(w).Encode(v)
}

// writeRaw writes bytes already encoded.
func writeRaw(w http.ResponseWriter, b []byte) { // want writeRaw:"writes body: raw param 1"
	w.Write(b)
}

func viaHelpers(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	writeJSON(w, http.StatusOK, u) // want `User\.PasswordHash`
	ok(w, []User{*u})              // want `response writes \[\]User\.PasswordHash`
	encode(w, u)                   // want `User\.PasswordHash`
	b, _ := json.Marshal(u)        // want `User\.PasswordHash`
	writeRaw(w, b)
}

func (s *server) handleUser() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.respond(w, load(r)) // want `User\.PasswordHash`
	}
}

type server struct{}

func (s *server) respond(w http.ResponseWriter, v any) { // want respond:"writes body: param 1"
	ok(w, v)
}

// writeUser is typed: the write is reported here, not at its callers.
func writeUser(w http.ResponseWriter, u *User) { // want writeUser:"writes body: param 1"
	json.NewEncoder(w).Encode(u) // want `User\.PasswordHash`
}

func callsWriteUser(w http.ResponseWriter, r *http.Request) {
	writeUser(w, load(r))
}

// respondAs is a generic helper.
func respondAs[T any](w http.ResponseWriter, v T) { // want respondAs:"writes body: param 1"
	json.NewEncoder(w).Encode(v)
}

func viaGeneric(w http.ResponseWriter, r *http.Request) {
	respondAs(w, load(r))        // want `User\.PasswordHash`
	respondAs(w, UserDTO{ID: 1}) // a DTO is fine
}

func viaInterfaceVar(w http.ResponseWriter, r *http.Request) {
	var resp any = load(r)
	writeJSON(w, http.StatusOK, resp) // want `User\.PasswordHash`
}

// signupEcho sets the fresh hash, then answers with the whole user: the
// assignment is no redaction.
func signupEcho(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	u.PasswordHash = hashOf(r.FormValue("password"))
	json.NewEncoder(w).Encode(u) // want `response writes User.PasswordHash`
}

func hashOf(s string) string { return s }
