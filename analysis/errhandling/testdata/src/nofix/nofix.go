// Package nofix holds findings whose fix must not be offered.
package nofix

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
)

type Task struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type Store interface {
	GetTask(id string) (*Task, error)
	DeleteTask(id string) error
	Touch(id string) error
}

type Server struct {
	store Store
	last  *Task
}

func (s *Server) load() error { return s.store.Touch("load") }

// A sibling that answers DeleteTask's error: the fixes would copy it.
func (s *Server) deleteTask(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteTask(r.PathValue("id")); err != nil {
		log.Printf("delete: %v", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// The response is written: a second status would corrupt it.
func (s *Server) afterWrite(w http.ResponseWriter, r *http.Request) {
	t := &Task{ID: r.PathValue("id")}
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(t)
	s.store.Touch(t.ID) // want `error from store.Touch is discarded`
}

// The next handler has answered.
func (s *Server) audit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		s.store.Touch(r.URL.Path) // want `error from store.Touch is discarded`
	})
}

// Not a statement of a block: no place for the check.
func (s *Server) inHeader(w http.ResponseWriter, r *http.Request) {
	if t, _ := s.store.GetTask(r.PathValue("id")); t != nil { // want `error from store.GetTask is discarded`
		fmt.Fprint(w, t.Title)
	}
}

// Assigned to a field: := cannot declare err beside it, and no err is at hand.
func (s *Server) toField(w http.ResponseWriter, r *http.Request) {
	s.last, _ = s.store.GetTask(r.PathValue("id")) // want `error from store.GetTask is discarded`
	w.WriteHeader(http.StatusNoContent)
}

// Assigned to a variable of an outer block: := would declare another t.
func (s *Server) outerVar(w http.ResponseWriter, r *http.Request) {
	var t *Task
	if id := r.PathValue("id"); id != "" {
		t, _ = s.store.GetTask(id) // want `error from store.GetTask is discarded`
	}
	fmt.Fprint(w, t)
}

// The package name http is shadowed where the answer would go.
func (s *Server) shadowed(w http.ResponseWriter, r *http.Request) {
	for _, http := range r.URL.Query()["id"] {
		s.store.DeleteTask(http) // want `error from store.DeleteTask is discarded`
	}
}

// An unnamed ResponseWriter cannot be answered through.
func (s *Server) unnamed(_ http.ResponseWriter, r *http.Request) {
	s.store.DeleteTask(r.PathValue("id")) // want `error from store.DeleteTask is discarded`
}

// fail sends err's text: the helper is what must change.
func fail(w http.ResponseWriter, err error) { // want fail:"responder: writer 0, status 500, sends \\[1\\]"
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

func (s *Server) viaHelper(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteTask(r.PathValue("id")); err != nil {
		fail(w, err) // want `error text from store.DeleteTask is sent to the client`
		return
	}
}

type errorBody struct {
	Error string `json:"error"`
}

// The leak is a struct: a text in its place would change the body's shape.
func (s *Server) inStruct(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteTask(r.PathValue("id")); err != nil {
		body := errorBody{Error: err.Error()}
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(body) // want `error text from store.DeleteTask is sent to the client`
		return
	}
}

// Logging the error would call s.load a second time.
func (s *Server) twice(w http.ResponseWriter, r *http.Request) { // want twice:"responder: writer 0, status 500"
	http.Error(w, s.load().Error(), http.StatusInternalServerError) // want `error text from s.load is sent to the client`
}
