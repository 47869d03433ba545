package authr

// Package authr authenticates in its handlers: require-user copies the guard
// of profile into every unprotected handler that has the same receiver.

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"strings"
)

type User struct{ ID int64 }

type Server struct{ db *sql.DB }

var globalDB *sql.DB

// authenticate returns the user of the request's bearer token.
func (s *Server) authenticate(r *http.Request) (*User, error) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	var u User
	err := s.db.QueryRowContext(r.Context(), "SELECT user_id FROM tokens WHERE token = $1", token).Scan(&u.ID)
	return &u, err
}

// writeError answers status with a JSON error.
func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// profile authenticates the request itself: the sample guard.
func (s *Server) profile(w http.ResponseWriter, r *http.Request) {
	u, err := s.authenticate(r)
	if err != nil {
		// Tell the client how to fix it.
		writeError(w, http.StatusUnauthorized, "sign in first")
		return
	}
	json.NewEncoder(w).Encode(u)
}

// listNotes lists every note.
func (s *Server) listNotes(w http.ResponseWriter, r *http.Request) {
	// Newest first.
	rows, err := s.db.QueryContext(r.Context(), "SELECT body FROM notes ORDER BY id DESC")
	if err != nil {
		writeError(w, http.StatusInternalServerError, "database error")
		return
	}
	rows.Close()
}

// deleteNote names its receiver and request differently.
func (srv *Server) deleteNote(rw http.ResponseWriter, req *http.Request) {
	srv.db.ExecContext(req.Context(), "DELETE FROM notes WHERE id = $1", req.PathValue("id"))
}

// purge has an unnamed receiver and a blank request.
func (*Server) purge(w http.ResponseWriter, _ *http.Request) {
	globalDB.Exec("DELETE FROM notes")
}

// handleExport is a factory: the route model judges the factory, so a guard
// in the handler it returns would not clear the finding; only the scaffold fits.
func (s *Server) handleExport() http.HandlerFunc {
	query := "SELECT body FROM notes"
	return func(w http.ResponseWriter, r *http.Request) {
		rows, _ := s.db.QueryContext(r.Context(), query)
		rows.Close()
	}
}

// stats has no receiver: the guard needs one, so only the scaffold fits.
func stats(w http.ResponseWriter, r *http.Request) {
	globalDB.QueryRowContext(r.Context(), "SELECT count(*) FROM notes")
}

func (s *Server) Run() error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /profile", s.profile)
	mux.HandleFunc("GET /notes", s.listNotes)                                    // want `route GET /notes reaches authr.\(\*Server\).listNotes`
	mux.HandleFunc("DELETE /notes/{id}", s.deleteNote)                           // want `route DELETE /notes/\{id\} reaches authr.\(\*Server\).deleteNote`
	mux.HandleFunc("DELETE /notes", s.purge)                                     // want `route DELETE /notes reaches authr.\(\*Server\).purge`
	mux.HandleFunc("GET /export", s.handleExport())                              // want `route GET /export reaches authr.\(\*Server\).handleExport`
	mux.HandleFunc("GET /stats", stats)                                          // want `route GET /stats reaches authr.stats`
	mux.HandleFunc("POST /notes", func(w http.ResponseWriter, r *http.Request) { // want `route POST /notes reaches a func literal`
		s.db.ExecContext(r.Context(), "INSERT INTO notes DEFAULT VALUES")
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		s.db.PingContext(r.Context())
	})
	return http.ListenAndServe(":8080", mux)
}
