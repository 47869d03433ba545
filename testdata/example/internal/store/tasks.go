package store

import (
	"context"
	"fmt"
	"time"
)

const taskColumns = "id, user_id, project_id, title, done, due_at, created_at"

func scanTask(row interface{ Scan(...any) error }) (*Task, error) {
	var t Task
	if err := row.Scan(&t.ID, &t.OwnerID, &t.ProjectID, &t.Title, &t.Done, &t.DueAt, &t.CreatedAt); err != nil {
		return nil, notFound(err)
	}
	return &t, nil
}

// CreateTask inserts t and fills in its id and creation time.
func (s *Store) CreateTask(ctx context.Context, t *Task) error {
	return s.db.QueryRowContext(ctx,
		`INSERT INTO tasks (user_id, project_id, title, done, due_at)
		 VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
		t.OwnerID, t.ProjectID, t.Title, t.Done, t.DueAt,
	).Scan(&t.ID, &t.CreatedAt)
}

// GetTask loads a task by id, whoever owns it. Callers check ownership.
func (s *Store) GetTask(ctx context.Context, id int64) (*Task, error) {
	row := s.db.QueryRowContext(ctx, "SELECT "+taskColumns+" FROM tasks WHERE id = $1", id)
	return scanTask(row)
}

// GetTaskForUser loads a task by id if userID owns it.
func (s *Store) GetTaskForUser(ctx context.Context, id, userID int64) (*Task, error) {
	row := s.db.QueryRowContext(ctx,
		"SELECT "+taskColumns+" FROM tasks WHERE id = $1 AND user_id = $2", id, userID)
	return scanTask(row)
}

// ListTasks lists userID's tasks ordered by the column orderBy.
func (s *Store) ListTasks(ctx context.Context, userID int64, orderBy string) ([]Task, error) {
	query := fmt.Sprintf("SELECT %s FROM tasks WHERE user_id = $1 ORDER BY %s", taskColumns, orderBy)
	rows, err := s.db.QueryContext(ctx, query, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tasks := []Task{}
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		tasks = append(tasks, *t)
	}
	return tasks, rows.Err()
}

// UpdateTask saves t's title, state and due date.
func (s *Store) UpdateTask(ctx context.Context, t *Task) error {
	res, err := s.db.ExecContext(ctx,
		"UPDATE tasks SET title = $1, done = $2, due_at = $3, updated_at = $4 WHERE id = $5",
		t.Title, t.Done, t.DueAt, time.Now().UTC(), t.ID)
	if err != nil {
		return err
	}
	return expectOne(res)
}

// DeleteTask deletes task id if userID owns it.
func (s *Store) DeleteTask(ctx context.Context, id, userID int64) error {
	res, err := s.db.ExecContext(ctx, "DELETE FROM tasks WHERE id = $1 AND user_id = $2", id, userID)
	if err != nil {
		return err
	}
	return expectOne(res)
}
