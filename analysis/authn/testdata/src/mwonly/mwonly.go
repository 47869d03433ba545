package mwonly

// Package mwonly has an auth middleware and no authenticating handler:
// wrap-route copies s.requireKey(...) to the registrations that can see s.

import (
	"database/sql"
	"net/http"
)

type Server struct {
	db   *sql.DB
	keys map[string]bool
}

// requireKey answers 403 to requests without a known API key.
func (s *Server) requireKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.keys[r.Header.Get("X-API-Key")] {
			http.Error(w, http.StatusText(http.StatusForbidden), http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) listNotes(w http.ResponseWriter, r *http.Request) {
	rows, _ := s.db.QueryContext(r.Context(), "SELECT body FROM notes")
	rows.Close()
}

func (s *Server) deleteNote(w http.ResponseWriter, r *http.Request) {
	s.db.ExecContext(r.Context(), "DELETE FROM notes WHERE id = $1", r.PathValue("id"))
}

func (s *Server) purge(w http.ResponseWriter, r *http.Request) {
	s.db.ExecContext(r.Context(), "DELETE FROM notes")
}

// noteHandler is an http.Handler value.
type noteHandler struct{ s *Server }

func (h *noteHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.s.db.ExecContext(r.Context(), "UPDATE notes SET body = $1", r.FormValue("body"))
}

func (s *Server) Run() error {
	mux := http.NewServeMux()
	mux.Handle("GET /notes", s.requireKey(http.HandlerFunc(s.listNotes)))
	mux.HandleFunc("DELETE /notes/{id}", s.deleteNote) // want `route DELETE /notes/\{id\} reaches mwonly.\(\*Server\).deleteNote`
	mux.Handle("PUT /notes/{id}", &noteHandler{s})     // want `route PUT /notes/\{id\} reaches mwonly.\(\*noteHandler\).ServeHTTP`
	s.more(mux)
	return http.ListenAndServe(":8080", mux)
}

// more names its receiver srv: the middleware's s is not in scope here, so
// the route gets no fix rather than one that does not compile.
func (srv *Server) more(mux *http.ServeMux) {
	mux.HandleFunc("POST /notes/purge", srv.purge) // want `route POST /notes/purge reaches mwonly.\(\*Server\).purge`
}

// serve has its own s of the same type: the copy compiles.
func serve() {
	s := &Server{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /all", s.listNotes) // want `route GET /all reaches mwonly.\(\*Server\).listNotes`
	http.ListenAndServe(":9090", mux)
}
