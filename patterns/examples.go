// The catalog examples of the injection and context patterns, checked by
// TestExample of analysis/sqlconcat and analysis/ctxprop.

package patterns

const parameterizeBefore = `package tasks

import (
	"database/sql"
	"fmt"
	"net/http"
)

type Handler struct{ db *sql.DB }

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	term := r.URL.Query().Get("q")
	query := fmt.Sprintf("SELECT id, title FROM tasks WHERE done = $1 AND title LIKE '%%%s%%'", term)
	rows, err := h.db.QueryContext(r.Context(), query, false)
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}
`

const parameterizeAfter = `package tasks

import (
	"database/sql"
	"net/http"
)

type Handler struct{ db *sql.DB }

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	term := r.URL.Query().Get("q")
	query := "SELECT id, title FROM tasks WHERE done = $1 AND title LIKE $2"
	rows, err := h.db.QueryContext(r.Context(), query, false, "%"+term+"%")
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}
`

const allowListBefore = `package tasks

import (
	"context"
	"database/sql"
	"fmt"
)

const taskColumns = "id, title, done, created_at"

type Store struct{ db *sql.DB }

// ListTasks lists the user's tasks ordered by the column orderBy.
func (s *Store) ListTasks(ctx context.Context, userID int64, orderBy string) (*sql.Rows, error) {
	query := fmt.Sprintf("SELECT %s FROM tasks WHERE user_id = $1 ORDER BY %s", taskColumns, orderBy)
	return s.db.QueryContext(ctx, query, userID)
}

// Rename changes a task's title.
func (s *Store) Rename(ctx context.Context, id int64, title string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE tasks SET title = $1, updated_at = now() WHERE id = $2", title, id)
	return err
}
`

const allowListAfter = `package tasks

import (
	"context"
	"database/sql"
	"fmt"
)

const taskColumns = "id, title, done, created_at"

type Store struct{ db *sql.DB }

// ListTasks lists the user's tasks ordered by the column orderBy.
func (s *Store) ListTasks(ctx context.Context, userID int64, orderBy string) (*sql.Rows, error) {
	// Placeholders cannot bind a column: let known ones through only.
	switch orderBy {
	case "id", "title", "done", "created_at", "user_id", "updated_at":
	default:
		orderBy = "id"
	}

	query := fmt.Sprintf("SELECT %s FROM tasks WHERE user_id = $1 ORDER BY %s", taskColumns, orderBy)
	return s.db.QueryContext(ctx, query, userID)
}

// Rename changes a task's title.
func (s *Store) Rename(ctx context.Context, id int64, title string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE tasks SET title = $1, updated_at = now() WHERE id = $2", title, id)
	return err
}
`

const propagateBefore = `package tasks

import (
	"database/sql"
	"net/http"
)

type Handler struct{ db *sql.DB }

func (h *Handler) listTasks(w http.ResponseWriter, r *http.Request) {
	rows, err := h.db.Query("SELECT id, title FROM tasks WHERE done = $1", false)
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}
`

const propagateAfter = `package tasks

import (
	"database/sql"
	"net/http"
)

type Handler struct{ db *sql.DB }

func (h *Handler) listTasks(w http.ResponseWriter, r *http.Request) {
	rows, err := h.db.QueryContext(r.Context(), "SELECT id, title FROM tasks WHERE done = $1", false)
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}
`
