// Package nouser has no notion of a current user: a catalogue API where
// looking things up by id is the point. Nothing is reported.
package nouser

import (
	"database/sql"
	"net/http"
)

type H struct{ db *sql.DB }

func (h *H) product(w http.ResponseWriter, r *http.Request) {
	var name string
	_ = h.db.QueryRow("SELECT name FROM products WHERE id = $1", r.PathValue("id")).Scan(&name)
}

func (h *H) deleteProduct(w http.ResponseWriter, r *http.Request) {
	_, _ = h.db.Exec("DELETE FROM products WHERE id = $1", r.PathValue("id"))
}
