// Package sqlxapp uses sqlx with MySQL-style ? placeholders.
package sqlxapp

import (
	"net/http"
	"strings"

	"github.com/jmoiron/sqlx"
)

type User struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

type API struct{ db *sqlx.DB }

func (a *API) byName(w http.ResponseWriter, r *http.Request) {
	var u User
	name := r.URL.Query().Get("name")
	a.db.Get(&u, "SELECT id, name FROM users WHERE name = '"+name+"'") // want `SQL text is built with \+ from name \(from the query string\); a crafted value can change the query`
	var us []User
	a.db.Select(&us, a.db.Rebind("SELECT id FROM users ORDER BY "+r.FormValue("sort"))) // want `from r.FormValue\("sort"\) \(from the request form\), which is used as an identifier \(ORDER BY\)`
	a.db.MustExec("DELETE FROM users WHERE name = " + name)                             // want `SQL text is built with \+ from name`
	a.db.NamedExec("UPDATE users SET name = :name WHERE id = "+r.PathValue("id"), u)    // want `from r.PathValue\("id"\) \(from the request path\)`
}

// --- negatives ---

// prepared runs a prepared statement: its arguments are values.
func (a *API) prepared(w http.ResponseWriter, r *http.Request) {
	stmt, err := a.db.Preparex("SELECT id, name FROM users WHERE name = ?")
	if err != nil {
		return
	}
	var u User
	_ = stmt.Get(&u, r.FormValue("name"))
	var us []User
	_ = stmt.Select(&us, r.FormValue("name"))
}

func (a *API) safe(w http.ResponseWriter, r *http.Request) {
	var us []User
	ids := []int{1, 2, 3}
	q, args, err := sqlx.In("SELECT id FROM users WHERE id IN (?)", ids)
	if err != nil {
		return
	}
	a.db.Select(&us, a.db.Rebind(q), args...)
	ph := strings.Repeat("?,", len(ids))
	a.db.Select(&us, "SELECT id FROM users WHERE id IN ("+strings.TrimSuffix(ph, ",")+")", 1, 2, 3)
	a.db.Get(&us, "SELECT id FROM users WHERE name = ?", r.FormValue("name"))
	a.db.NamedExec("UPDATE users SET name = :name WHERE id = :id", User{ID: 1, Name: r.FormValue("name")})
}
