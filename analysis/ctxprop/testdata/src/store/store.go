// Package store is the database layer.
package store

import (
	"context"
	"database/sql"
)

type Project struct {
	ID   int64
	Name string
}

type Store struct {
	db *sql.DB
}

func New(db *sql.DB) *Store { return &Store{db: db} }

// ListProjects takes no context: its handler cannot pass the request's.
func (s *Store) ListProjects(userID int64) ([]Project, error) { // want ListProjects:"nocontext\\(s.db.Query\\)"
	rows, err := s.db.Query(`SELECT id, name FROM projects WHERE owner_id = $1`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Project
	for rows.Next() {
		var p Project
		if err := rows.Scan(&p.ID, &p.Name); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CountTasks has a context and fails to use it.
func (s *Store) CountTasks(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRow(`SELECT count(*) FROM tasks WHERE user_id = $1`, userID).Scan(&n) // want `s.db.QueryRow does not pass the context ctx \(use QueryRowContext\); when ctx is cancelled the query keeps running`
	return n, err
}

// ArchiveTasks reaches the query through a helper.
func (s *Store) ArchiveTasks(userID int64) error { // want ArchiveTasks:"nocontext\\(s.db.Exec via store.\\(\\*Store\\).exec\\)"
	return s.exec(`UPDATE tasks SET archived = true WHERE user_id = $1`, userID)
}

func (s *Store) exec(q string, args ...any) error { // want exec:"nocontext\\(s.db.Exec\\)"
	_, err := s.db.Exec(q, args...)
	return err
}

// Migrate runs at start-up, from main only.
func (s *Store) Migrate() error { // want Migrate:"nocontext\\(s.db.Exec\\)"
	_, err := s.db.Exec(`CREATE TABLE IF NOT EXISTS tasks (id bigserial)`)
	return err
}

// Negatives.

func (s *Store) GetProject(ctx context.Context, id int64) (*Project, error) {
	var p Project
	err := s.db.QueryRowContext(ctx, `SELECT id, name FROM projects WHERE id = $1`, id).Scan(&p.ID, &p.Name)
	return &p, err
}

func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

func (s *Store) Rename(ctx context.Context, id int64, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE projects SET name = $1 WHERE id = $2`, name, id); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Cleanup runs in the background with its own context.
func (s *Store) StartCleanup() {
	go func() {
		_, _ = s.db.ExecContext(context.Background(), `DELETE FROM sessions WHERE expires_at < now()`)
	}()
}
