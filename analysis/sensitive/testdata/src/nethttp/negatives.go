package nethttp

import (
	"bytes"
	"encoding/json"
	"log"
	"net/http"
	"os"
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
