// Package store persists users, sessions, projects and tasks in PostgreSQL through database/sql.
package store

import (
	"context"
	"database/sql"
	"errors"
)

// ErrNotFound is returned when the requested record does not exist (or is not visible to the caller).
var ErrNotFound = errors.New("not found")

// Store runs the application's queries against one database handle.
type Store struct {
	db *sql.DB
}

// New returns a Store using db.
func New(db *sql.DB) *Store {
	return &Store{db: db}
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.db.PingContext(ctx)
}

// notFound maps sql.ErrNoRows to ErrNotFound and leaves other errors alone.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
