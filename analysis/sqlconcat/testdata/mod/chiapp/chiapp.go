// Package chiapp serves tasks with chi and database/sql on PostgreSQL:
// a sort column from the query string and a path value spliced into SQL.
package chiapp

import (
	"database/sql"
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type API struct{ db *sql.DB }

func (a *API) Routes() http.Handler {
	r := chi.NewRouter()
	r.Get("/tasks", a.list)
	r.Get("/owners/{owner}/tasks", a.byOwner)
	r.Get("/tasks/search", a.search)
	return r
}

func (a *API) list(w http.ResponseWriter, r *http.Request) {
	sort := r.URL.Query().Get("sort")
	if sort == "" {
		sort = "created_at"
	}
	// Newest tasks first unless the client asks otherwise.
	rows, err := a.db.QueryContext(r.Context(), "SELECT id, title, created_at FROM tasks WHERE done = $1 ORDER BY "+sort, false) // want `SQL text is built with \+ from sort \(from the query string\), which is used as an identifier \(ORDER BY\)`
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

func (a *API) byOwner(w http.ResponseWriter, r *http.Request) {
	owner := chi.URLParam(r, "owner")
	q := fmt.Sprintf("SELECT id, title FROM tasks WHERE owner = '%s' AND done = $1", owner) // want `SQL text is built with fmt.Sprintf from owner \(from the request path\)`
	rows, err := a.db.QueryContext(r.Context(), q, true)
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

// search appends a condition in a branch: the text has two shapes, so no
// fix is offered.
func (a *API) search(w http.ResponseWriter, r *http.Request) {
	q := "SELECT id, title FROM tasks WHERE done = $1"
	if term := r.URL.Query().Get("q"); term != "" {
		q += " AND title = '" + term + "'" // want `SQL text is built with \+ from term \(from the query string\)`
	}
	rows, err := a.db.QueryContext(r.Context(), q, false)
	if err == nil {
		rows.Close()
	}
}

// --- negatives ---

const taskColumns = "id, title, created_at"

func (a *API) get(w http.ResponseWriter, r *http.Request) {
	row := a.db.QueryRowContext(r.Context(), "SELECT "+taskColumns+" FROM tasks WHERE id = $1", chi.URLParam(r, "id"))
	_ = row.Err()
}

func (a *API) sorted(w http.ResponseWriter, r *http.Request) {
	col := map[string]string{"title": "title", "new": "created_at"}[r.URL.Query().Get("sort")]
	if col == "" {
		col = "id"
	}
	rows, err := a.db.QueryContext(r.Context(), "SELECT id FROM tasks ORDER BY "+col)
	if err == nil {
		rows.Close()
	}
}
