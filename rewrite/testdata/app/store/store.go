// Package store holds tasks.
package store

import (
	"context"
	"database/sql"
)

// Task is one to-do item.
type Task struct {
	ID      int64
	OwnerID int64
	Title   string
}

// DB wraps the database handle.
type DB struct{ sql *sql.DB }

// Task loads one task by id.
func (db *DB) Task(ctx context.Context, id int64) (*Task, error) {
	var t Task
	err := db.sql.QueryRowContext(ctx, "SELECT id, owner_id, title FROM tasks WHERE id = ?", id).Scan(&t.ID, &t.OwnerID, &t.Title)
	return &t, err
}
