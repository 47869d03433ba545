// Package wrapper runs SQL through a helper that takes the whole text:
// the helper is not reported, its callers are.
package wrapper

import (
	"context"
	"database/sql"
	"net/http"
)

type DB struct{ db *sql.DB }

// Query runs q: a wrapper, treated as a query itself.
func (d *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) { // want Query:`sqlconcat\(param 1 passed as SQL \(fragment\)\)`
	return d.db.QueryContext(ctx, q, args...)
}

// where runs a condition built by its callers.
func (d *DB) Where(ctx context.Context, cond string, args ...any) error { // want Where:`sqlconcat\(param 1 passed as SQL \(fragment\)\)`
	_, err := d.db.ExecContext(ctx, "DELETE FROM sessions WHERE "+cond, args...)
	return err
}

func handler(d *DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		email := r.FormValue("email")
		d.Query(r.Context(), "SELECT id FROM users WHERE email = '"+email+"'") // want `SQL text is built with \+ from email \(from the request form\)`
		d.Query(r.Context(), "SELECT id FROM users WHERE email = ?", email)
		d.Where(r.Context(), "user_id = ?", 1)
		d.Where(r.Context(), "email = '"+email+"'") // want `SQL text is built with \+ from email`
	}
}
