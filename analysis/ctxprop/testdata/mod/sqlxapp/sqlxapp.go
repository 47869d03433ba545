package sqlxapp

import (
	"context"
	"net/http"

	"github.com/jmoiron/sqlx"
)

type User struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

type Server struct {
	db *sqlx.DB
}

// DBTX is the project's own query interface.
type DBTX interface {
	Exec(query string, args ...any) error
	ExecContext(ctx context.Context, query string, args ...any) error
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	var u User
	_ = s.db.Get(&u, `SELECT id, name FROM users WHERE id = $1`, 1) // want `s.db.Get does not pass the request's context \(use GetContext\)`
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	var us []User
	_ = s.db.Select(&us, `SELECT id, name FROM users`) // want `s.db.Select does not pass the request's context \(use SelectContext\)`
}

func (s *Server) named(w http.ResponseWriter, r *http.Request) {
	_, _ = s.db.NamedExec(`UPDATE users SET name = :name WHERE id = :id`, &User{}) // want `s.db.NamedExec does not pass the request's context \(use NamedExecContext\)`
}

func touch(ctx context.Context, q DBTX) error {
	return q.Exec(`UPDATE users SET seen_at = now()`) // want `q.Exec does not pass the context ctx \(use ExecContext\)`
}

// Negatives.

func (s *Server) getUserContext(w http.ResponseWriter, r *http.Request) {
	var u User
	_ = s.db.GetContext(r.Context(), &u, `SELECT id, name FROM users WHERE id = $1`, 1)
}

func (s *Server) rebind(w http.ResponseWriter, r *http.Request) {
	_ = s.db.Rebind(`SELECT 1 WHERE id = ?`)
}

func touchContext(ctx context.Context, q DBTX) error {
	return q.ExecContext(ctx, `UPDATE users SET seen_at = now()`)
}
