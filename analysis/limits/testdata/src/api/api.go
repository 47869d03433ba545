// Package api mirrors the shapes of the example task API.
package api

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"io/ioutil"
	"net/http"

	"httputil"
)

type Server struct{}

type taskInput struct {
	Title string `json:"title"`
}

func (s *Server) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", s.handleLogin())
	mux.HandleFunc("POST /projects", s.createProject)
	mux.HandleFunc("PATCH /tasks/{id}", s.updateTask)
	return mux
}

// updateTask is the example's one positive.
func (s *Server) updateTask(w http.ResponseWriter, r *http.Request) {
	var in taskInput
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil { // want `request body is decoded without a size limit; a client can send gigabytes and exhaust memory`
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
}

func readAll(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body) // want `request body is read by io.ReadAll without a size limit`
	_, _ = data, err
}

func readAllIoutil(w http.ResponseWriter, r *http.Request) {
	body := r.Body
	data, _ := ioutil.ReadAll(body) // want `request body is read by ioutil.ReadAll without a size limit`
	_ = data
}

func xmlBody(w http.ResponseWriter, r *http.Request) {
	var v struct{ A string }
	dec := xml.NewDecoder(r.Body) // want `request body is decoded without a size limit`
	_ = dec.Decode(&v)
}

func upload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(32 << 20); err != nil { // want `multipart request body is parsed by ParseMultipartForm without a size limit`
		return
	}
}

func uploadFile(w http.ResponseWriter, r *http.Request) {
	f, _, err := r.FormFile("file") // want `multipart request body is parsed by FormFile without a size limit`
	if err == nil {
		f.Close()
	}
}

func viaHelper(w http.ResponseWriter, r *http.Request) {
	var in taskInput
	_ = httputil.DecodeLoose(r, &in) // want `request body is decoded by httputil.DecodeLoose \(json.NewDecoder\) without a size limit`
}

func viaTwoHelpers(w http.ResponseWriter, r *http.Request) {
	var in taskInput
	_ = httputil.DecodeVia(r, &in) // want `request body is decoded by httputil.DecodeVia`
}

func limitedAfterDecode(w http.ResponseWriter, r *http.Request) { // want limitedAfterDecode:"limitsbody\\[1\\]"
	var in taskInput
	_ = json.NewDecoder(r.Body).Decode(&in) // want `request body is decoded without a size limit`
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
}

func bufferReadFrom(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(r.Body) // want `request body is read by bytes.Buffer.ReadFrom without a size limit`
}

// Negatives.

func (s *Server) createProject(w http.ResponseWriter, r *http.Request) { // want createProject:"limitsbody\\[1\\]"
	var in struct {
		Name string `json:"name"`
	}
	if err := httputil.DecodeJSON(w, r, &in); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
}

func (s *Server) handleLogin() http.HandlerFunc {
	type request struct {
		Email string `json:"email"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
		var in request
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, "invalid JSON body", http.StatusBadRequest)
			return
		}
	}
}

func decodeLimitedVar(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, 1<<20)
	var in taskInput
	_ = json.NewDecoder(body).Decode(&in)
}

func decodeLimitReader(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	_ = data
}

func limitedByHelper(w http.ResponseWriter, r *http.Request) { // want limitedByHelper:"limitsbody\\[1\\]"
	httputil.LimitBody(w, r)
	var in taskInput
	_ = json.NewDecoder(r.Body).Decode(&in)
	_ = httputil.DecodeLoose(r, &in)
}

func limitedHelperRead(w http.ResponseWriter, r *http.Request) {
	data, _ := httputil.ReadLimited(r)
	_ = data
}

func limitedUpload(w http.ResponseWriter, r *http.Request) { // want limitedUpload:"limitsbody\\[1\\]"
	r.Body = http.MaxBytesReader(w, r.Body, 64<<20)
	_ = r.ParseMultipartForm(32 << 20)
}

func formValues(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	_ = r.FormValue("name") + r.PostFormValue("other")
}

func outbound(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("http://upstream.invalid/")
	if err != nil {
		return
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	_ = data
}

func withContextAlias(w http.ResponseWriter, r *http.Request) { // want withContextAlias:"limitsbody\\[1\\]"
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	r2 := r.WithContext(r.Context())
	var in taskInput
	_ = json.NewDecoder(r2.Body).Decode(&in)
}

func replacedBody(w http.ResponseWriter, r *http.Request) { // want replacedBody:"limitsbody\\[1\\]"
	r.Body = io.NopCloser(bytes.NewReader([]byte("{}")))
	var in taskInput
	_ = json.NewDecoder(r.Body).Decode(&in)
}

// notAHandler decodes a file, not a request body.
func notAHandler(rd io.Reader) {
	var in taskInput
	_ = json.NewDecoder(rd).Decode(&in)
}
