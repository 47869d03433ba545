package nethttp

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
)

type Task struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
}

type Store interface {
	GetTask(id string) (*Task, error)
	DeleteTask(id string) error
	Save(t *Task) error
}

type Server struct {
	store Store
	db    *sql.DB
	tmpl  *template.Template
}

var ErrNotFound = errors.New("task not found")

// ---- ignored-error ----

func (s *Server) deleteTask(w http.ResponseWriter, r *http.Request) {
	s.store.DeleteTask(r.PathValue("id")) // want `error from store.DeleteTask is discarded in handler deleteTask; a failure would go unnoticed and the client would get a success response`
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) getBlank(w http.ResponseWriter, r *http.Request) {
	t, _ := s.store.GetTask(r.PathValue("id")) // want `error from store.GetTask is discarded in handler getBlank`
	json.NewEncoder(w).Encode(t)
}

func (s *Server) commitBlank(w http.ResponseWriter, r *http.Request) {
	tx, err := s.db.Begin()
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	defer tx.Rollback()
	tx.Exec("DELETE FROM tasks WHERE id = $1", r.PathValue("id")) // want `error from tx.Exec is discarded in handler commitBlank`

	_ = tx.Commit() // want `error from tx.Commit is discarded in handler commitBlank`
}

func (s *Server) handleUpload() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, err := os.Create("/tmp/upload")
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		defer f.Close()
		io.Copy(f, r.Body) // want `error from io.Copy is discarded in handler handleUpload`
		w.WriteHeader(http.StatusCreated)
	}
}

func register(mux *http.ServeMux, s *Server) {
	mux.HandleFunc("POST /tasks", func(w http.ResponseWriter, r *http.Request) {
		var t Task
		json.NewDecoder(r.Body).Decode(&t) // want `error from json.NewDecoder\(\)\.Decode is discarded in handler func literal in register`

		s.store.Save(&t) // want `error from store.Save is discarded in handler func literal in register`
	})
}

// Negatives: customary ignores.
func (s *Server) customary(w http.ResponseWriter, r *http.Request) {
	defer r.Body.Close()
	t, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte("{"))
	fmt.Fprintf(w, "%d", t.ID)
	fmt.Fprintln(w, "}")
	io.WriteString(w, "\n")
	io.Copy(w, strings.NewReader("tail"))
	json.NewEncoder(w).Encode(t)
	enc := json.NewEncoder(w)
	enc.Encode(t)
	_, _ = w.Write([]byte("done"))
	s.tmpl.Execute(w, t)
	var buf bytes.Buffer
	buf.WriteString("x")
	var sb strings.Builder
	sb.WriteString("y")
	h := sha256.New()
	h.Write([]byte("z"))
	fmt.Println("served", t.ID)
	log.Printf("served %d", t.ID)
	http.NewResponseController(w).Flush()
	rows, _ := s.db.Query("SELECT 1") // want `error from db.Query is discarded in handler customary`
	defer rows.Close()
	rows.Close()
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	b, _ := json.Marshal(page)
	_ = b
}

func (s *Server) checkedLater(w http.ResponseWriter, r *http.Request) {
	var err error
	err = s.store.DeleteTask(r.PathValue("id"))
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	go s.store.DeleteTask("other")
	go func() {
		s.store.DeleteTask("background")
	}()
	w.WriteHeader(http.StatusNoContent)
}

// notAHandler is no handler: its dropped error is not this rule's business.
func notAHandler(s Store) {
	s.DeleteTask("1")
}

// ---- missing-return ----

func (s *Server) getTask(w http.ResponseWriter, r *http.Request) {
	t, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound) // want `http.Error writes an error response but the handler goes on; later writes corrupt the response and the work continues despite the error`
	}
	json.NewEncoder(w).Encode(t)
}

func (s *Server) writeHeaderNoReturn(w http.ResponseWriter, r *http.Request) {
	t, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		log.Printf("get task: %v", err)
		w.WriteHeader(http.StatusInternalServerError) // want `w.WriteHeader writes an error response`
	}
	json.NewEncoder(w).Encode(t)
}

func (s *Server) elseBranch(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id != "" {
		w.Header().Set("X-Id", id)
	} else {
		http.NotFound(w, r) // want `http.NotFound writes an error response`
	}
	fmt.Fprint(w, id)
}

func (s *Server) inLoop(w http.ResponseWriter, r *http.Request) {
	for _, id := range r.URL.Query()["id"] {
		if err := s.store.DeleteTask(id); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError) // want `http.Error writes an error response`
		}
	}
}

func (s *Server) inSwitch(w http.ResponseWriter, r *http.Request) {
	t, err := s.store.GetTask(r.PathValue("id"))
	switch {
	case errors.Is(err, ErrNotFound):
		http.Error(w, "not found", http.StatusNotFound) // want `http.Error writes an error response`
	case err != nil:
		http.Error(w, "internal error", http.StatusInternalServerError) // want `http.Error writes an error response`
	}
	json.NewEncoder(w).Encode(t)
}

func (s *Server) nested(w http.ResponseWriter, r *http.Request) {
	_, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			http.Error(w, "not found", http.StatusNotFound) // want `http.Error writes an error response`
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
}

// Negatives.
func (s *Server) returns(w http.ResponseWriter, r *http.Request) {
	t, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if t.ID == 0 {
		w.WriteHeader(http.StatusBadRequest)
		panic("unreachable")
	}
	if t.Title == "" {
		http.Error(w, "gone", http.StatusGone)
		log.Fatal("gone")
	}
	json.NewEncoder(w).Encode(t)
}

func (s *Server) lastStatement(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteTask(r.PathValue("id")); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

func (s *Server) ifElseAtEnd(w http.ResponseWriter, r *http.Request) {
	t, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
	} else {
		json.NewEncoder(w).Encode(t)
	}
	return
}

func (s *Server) successStatus(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		w.WriteHeader(http.StatusCreated)
	}
	fmt.Fprint(w, "ok")
}

func (s *Server) variableStatus(w http.ResponseWriter, r *http.Request) {
	status := http.StatusOK
	if r.URL.Query().Get("fail") != "" {
		status = http.StatusTeapot
	}
	if status != http.StatusOK {
		w.WriteHeader(status)
	}
	fmt.Fprint(w, "ok")
}

func (s *Server) loopContinue(w http.ResponseWriter, r *http.Request) {
	for _, id := range r.URL.Query()["id"] {
		if id == "" {
			w.WriteHeader(http.StatusBadRequest)
			continue
		}
		s.store.DeleteTask(id) // want `error from store.DeleteTask is discarded`
	}
}

func (s *Server) exitBranch(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("stop") != "" {
		http.Error(w, "stopping", http.StatusServiceUnavailable)
		os.Exit(1)
	}
	fmt.Fprint(w, "running")
}

// ---- error-detail ----

func (s *Server) leakError(w http.ResponseWriter, r *http.Request) {
	t, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `error text from store.GetTask is sent to the client; it can reveal SQL, file paths or internal state`
		return
	}
	json.NewEncoder(w).Encode(t)
}

func (s *Server) leakSprintf(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteTask(r.PathValue("id")); err != nil {
		http.Error(w, fmt.Sprintf("delete failed: %v", err), http.StatusInternalServerError) // want `error text from store.DeleteTask is sent to the client`
		return
	}
}

func (s *Server) leakFprintf(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteTask(r.PathValue("id")); err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, "error: %s", err) // want `error text from store.DeleteTask is sent to the client`
		return
	}
}

func (s *Server) leakWrite(w http.ResponseWriter, r *http.Request) {
	if _, err := s.db.Exec("DELETE FROM tasks"); err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(err.Error())) // want `error text from db.Exec is sent to the client`
		return
	}
}

func (s *Server) leakJSON(w http.ResponseWriter, r *http.Request) {
	t := &Task{}
	if err := s.store.Save(t); err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(map[string]string{"error": err.Error()}) // want `error text from store.Save is sent to the client`
		return
	}
}

type errorResponse struct {
	Error string `json:"error"`
}

func (s *Server) leakThroughVariables(w http.ResponseWriter, r *http.Request) {
	_, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		wrapped := fmt.Errorf("get task: %w", err)
		msg := "failed: " + wrapped.Error()
		var resp errorResponse
		resp.Error = msg
		w.WriteHeader(http.StatusInternalServerError)
		enc := json.NewEncoder(w)
		enc.Encode(resp) // want `error text from store.GetTask is sent to the client`
		return
	}
}

func (s *Server) leakErrValue(w http.ResponseWriter, r *http.Request) {
	_, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintln(w, err) // want `error text from store.GetTask is sent to the client`
		return
	}
}

// Negatives.

func validateTask(t *Task) error { // want validateTask:"safe error"
	if t.Title == "" {
		return errors.New("title is required")
	}
	if len(t.Title) > 200 {
		return fmt.Errorf("title is longer than %d characters", 200)
	}
	return nil
}

func checkTask(t *Task) error { // want checkTask:"safe error"
	if t.ID < 0 {
		return ErrNotFound
	}
	return validateTask(t)
}

func loadFile(name string) error {
	_, err := os.ReadFile(name)
	return err
}

func wrap(err error) error { return fmt.Errorf("wrapped: %w", err) }

func (s *Server) safeMessages(w http.ResponseWriter, r *http.Request) {
	var t Task
	if err := json.NewDecoder(r.Body).Decode(&t); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := validateTask(&t); err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	if err := checkTask(&t); err != nil {
		http.Error(w, "invalid: "+err.Error(), http.StatusUnprocessableEntity)
		return
	}
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, fmt.Sprintf("bad id: %v", err), http.StatusBadRequest)
		return
	}
	if id > 1000 {
		err := fmt.Errorf("id %d is out of range", id)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := s.store.Save(&t); err != nil {
		log.Printf("save task: %v", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	if err := s.store.Save(&t); err != nil {
		http.Error(w, fmt.Sprintf("save failed (%T)", err), http.StatusInternalServerError)
		return
	}
	if err := s.store.Save(&t); errors.Is(err, ErrNotFound) {
		http.Error(w, ErrNotFound.Error(), http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(t)
}

// Errors of parsing or compiling what the client sent point into it:
// sending them back is deliberate. A parser reading files is not one.
func (s *Server) parsedInput(w http.ResponseWriter, r *http.Request) {
	re, err := regexp.Compile(r.FormValue("q"))
	if err != nil {
		http.Error(w, "bad pattern: "+err.Error(), http.StatusBadRequest)
		return
	}
	tmpl, err := template.New("page").Parse(r.FormValue("tmpl"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	user, err := parseToken(r.Header.Get("Authorization"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	layout, err := template.ParseFiles("/srv/app/layout.html")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `error text from template.ParseFiles is sent to the client`
		return
	}
	fmt.Fprint(w, re.String(), tmpl.Name(), user, layout.Name())
}

func parseToken(h string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(h, "Basic "))
	if err != nil {
		return "", fmt.Errorf("bad token: %w", err)
	}
	return string(b), nil
}

type ValidationError struct{ Field string }

func (e *ValidationError) Error() string { return e.Field + " is invalid" }

func (s *Server) typedErrors(w http.ResponseWriter, r *http.Request) {
	err := s.store.Save(&Task{})
	var ve *ValidationError
	if errors.As(err, &ve) {
		http.Error(w, ve.Error(), http.StatusBadRequest)
		return
	}
	if v, ok := err.(*ValidationError); ok {
		http.Error(w, v.Error(), http.StatusBadRequest)
		return
	}
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
}

func (s *Server) reassigned(w http.ResponseWriter, r *http.Request) {
	err := s.store.DeleteTask(r.PathValue("id"))
	if err != nil {
		log.Print(err)
	}
	err = errors.New("the task is locked")
	if r.URL.Query().Get("force") == "" {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	err = wrap(loadFile("/etc/app.conf"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `error text from wrap is sent to the client`
		return
	}
}

func (s *Server) notSentToClient(w http.ResponseWriter, r *http.Request) {
	_, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		var buf bytes.Buffer
		fmt.Fprintf(&buf, "get: %v", err)
		fmt.Fprintf(os.Stderr, "get: %v", err)
		log.Println(buf.String())
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
}

// requireAuth falls through to the next handler after rejecting: the
// missing return is an authentication bypass.
func requireAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized) // want `http.Error writes an error response but the handler goes on`
		}
		next.ServeHTTP(w, r)
	})
}

// Writes through a writer made over the response are writes to the
// response; an error value encoded as JSON is {}; a body read error
// describes the client's body.
func (s *Server) wrappedWriter(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	if err := s.store.Save(&Task{Title: string(body)}); err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(map[string]any{"error": err, "ok": false})
		return
	}
	gz := gzip.NewWriter(w)
	defer gz.Close()
	gz.Write(body)
	io.Copy(gz, bytes.NewReader(body))
	gz.Flush()
	f, err := os.Open("/tmp/x")
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	body, err = io.ReadAll(f)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `error text from io.ReadAll is sent to the client`
		return
	}
}
