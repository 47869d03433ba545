// Package api serves the task API.
package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"example.com/app/store"
)

// Server holds the handlers' dependencies.
type Server struct {
	db *store.DB // never nil
}

// Routes wires the handlers into a router.
func (s *Server) Routes() http.Handler {
	r := chi.NewRouter()
	r.Get("/tasks/{id}", s.getTask) // read one task
	r.Post("/accounts", s.createAccount)
	return r
}

// getTask answers GET /tasks/{id}.
func (s *Server) getTask(w http.ResponseWriter, r *http.Request) {
	// The id comes from the path.
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest) // not a number
		return
	}

	task, err := s.db.Task(r.Context(), id)
	if err != nil {
		/* the store already logged it */
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(task) // best effort
}
