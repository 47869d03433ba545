package echoapp

import (
	"database/sql"

	"github.com/labstack/echo/v4"
)

type H struct{ db *sql.DB }

// requireToken answers 401 to requests without a token.
func requireToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Header.Get("Authorization") == "" {
			return echo.ErrUnauthorized
		}
		return next(c)
	}
}

func logged(next echo.HandlerFunc) echo.HandlerFunc { return next }

func (h *H) list(c echo.Context) error {
	rows, err := h.db.QueryContext(c.Request().Context(), "SELECT body FROM notes")
	if err != nil {
		return err
	}
	return rows.Close()
}

func (h *H) remove(c echo.Context) error {
	_, err := h.db.ExecContext(c.Request().Context(), "DELETE FROM notes WHERE id = $1", c.Param("id"))
	return err
}

func Run(h *H) error {
	e := echo.New()
	e.GET("/notes", h.list, requireToken)
	e.DELETE("/notes/:id", h.remove)      // want `route DELETE /notes/:id reaches echoapp.\(\*H\).remove`
	e.PUT("/notes/:id", h.remove, logged) // want `route PUT /notes/:id reaches echoapp.\(\*H\).remove`
	return e.Start(":8080")
}
