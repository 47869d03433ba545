// Package store is a repository layer over database/sql.
package store

import (
	"context"
	"database/sql"
)

type Task struct {
	ID      int64
	OwnerID int64
	Title   string
}

type Store struct{ db *sql.DB }

const taskColumns = "id, owner_id, title"

const getTaskSQL = "SELECT " + taskColumns + " FROM tasks WHERE id = $1"

func (s *Store) GetTask(ctx context.Context, id int64) (*Task, error) { // want GetTask:`scope\(param 1 reaches tasks by id\)`
	var t Task
	err := s.db.QueryRowContext(ctx, getTaskSQL, id).Scan(&t.ID, &t.OwnerID, &t.Title)
	return &t, err
}

func (s *Store) GetTaskForUser(ctx context.Context, id, userID int64) (*Task, error) { // want GetTaskForUser:`scope\(owner param 2 by owner_id\)`
	var t Task
	err := s.db.QueryRowContext(ctx, `
		SELECT id, owner_id, title
		FROM tasks
		WHERE id = $1 AND owner_id = $2`, id, userID).Scan(&t.ID, &t.OwnerID, &t.Title)
	return &t, err
}

func (s *Store) DeleteTask(ctx context.Context, id int64) error { // want DeleteTask:`scope\(param 1 reaches tasks by id\)`
	_, err := s.db.ExecContext(ctx, "DELETE FROM tasks WHERE id = $1", id)
	return err
}

func (s *Store) RenameTask(ctx context.Context, id int64, title string) error { // want RenameTask:`scope\(param 1 reaches tasks by id\)`
	_, err := s.db.ExecContext(ctx, "UPDATE tasks SET title = $2 WHERE id = $1", id, title)
	return err
}

// ListTasks binds the owner column itself: a list by user, not by id.
func (s *Store) ListTasks(ctx context.Context, userID int64) (*sql.Rows, error) { // want ListTasks:`scope\(owner param 1 by owner_id\)`
	return s.db.QueryContext(ctx, "SELECT id, title FROM tasks WHERE owner_id = $1", userID)
}

func (s *Store) CreateTask(ctx context.Context, ownerID int64, title string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO tasks (owner_id, title) VALUES ($1, $2)", ownerID, title)
	return err
}

// ProjectTasks is scoped by membership in a subquery.
func (s *Store) ProjectTasks(ctx context.Context, projectID, userID int64) (*sql.Rows, error) { // want ProjectTasks:`scope\(owner param 2 by user_id\)`
	return s.db.QueryContext(ctx, `SELECT t.id FROM tasks t
		JOIN projects p ON p.id = t.project_id
		WHERE t.project_id = $1 AND p.org_id IN (SELECT org_id FROM members WHERE user_id = $2)`, projectID, userID)
}

// CommentsByTask uses ? placeholders and a join to scope.
func (s *Store) CommentsByTask(ctx context.Context, taskID, userID int64) (*sql.Rows, error) { // want CommentsByTask:`scope\(owner param 2 by owner_id\)`
	return s.db.QueryContext(ctx, "SELECT c.body FROM comments c JOIN tasks t ON t.id = c.task_id AND t.owner_id = ? WHERE c.task_id = ?", userID, taskID)
}

// UserByEmail looks up by a column that is not a key.
func (s *Store) UserByEmail(ctx context.Context, email string) *sql.Row {
	return s.db.QueryRowContext(ctx, "SELECT id FROM users WHERE email = $1", email)
}

// OwnerOf checks nothing itself but loads by id.
func (s *Store) OwnerOf(ctx context.Context, id int64) (int64, error) { // want OwnerOf:`scope\(param 1 reaches tasks by id\)`
	var owner int64
	err := s.db.QueryRowContext(ctx, "SELECT owner_id FROM tasks WHERE id = $1", id).Scan(&owner)
	return owner, err
}

// TaskStore is what handlers depend on.
type TaskStore interface {
	GetTask(ctx context.Context, id int64) (*Task, error)
}

var _ TaskStore = (*Store)(nil)
