package ginbare

import (
	"database/sql"

	"github.com/gin-gonic/gin"
)

type H struct{ db *sql.DB }

func (h *H) remove(c *gin.Context) {
	h.db.ExecContext(c, "DELETE FROM notes WHERE id = $1", c.Param("id"))
}

func Run(h *H) error {
	g := gin.Default()
	g.DELETE("/notes/:id", h.remove) // want `route DELETE /notes/:id reaches ginbare.\(\*H\).remove`
	return g.Run(":8080")
}
