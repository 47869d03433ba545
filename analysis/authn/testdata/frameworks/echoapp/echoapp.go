package echoapp

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"example.com/authfx/store"
)

type H struct{ S *store.Store }

func (h *H) list(c echo.Context) error {
	return h.S.ListNotes(c.Request().Context())
}

func (h *H) delete(c echo.Context) error {
	return h.S.DeleteNote(c.Request().Context(), c.Param("id"))
}

func health(c echo.Context) error { return c.NoContent(http.StatusOK) }

func requireAuth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Header.Get("Authorization") == "" {
			return echo.ErrUnauthorized
		}
		return next(c)
	}
}

func Routes(h *H) {
	e := echo.New()
	e.GET("/healthz", health)
	g := e.Group("/api", requireAuth)
	g.GET("/notes", h.list)          // protected by its group
	e.DELETE("/notes/:id", h.delete) // want `route DELETE /notes/:id reaches echoapp.\(\*H\).delete`
	e.DELETE("/admin/notes/:id", h.delete, requireAuth)
	e.Start(":8080")
}
