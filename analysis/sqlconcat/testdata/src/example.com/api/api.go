// Package api holds handlers: request values reach the store's
// concatenation (a Flow, no second diagnostic), or are spliced into SQL
// right here.
package api

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"example.com/store"
)

type Server struct {
	store *store.Store
	db    *sql.DB
}

// listTasks passes the raw sort parameter on: the store's ListTasks is
// reported in package store, this call is recorded as a flow.
func (s *Server) listTasks(w http.ResponseWriter, r *http.Request) {
	order := r.URL.Query().Get("sort")
	if order == "" {
		order = "created_at"
	}
	if _, err := s.store.ListTasks(r.Context(), 1, order); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	rows, err := s.db.Query("SELECT id FROM users WHERE name = '" + name + "'") // want `SQL text is built with \+ from name \(from the request form\); a crafted value`
	if err == nil {
		rows.Close()
	}
}

func (s *Server) byPath(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	q := fmt.Sprintf("DELETE FROM tasks WHERE id = %s", id) // want `SQL text is built with fmt.Sprintf from id \(from the request path\)`
	s.db.Exec(q)
}

type createReq struct {
	Table string `json:"table"`
}

func (s *Server) fromBody(w http.ResponseWriter, r *http.Request) {
	var req createReq
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	s.db.Exec("INSERT INTO "+req.Table+" (id) VALUES ($1)", 1) // want `SQL text is built with \+ from req.Table \(from the request body\), which is used as an identifier \(INTO\)`
}

func (s *Server) rawQuery(w http.ResponseWriter, r *http.Request) {
	s.db.Query(r.URL.Query().Get("q")) // want `the database/sql call Query runs r.URL.Query\(\).Get\("q"\) \(from the query string\) as SQL text; a crafted value can run any statement`
}

// --- negatives ---

func (s *Server) numeric(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		return
	}
	s.db.Query(fmt.Sprintf("SELECT id FROM tasks WHERE id = %d", id))
	s.db.Query("SELECT id FROM tasks WHERE id = " + strconv.Itoa(id))
}

func (s *Server) placeholder(w http.ResponseWriter, r *http.Request) {
	s.db.Query("SELECT id FROM users WHERE name = $1", r.FormValue("name"))
}

func (s *Server) allowListed(w http.ResponseWriter, r *http.Request) {
	dir := r.URL.Query().Get("dir")
	if dir != "asc" && dir != "desc" {
		http.Error(w, "bad dir", http.StatusBadRequest)
		return
	}
	s.db.Query("SELECT id FROM tasks ORDER BY created_at " + dir)
}

func (s *Server) validated(w http.ResponseWriter, r *http.Request) {
	col := r.URL.Query().Get("col")
	if !isValidColumn(col) {
		http.Error(w, "bad column", http.StatusBadRequest)
		return
	}
	s.db.Query("SELECT " + col + " FROM tasks")
}

func isValidColumn(c string) bool { return c == "id" || c == "title" }

func (s *Server) constStore(w http.ResponseWriter, r *http.Request) {
	s.store.ListTasks(r.Context(), 1, "title")
}
