// Package direct queries database/sql from its handlers.
package direct

import (
	"context"
	"database/sql"
	"net/http"
	"strings"

	"example.com/auth"
)

type H struct{ db *sql.DB }

type Task struct {
	ID      string
	OwnerID int64
	Title   string
}

const selectTask = "SELECT id, owner_id, title FROM tasks "
const byID = selectTask + "WHERE id = ?"

func (h *H) get(w http.ResponseWriter, r *http.Request) {
	var t Task
	err := h.db.QueryRow(byID, r.PathValue("id")).Scan(&t.ID, &t.OwnerID, &t.Title) // want `task id from the request path reaches the query "SELECT id, owner_id, title FROM tasks WHERE id = \?"`
	if err != nil {
		return
	}
}

func (h *H) getChecked(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	var t Task
	if err := h.db.QueryRow(byID, r.PathValue("id")).Scan(&t.ID, &t.OwnerID, &t.Title); err != nil {
		return
	}
	if t.OwnerID != u.ID {
		http.NotFound(w, r)
		return
	}
}

func (h *H) getScoped(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	var t Task
	_ = h.db.QueryRow(selectTask+"WHERE id = ? AND owner_id = ?", r.PathValue("id"), u.ID).Scan(&t.ID)
}

func (h *H) oldStylePath(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/tasks/")
	q := "DELETE FROM tasks WHERE id = ?"
	h.db.Exec(q, id) // want `task id from the request path reaches the query "DELETE FROM tasks WHERE id = \?" .*delete another user's task`
}

func (h *H) prepared(w http.ResponseWriter, r *http.Request) {
	stmt, err := h.db.PrepareContext(r.Context(), "UPDATE tasks SET done = true WHERE id = ?")
	if err != nil {
		return
	}
	stmt.ExecContext(r.Context(), r.FormValue("id")) // want `task id from the request form reaches the query .*change another user's task`
}

func (h *H) named(w http.ResponseWriter, r *http.Request) {
	h.db.ExecContext(r.Context(), "DELETE FROM notes WHERE note_id = @id", sql.Named("id", r.Header.Get("X-Note"))) // want `note id from the request header reaches the query`
}

func (h *H) namedScoped(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	h.db.ExecContext(r.Context(), "DELETE FROM notes WHERE note_id = @id AND user_id = @uid", sql.Named("id", r.Header.Get("X-Note")), sql.Named("uid", u.ID))
}

func (h *H) closure() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rows, _ := h.db.QueryContext(r.Context(), "SELECT id FROM tasks WHERE project_id = $1", r.PathValue("project")) // want `task id from the request path reaches the query "SELECT id FROM tasks WHERE project_id = \$1"`
		defer rows.Close()
	}
}

func (h *H) firstOfProject(w http.ResponseWriter, r *http.Request) {
	var id int64
	_ = h.db.QueryRow("SELECT id FROM tasks WHERE project_id = ? OR parent_id = ? ORDER BY id LIMIT ?", r.FormValue("p"), r.FormValue("p"), 1).Scan(&id) // want `task id from the request form reaches the query`
}

// Findings without fixes: the SQL is a constant two queries share, and its
// WHERE is not at the end, so it cannot be scoped for one of them only;
// what is loaded is no record with an owner field.
const byProject = "SELECT id FROM tasks WHERE project_id = ? ORDER BY id"

func (h *H) projectFirst(w http.ResponseWriter, r *http.Request) {
	var id string
	_ = h.db.QueryRow(byProject, r.PathValue("p")).Scan(&id) // want `task id from the request path`
}

func (h *H) projectFirstAgain(w http.ResponseWriter, r *http.Request) {
	var id string
	_ = h.db.QueryRow(byProject, r.FormValue("p")).Scan(&id) // want `task id from the request form`
}

// A handler that cannot answer 401 or 404 without its writer gets no fix.
func (h *H) blankWriter(_ http.ResponseWriter, r *http.Request) {
	var t Task
	_ = h.db.QueryRow("SELECT id, owner_id, title FROM tasks WHERE id = ?", r.PathValue("id")).Scan(&t.ID, &t.OwnerID, &t.Title) // want `task id from the request path`
}

// Not a handler: nothing is reported here, but its fact carries the query
// to the handler that passes a request id.
func load(ctx context.Context, db *sql.DB, id string) *sql.Row { // want load:`scope\(param 2 reaches tasks by id\)`
	return db.QueryRowContext(ctx, byID, id)
}

func (h *H) viaLocalHelper(w http.ResponseWriter, r *http.Request) {
	_ = load(r.Context(), h.db, r.FormValue("id")) // want `task id from the request form reaches direct.load's query`
}

func (h *H) dynamicSQL(w http.ResponseWriter, r *http.Request) {
	q := "SELECT id FROM tasks WHERE id = " + "?"
	if r.URL.Query().Has("x") {
		q = "SELECT id FROM tasks WHERE id = ? AND owner_id = 1"
	}
	h.db.QueryRow(q, r.PathValue("id")) // SQL text not known: not reported
}

func (h *H) slugLookup(w http.ResponseWriter, r *http.Request) {
	h.db.QueryRow("SELECT body FROM pages WHERE slug = ?", r.PathValue("slug"))
}

func (h *H) resetToken(w http.ResponseWriter, r *http.Request) {
	h.db.QueryRow("SELECT user_id FROM resets WHERE token = $1", r.FormValue("token"))
}

// byOIDC finds the account a verified external login belongs to: an
// identity from a provider is not an id a client enumerates.
func (h *H) byOIDC(w http.ResponseWriter, r *http.Request) {
	var t Task
	h.db.QueryRow("SELECT id, owner_id, title FROM accounts WHERE oidc_id = ?", r.FormValue("sub")).Scan(&t.ID, &t.OwnerID, &t.Title)
}
