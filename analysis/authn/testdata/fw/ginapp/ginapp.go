package ginapp

import (
	"database/sql"
	"net/http"

	"github.com/gin-gonic/gin"
)

type User struct{ ID int64 }

type H struct{ db *sql.DB }

// authenticate returns the user of the request's token.
func (h *H) authenticate(c *gin.Context) (*User, bool) {
	var u User
	err := h.db.QueryRowContext(c, "SELECT user_id FROM tokens WHERE token = $1", c.GetHeader("Authorization")).Scan(&u.ID)
	return &u, err == nil
}

// requireToken aborts requests without a token.
func requireToken(c *gin.Context) {
	if c.GetHeader("Authorization") == "" {
		c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "unauthorized"})
		return
	}
	c.Next()
}

// me authenticates the request itself.
func (h *H) me(c *gin.Context) {
	u, ok := h.authenticate(c)
	if !ok {
		c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "sign in first"})
		return
	}
	c.JSON(http.StatusOK, u)
}

func (h *H) list(c *gin.Context) {
	rows, _ := h.db.QueryContext(c, "SELECT body FROM notes")
	rows.Close()
}

func (h *H) remove(c *gin.Context) {
	h.db.ExecContext(c, "DELETE FROM notes WHERE id = $1", c.Param("id"))
}

func Run(h *H) error {
	g := gin.New()
	g.GET("/me", h.me)
	g.GET("/notes", requireToken, h.list)
	g.DELETE("/notes/:id", h.remove)        // want `route DELETE /notes/:id reaches ginapp.\(\*H\).remove`
	g.Handle("PUT", "/notes/:id", h.remove) // want `route PUT /notes/:id reaches ginapp.\(\*H\).remove`
	return g.Run(":8080")
}
