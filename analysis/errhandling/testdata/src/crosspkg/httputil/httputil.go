// Package httputil holds the project's response helpers.
package httputil

import (
	"encoding/json"
	"log"
	"net/http"
)

// WriteJSON writes v with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) { // want WriteJSON:"responder: writer 0, status param 1, sends \\[2\\]"
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encoding failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

// Error answers with status and a JSON body holding msg.
func Error(w http.ResponseWriter, status int, msg string) { // want Error:"responder: writer 0, status param 1, sends \\[1 2\\]"
	WriteJSON(w, status, map[string]any{"error": msg, "status": status})
}

// InternalError logs err and answers 500 without its text.
func InternalError(w http.ResponseWriter, err error) { // want InternalError:"responder: writer 0, status 500"
	log.Printf("internal error: %v", err)
	Error(w, http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError))
}

// Fail answers 500 with err's text.
func Fail(w http.ResponseWriter, err error) { // want Fail:"responder: writer 0, status 500, sends \\[1\\]"
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

// Render writes a 200 page; on the error path it writes 500 but that does
// not make it an error helper.
func Render(w http.ResponseWriter, v any) { // want Render:"responder: writer 0, sends \\[1\\]"
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Print(err)
	}
}

// Recover is not a helper: it writes nothing through a parameter.
func Recover() {
	if r := recover(); r != nil {
		log.Print(r)
	}
}
