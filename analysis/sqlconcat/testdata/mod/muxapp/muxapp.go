// Package muxapp serves users with gorilla/mux and database/sql on MySQL
// (? placeholders, learned from sql.Open's driver name).
package muxapp

import (
	"database/sql"
	"net/http"
	"strings"

	"github.com/gorilla/mux"
)

func Open(dsn string) (*sql.DB, error) { return sql.Open("mysql", dsn) }

type API struct{ db *sql.DB }

func (a *API) Routes(r *mux.Router) {
	r.HandleFunc("/users/{name}", a.user).Methods(http.MethodGet)
	r.HandleFunc("/users", a.list).Methods(http.MethodGet)
	r.HandleFunc("/users/{name}/rename", a.rename).Methods(http.MethodPost)
}

func (a *API) user(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	row := a.db.QueryRowContext(r.Context(), "SELECT id, email FROM users WHERE active = ? AND name = '"+name+"' LIMIT 1", true) // want `SQL text is built with \+ from name \(from the request path\)`
	var id int64
	var email string
	if err := row.Scan(&id, &email); err != nil {
		http.NotFound(w, r)
	}
}

func (a *API) list(w http.ResponseWriter, r *http.Request) {
	dir := r.FormValue("dir")
	rows, err := a.db.QueryContext(r.Context(), "SELECT id, email FROM users ORDER BY name "+dir) // want `from dir \(from the request form\), which is used as an identifier \(ORDER BY\)`
	if err == nil {
		rows.Close()
	}
}

// rename mixes a value and an identifier: no single pattern clears it,
// so none is offered.
func (a *API) rename(w http.ResponseWriter, r *http.Request) {
	col := r.FormValue("field")
	_, err := a.db.ExecContext(r.Context(), "UPDATE users SET "+col+" = '"+r.FormValue("value")+"' WHERE name = ?", mux.Vars(r)["name"]) // want `check col \(from the request form\), used as an identifier`
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
	}
}

// --- negatives ---

func (a *API) byEmail(w http.ResponseWriter, r *http.Request) {
	row := a.db.QueryRowContext(r.Context(), "SELECT id FROM users WHERE email = ?", strings.ToLower(r.FormValue("email")))
	_ = row.Err()
}

func (a *API) ordered(w http.ResponseWriter, r *http.Request) {
	dir := strings.ToUpper(r.FormValue("dir"))
	if dir != "ASC" && dir != "DESC" {
		dir = "ASC"
	}
	rows, err := a.db.QueryContext(r.Context(), "SELECT id FROM users ORDER BY name "+dir)
	if err == nil {
		rows.Close()
	}
}
