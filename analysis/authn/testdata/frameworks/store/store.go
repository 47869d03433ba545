// Package store is the data layer the handlers of every app call.
package store

import (
	"context"
	"database/sql"
)

type Store struct{ DB *sql.DB }

func (s *Store) ListNotes(ctx context.Context) error {
	_, err := s.DB.QueryContext(ctx, "SELECT id FROM notes")
	return err
}

func (s *Store) DeleteNote(ctx context.Context, id string) error {
	_, err := s.DB.ExecContext(ctx, "DELETE FROM notes WHERE id = $1", id)
	return err
}
