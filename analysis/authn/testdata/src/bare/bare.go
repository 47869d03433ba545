package bare

// Package bare has no authentication at all: only the scaffold fits, and it
// creates a package, so no SuggestedFix is attached.

import (
	"database/sql"
	"net/http"
)

type Server struct{ db *sql.DB }

func (s *Server) listNotes(w http.ResponseWriter, r *http.Request) {
	rows, _ := s.db.QueryContext(r.Context(), "SELECT body FROM notes")
	rows.Close()
}

func (s *Server) Run() error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /notes", s.listNotes) // want `route GET /notes reaches bare.\(\*Server\).listNotes`
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		s.db.PingContext(r.Context())
	})
	return http.ListenAndServe(":8080", mux)
}
