package echobare

import (
	"database/sql"

	"github.com/labstack/echo/v4"
)

type H struct{ db *sql.DB }

func (h *H) remove(c echo.Context) error {
	_, err := h.db.ExecContext(c.Request().Context(), "DELETE FROM notes WHERE id = $1", c.Param("id"))
	return err
}

func Run(h *H) error {
	e := echo.New()
	e.DELETE("/notes/:id", h.remove) // want `route DELETE /notes/:id reaches echobare.\(\*H\).remove`
	return e.Start(":8080")
}
