package viaapi

// Package viaapi registers its routes on a router it is given: the findings
// are reported where viamain mounts them, and the fixes edit this package.

import (
	"database/sql"
	"net/http"
)

type Server struct{ DB *sql.DB }

// currentUser reads the session cookie.
func (s *Server) currentUser(r *http.Request) (int64, bool) {
	c, err := r.Cookie("session")
	if err != nil {
		return 0, false
	}
	var id int64
	return id, s.DB.QueryRowContext(r.Context(), "SELECT user_id FROM sessions WHERE id = $1", c.Value).Scan(&id) == nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	id, ok := s.currentUser(r)
	if !ok {
		http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
		return
	}
	s.DB.ExecContext(r.Context(), "UPDATE users SET seen_at = now() WHERE id = $1", id)
}

func (s *Server) Purge(w http.ResponseWriter, r *http.Request) {
	s.DB.ExecContext(r.Context(), "DELETE FROM logs")
}

// Routes is a route function: its chain is known where it is called.
func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /me/seen", s.me)
	mux.HandleFunc("POST /purge", s.Purge)
}
