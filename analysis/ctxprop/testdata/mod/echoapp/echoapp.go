package echoapp

import (
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"
)

type Handler struct {
	db *sql.DB
}

func (h *Handler) remove(c echo.Context) error {
	_, err := h.db.Exec(`DELETE FROM items WHERE id = $1`, c.Param("id")) // want `h.db.Exec does not pass the request's context \(use ExecContext\)`
	return err
}

func (h *Handler) fetch(c echo.Context) error {
	resp, err := http.Head("https://upstream.invalid/") // want `http.Head does not pass the request's context`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Negatives.

func (h *Handler) removeContext(c echo.Context) error {
	_, err := h.db.ExecContext(c.Request().Context(), `DELETE FROM items WHERE id = $1`, c.Param("id"))
	return err
}

func (h *Handler) params(c echo.Context) error {
	c.Set("k", 1)
	_ = c.Get("k")
	return c.NoContent(http.StatusNoContent)
}
