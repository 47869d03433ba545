// Package fixes holds the shapes validation/limit-body must fix well: the
// project's own limit constants, error checks in every form, reads inside
// blocks and loops, bodies held in variables, and handlers it cannot fix.
package fixes

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// maxBodyBytes is the project's own limit: the fix reuses it.
const maxBodyBytes = 64 << 10

// maxUploadSize bounds multipart uploads.
const maxUploadSize = 8 << 20

type input struct {
	Name string `json:"name"`
}

// writeError is the package's error writer.
func writeError(w http.ResponseWriter, status int, msg string) {
	http.Error(w, msg, status)
}

func fail(w http.ResponseWriter, err error) {
	writeError(w, http.StatusBadRequest, "bad request")
}

func errorCheckApart(w http.ResponseWriter, r *http.Request) {
	var in input
	// Decode the input.
	err := json.NewDecoder(r.Body).Decode(&in) // want `request body is decoded without a size limit`
	if err != nil {
		// Tell the client.
		writeError(w, http.StatusBadRequest, "invalid body") // keep this comment
		return
	}
}

func readAllChecked(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body) // want `request body is read by io.ReadAll without a size limit`
	if err != nil {
		http.Error(w, fmt.Sprintf("cannot read body: %v", err), http.StatusBadRequest)
		return
	}
	_ = data
}

func viaErrorHelper(w http.ResponseWriter, r *http.Request) {
	var in input
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil { // want `request body is decoded without a size limit`
		fail(w, err)
		return
	}
}

func jsonAnswer(w http.ResponseWriter, r *http.Request) {
	var in input
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil { // want `request body is decoded without a size limit`
		w.WriteHeader(http.StatusUnprocessableEntity)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid input"})
		return
	}
}

func insideBlock(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		var in input
		_ = json.NewDecoder(r.Body).Decode(&in) // want `request body is decoded without a size limit`
	}
}

func insideLoop(w http.ResponseWriter, r *http.Request) {
	dec := json.NewDecoder(r.Body) // want `request body is decoded without a size limit`
	for dec.More() {
		var in input
		if err := dec.Decode(&in); err != nil {
			return
		}
	}
}

func bodyVariable(w http.ResponseWriter, r *http.Request) {
	body := r.Body
	defer body.Close()
	data, _ := io.ReadAll(body) // want `request body is read by io.ReadAll without a size limit`
	_ = data
}

func twoReads(w http.ResponseWriter, r *http.Request) {
	var a, b input
	dec := json.NewDecoder(r.Body) // want `request body is decoded without a size limit`
	_ = dec.Decode(&a)
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil { // want `request body is decoded without a size limit`
		http.Error(w, "invalid second document", http.StatusBadRequest)
		return
	}
}

func withContext(w http.ResponseWriter, r *http.Request) {
	r2 := r.WithContext(r.Context())
	var in input
	_ = json.NewDecoder(r2.Body).Decode(&in) // want `request body is decoded without a size limit`
}

func upload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(1 << 20); err != nil { // want `multipart request body is parsed by ParseMultipartForm without a size limit`
		http.Error(w, "invalid upload", http.StatusBadRequest)
		return
	}
}

func factory(prefix string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in input
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil { // want `request body is decoded without a size limit`
			http.Error(w, prefix+": invalid body", http.StatusBadRequest)
			return
		}
	}
}

type server struct{}

// ServeHTTP is a handler method.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in) // want `request body is decoded without a size limit`
}

// Found but not fixed: the writer has no name to pass to MaxBytesReader.

func unnamedWriter(_ http.ResponseWriter, r *http.Request) {
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in) // want `request body is decoded without a size limit`
}

// Negatives.

func limited(w http.ResponseWriter, r *http.Request) { // want limited:"limitsbody\\[1\\]"
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in)
}
