// Package chiapp serves tasks with chi over database/sql.
package chiapp

import (
	"database/sql"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type API struct{ db *sql.DB }

func (a *API) Routes() http.Handler {
	r := chi.NewRouter()
	r.Get("/tasks/{id}", a.get)
	r.Delete("/tasks/{id}", a.remove)
	return r
}

func (a *API) get(w http.ResponseWriter, r *http.Request) {
	var title string
	err := a.db.QueryRow(`SELECT title FROM tasks WHERE id = $1`, chi.URLParam(r, "id")).Scan(&title) // want `a.db.QueryRow does not pass the request's context \(use QueryRowContext\)`
	if err != nil {
		http.NotFound(w, r)
	}
}

func (a *API) remove(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tx, err := a.db.Begin() // want `a.db.Begin does not pass the request's context \(use BeginTx\)`
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM tasks WHERE id = $1`, chi.URLParam(r, "id")); err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	_ = tx.Commit()
}

// --- negatives ---

func (a *API) getContext(w http.ResponseWriter, r *http.Request) {
	var title string
	_ = a.db.QueryRowContext(r.Context(), `SELECT title FROM tasks WHERE id = $1`, chi.URLParam(r, "id")).Scan(&title)
}
