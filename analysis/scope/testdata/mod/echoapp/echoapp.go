// Package echoapp has echo handlers querying with sqlx.
package echoapp

import (
	"context"
	"net/http"

	"github.com/jmoiron/sqlx"
	"github.com/labstack/echo/v4"
)

type Note struct {
	ID     int64  `db:"id"`
	UserID int64  `db:"user_id"`
	Body   string `db:"body"`
}

type H struct{ db *sqlx.DB }

type userKey struct{}

func userID(ctx context.Context) int64 {
	id, _ := ctx.Value(userKey{}).(int64)
	return id
}

func (h *H) get(c echo.Context) error {
	var n Note
	if err := h.db.Get(&n, "SELECT * FROM notes WHERE id = $1", c.Param("id")); err != nil { // want `note id from the request path reaches the query "SELECT \* FROM notes WHERE id = \$1"`
		return err
	}
	return c.JSON(http.StatusOK, n)
}

func (h *H) update(c echo.Context) error {
	var n Note
	if err := c.Bind(&n); err != nil {
		return err
	}
	_, err := h.db.NamedExecContext(c.Request().Context(), "UPDATE notes SET body = :body WHERE id = :id", n) // want `note id from the request body reaches the query .*change another user's note`
	return err
}

func (h *H) remove(c echo.Context) error {
	h.db.MustExec(h.db.Rebind("DELETE FROM notes WHERE id = ?"), c.QueryParam("id")) // want `note id from the query string reaches the query "DELETE FROM notes WHERE id = \?"`
	return nil
}

// --- not reported ---

func (h *H) getChecked(c echo.Context) error {
	var n Note
	if err := h.db.GetContext(c.Request().Context(), &n, "SELECT * FROM notes WHERE id = $1", c.Param("id")); err != nil {
		return err
	}
	if n.UserID != userID(c.Request().Context()) {
		return echo.ErrNotFound
	}
	return c.JSON(http.StatusOK, n)
}

func (h *H) updateScoped(c echo.Context) error {
	var n Note
	if err := c.Bind(&n); err != nil {
		return err
	}
	_, err := h.db.NamedExec("UPDATE notes SET body = :body WHERE id = :id AND user_id = :user_id",
		Note{ID: n.ID, Body: n.Body, UserID: userID(c.Request().Context())})
	return err
}

func (h *H) list(c echo.Context) error {
	var ns []Note
	err := h.db.Select(&ns, "SELECT * FROM notes WHERE user_id = $1", userID(c.Request().Context()))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ns)
}

func (h *H) create(c echo.Context) error {
	_, err := h.db.Exec("INSERT INTO notes (user_id, body) VALUES ($1, $2)", userID(c.Request().Context()), c.FormValue("body"))
	return err
}
