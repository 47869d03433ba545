package nethttp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
)

// login decodes a request holding a password and never writes it back.
func login(w http.ResponseWriter, r *http.Request) {
	var req LoginRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	json.NewEncoder(w).Encode(LoginResponse{Token: "t", RefreshToken: "r"})
}

func getUserDTO(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	json.NewEncoder(w).Encode(UserDTO{ID: u.ID, Email: u.Email})
}

func getAccount(w http.ResponseWriter, r *http.Request) {
	var a Account
	a.APIKey = ""
	json.NewEncoder(w).Encode(a)
}

func cleared(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	u.PasswordHash = ""
	u.Email = "hidden@example.com"
	log.Printf("user %d", u.ID)
	if u == nil {
		return
	}
	json.NewEncoder(w).Encode(u)
}

func clearedBeforeBranch(w http.ResponseWriter, r *http.Request) {
	u := *load(r)
	u.PasswordHash = ""
	if r.Method == http.MethodGet {
		b, _ := json.Marshal(u)
		w.Write(b)
	}
}

func clearedEachInLoop(w http.ResponseWriter, r *http.Request) {
	users := []User{*load(r)}
	enc := json.NewEncoder(w)
	for _, u := range users {
		u.PasswordHash = ""
		enc.Encode(u)
	}
}

func clearedInEnvelope(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	u.PasswordHash = ""
	writeJSON(w, http.StatusOK, map[string]any{"user": u})
}

func toFile(r *http.Request) error {
	f, err := os.Create("/tmp/users.json")
	if err != nil {
		return err
	}
	defer f.Close()
	return json.NewEncoder(f).Encode(load(r))
}

func toBufferOnly(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(load(r))
	log.Printf("audit: %s", buf.String())
	w.WriteHeader(http.StatusNoContent)
}

func marshalToDisk(w http.ResponseWriter, r *http.Request) {
	b, _ := json.Marshal(load(r))
	os.WriteFile("/tmp/u.json", b, 0o600)
	encode(os.Stdout, load(r))
	w.WriteHeader(http.StatusAccepted)
}

func literalLeavesSecretUnset(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	json.NewEncoder(w).Encode(&User{ID: u.ID, Email: u.Email, HasPassword: u.PasswordHash != ""})
}

func redacted(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(Settings{Theme: "dark", Password: "p"})
}

func dominating(w http.ResponseWriter, r *http.Request) {
	var d Dominating
	json.NewEncoder(w).Encode(d)
	json.NewEncoder(w).Encode(Dominating{User: *load(r)})
}

func ambiguous(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(Ambiguous{})
}

func anonymousToken(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(struct {
		Token string `json:"token"`
	}{"t"})
}

func unexportedOnly(w http.ResponseWriter, r *http.Request) {
	type session struct {
		id       string
		password string
	}
	json.NewEncoder(w).Encode(session{})
}

// decodeInto only reads: the encoder writes nothing of the request.
func echoEmail(w http.ResponseWriter, r *http.Request) {
	var req LoginRequest
	json.NewDecoder(r.Body).Decode(&req)
	writeJSON(w, http.StatusOK, map[string]string{"email": req.Email})
}

type PasswordPolicy struct {
	MinLength       int  `json:"min_length"`
	PasswordSet     bool `json:"password_set"`
	RequireSymbols  bool `json:"require_symbols"`
	PasswordExpires int  `json:"password_expires_days"`
}

type TokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

func toDTO(u *User) UserDTO { return UserDTO{ID: u.ID, Email: u.Email} }

func viaConverter(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, toDTO(load(r)))
}

func listViaConverter(w http.ResponseWriter, r *http.Request) {
	users := []*User{load(r)}
	out := make([]UserDTO, 0, len(users))
	for _, u := range users {
		out = append(out, toDTO(u))
	}
	json.NewEncoder(w).Encode(out)
}

func policy(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(PasswordPolicy{MinLength: 12})
}

func errorMessage(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusUnauthorized)
	json.NewEncoder(w).Encode(map[string]string{"error": "invalid password"})
	w.Write([]byte("password reset email sent"))
	fmt.Fprintf(w, "hello %s", load(r).Email)
}

func logToStdout(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(os.Stdout).Encode(load(r))
	w.WriteHeader(http.StatusNoContent)
}

func otherBytes(w http.ResponseWriter, r *http.Request) {
	b, _ := json.Marshal(load(r))
	log.Printf("loaded %d bytes", len(b))
	other, _ := json.Marshal(UserDTO{ID: 1})
	w.Write(other)
}

func echoRequestCleared(w http.ResponseWriter, r *http.Request) {
	var req LoginRequest
	json.NewDecoder(r.Body).Decode(&req)
	req.Password = ""
	json.NewEncoder(w).Encode(req)
}

func safeCopy(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	safe := *u
	safe.PasswordHash = ""
	writeJSON(w, http.StatusOK, safe)
}

func issueTokens(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, TokenPair{AccessToken: "a", RefreshToken: "r"})
}

func clearedInCase(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	switch r.Method {
	case http.MethodGet:
		u.PasswordHash = ""
		json.NewEncoder(w).Encode(u)
	case http.MethodHead:
		w.WriteHeader(http.StatusOK)
	}
}

func hiddenOnly(w http.ResponseWriter, r *http.Request) {
	accounts := map[string][]Account{}
	for k, list := range accounts {
		for i := range list {
			list[i].APIKey = ""
		}
		accounts[k] = list
	}
	json.NewEncoder(w).Encode(map[string]any{"ids": []int64{1, 2}})
}

func copyFile(w http.ResponseWriter, r *http.Request) {
	f, err := os.Open("/srv/static/users.json")
	if err != nil {
		return
	}
	defer f.Close()
	io.Copy(w, f)
}

// enrolTOTP sends a freshly generated TOTP secret in a response shape
// written at the response site: on purpose.
func enrolTOTP(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(struct {
		Secret string `json:"secret"`
		QR     string `json:"qr"`
	}{Secret: "JBSWY3DPEHPK3PXP", QR: "data:image/png;base64,"})
}

// getMasked masks the secret before writing the value.
func getMasked(w http.ResponseWriter, r *http.Request) {
	u := load(r)
	u.PasswordHash = strings.Repeat("*", len(u.PasswordHash))
	json.NewEncoder(w).Encode(u)
}

// The secret of every element is cleared before the list is written:
// through pointers, or by index.
func clearedEachPointer(w http.ResponseWriter, r *http.Request) {
	users := []*User{load(r)}
	for _, u := range users {
		u.PasswordHash = ""
		audit(u)
	}
	json.NewEncoder(w).Encode(users)
}

func clearedEachByIndex(w http.ResponseWriter, r *http.Request) {
	accounts := []Account{{ID: 1}}
	for i := range accounts {
		accounts[i].APIKey = ""
	}
	json.NewEncoder(w).Encode(accounts)
}

func audit(u *User) { _ = u.ID }
