// Package httputil holds the project's response helpers.
package httputil

import (
	"encoding/json"
	"io"
	"net/http"
	"os"

	"crosspkg/model"
)

func WriteJSON(w http.ResponseWriter, status int, v any) { // want WriteJSON:"writes body: param 2"
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		return
	}
}

// OK goes through WriteJSON.
func OK(w http.ResponseWriter, v any) { // want OK:"writes body: param 1"
	WriteJSON(w, http.StatusOK, v)
}

// Data wraps the value in an envelope.
func Data(w http.ResponseWriter, v any) { // want Data:"writes body: param 1"
	OK(w, map[string]any{"data": v})
}

// Encode writes to any writer.
func Encode(w io.Writer, v any) error { // want Encode:"writes body: param 1 to writer 0"
	return json.NewEncoder(w).Encode(v)
}

// Blob writes bytes already encoded.
func Blob(w http.ResponseWriter, b []byte) { // want Blob:"writes body: raw param 1"
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// Responder is a method-based helper.
type Responder struct{ Pretty bool }

func (rs Responder) Send(w http.ResponseWriter, v any) { // want Send:"writes body: param 1"
	Data(w, v)
}

// WriteUser takes a typed value: the exposure is reported here.
func WriteUser(w http.ResponseWriter, u *model.User) { // want WriteUser:"writes body: param 1"
	OK(w, u) // want `response writes User\.PasswordHash \(json "password_hash"\)`
}

// WriteSafeUser clears the secrets before writing.
func WriteSafeUser(w http.ResponseWriter, u model.User) { // want WriteSafeUser:"writes body: param 1"
	u.PasswordHash = ""
	u.TOTPSecret = nil
	OK(w, u)
}

// Decode only reads.
func Decode(r *http.Request, v any) error {
	return json.NewDecoder(r.Body).Decode(v)
}

// Save writes to a file, never to a client.
func Save(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return json.NewEncoder(f).Encode(v)
}

// Log writes to standard error.
func Log(v any) {
	b, _ := json.Marshal(v)
	os.Stderr.Write(b)
}
