package ginapp

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/authfx/store"
)

type H struct{ S *store.Store }

func (h *H) list(c *gin.Context)   { h.S.ListNotes(c) }
func (h *H) delete(c *gin.Context) { h.S.DeleteNote(c, c.Param("id")) }
func health(c *gin.Context)        { c.Status(http.StatusOK) }

func requireAuth(c *gin.Context) {
	if c.GetHeader("Authorization") == "" {
		c.AbortWithStatus(http.StatusUnauthorized)
		return
	}
	c.Next()
}

// authLogger never aborts.
func authLogger(c *gin.Context) { c.Next() }

func Routes(h *H) {
	r := gin.New()
	r.GET("/healthz", health)
	api := r.Group("/api", requireAuth)
	api.GET("/notes", h.list)                    // protected by its group
	r.DELETE("/notes/:id", authLogger, h.delete) // want `route DELETE /notes/:id reaches ginapp.\(\*H\).delete`
	r.DELETE("/admin/notes/:id", requireAuth, h.delete)
	r.Run(":8080")
}
