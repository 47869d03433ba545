// Package mysqlapp uses database/sql with ? placeholders, learned from
// sql.Open's driver name.
package mysqlapp

import (
	"database/sql"
	"net/http"
)

func Open() (*sql.DB, error) { return sql.Open("mysql", "dsn") }

func search(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := "SELECT id FROM users WHERE active = ?"
		if name := r.FormValue("name"); name != "" {
			q += " AND name = '" + name + "'" // want `SQL text is built with \+ from name \(from the request form\)`
		}
		db.Query(q, true)
	}
}
