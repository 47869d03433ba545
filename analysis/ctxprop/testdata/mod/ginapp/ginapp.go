package ginapp

import (
	"database/sql"
	"net/http"

	"github.com/gin-gonic/gin"
)

type Handler struct {
	db *sql.DB
}

func (h *Handler) list(c *gin.Context) {
	rows, err := h.db.Query(`SELECT id FROM items`) // want `h.db.Query does not pass the request's context \(use QueryContext\)`
	if err != nil {
		c.Status(http.StatusInternalServerError)
		return
	}
	rows.Close()
}

// Negatives.

func (h *Handler) listContext(c *gin.Context) {
	rows, err := h.db.QueryContext(c.Request.Context(), `SELECT id FROM items`)
	if err == nil {
		rows.Close()
	}
}

func (h *Handler) value(c *gin.Context) {
	c.Set("k", 1)
	_, _ = c.Get("k")
}
