// Package fixnames checks the error variable check-and-respond chooses.
package fixnames

import (
	"encoding/json"
	"log/slog"
	"net/http"
)

type Task struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type Store interface {
	GetTask(id string) (*Task, error)
	Count() (int, error)
}

type Server struct {
	store  Store
	logger *slog.Logger
}

// err is declared later in the block: a new err here would clash with it.
func (s *Server) laterErr(w http.ResponseWriter, r *http.Request) {
	t, _ := s.store.GetTask(r.PathValue("id")) // want `error from store.GetTask is discarded`
	err := json.NewEncoder(w).Encode(t)
	s.logger.Error("encode", "err", err)
}

// err still holds an error the block reads: it must not be reused.
func (s *Server) liveErr(w http.ResponseWriter, r *http.Request) {
	t, err := s.store.GetTask(r.PathValue("id"))
	n, _ := s.store.Count() // want `error from store.Count is discarded`
	if err != nil {
		s.logger.Error("get task", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	t.Title += string(rune('0' + n))
	json.NewEncoder(w).Encode(t)
}

// err is dead after the statement: it is reused.
func (s *Server) deadErr(w http.ResponseWriter, r *http.Request) {
	t, err := s.store.GetTask(r.PathValue("id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	n, _ := s.store.Count() // want `error from store.Count is discarded`
	t.Title += string(rune('0' + n))
	json.NewEncoder(w).Encode(t)
}

// v, _ = f() on a variable of the same block becomes v, err := f().
func (s *Server) assigned(w http.ResponseWriter, r *http.Request) {
	n := 0
	n, _ = s.store.Count() // want `error from store.Count is discarded`
	json.NewEncoder(w).Encode(n)
}
