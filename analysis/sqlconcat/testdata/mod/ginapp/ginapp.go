// Package ginapp serves tasks with gin and gorm: a client's sort column in
// Order, a path value in Raw.
package ginapp

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"
)

type Task struct {
	ID        uint
	OwnerID   uint `gorm:"column:owner"`
	Title     string
	CreatedAt int64
	Secret    string `gorm:"-"`
}

type H struct{ db *gorm.DB }

func (h *H) Register(r *gin.Engine) {
	r.GET("/tasks", h.list)
	r.GET("/tasks/:title", h.byTitle)
}

func (h *H) list(c *gin.Context) {
	var ts []Task
	h.db.Order(c.Query("sort")).Find(&ts) // want `SQL text is built in the gorm call Order from c.Query\("sort"\) \(from the query string\), which is used as an identifier \(ORDER BY\)`
	c.JSON(http.StatusOK, ts)
}

func (h *H) byTitle(c *gin.Context) {
	var ts []Task
	h.db.Raw("SELECT * FROM tasks WHERE title = '" + c.Param("title") + "'").Scan(&ts) // want `SQL text is built with \+ from c.Param\("title"\) \(from the request path\)`
	c.JSON(http.StatusOK, ts)
}

// --- negatives ---

func (h *H) search(c *gin.Context) {
	var ts []Task
	h.db.Where("title LIKE ?", "%"+c.Query("q")+"%").Order("created_at desc").Find(&ts)
	c.JSON(http.StatusOK, ts)
}
