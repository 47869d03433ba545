// Package ginapp has gin handlers over the gorm store.
package ginapp

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"example.com/app/gormstore"
	"example.com/app/models"
)

type H struct{ s *gormstore.Store }

func currentUser(c *gin.Context) *models.Task { return nil }

func (h *H) get(c *gin.Context) {
	id, _ := strconv.ParseUint(c.Param("id"), 10, 64)
	t, err := h.s.Get(c.Request.Context(), uint(id)) // want `task id from the request path reaches gormstore.Get's gorm query "s.db.WithContext\(ctx\).First\(&t, id\)" without an owner condition`
	if err != nil {
		c.AbortWithStatus(http.StatusNotFound)
		return
	}
	c.JSON(http.StatusOK, t)
}

func (h *H) getWhere(c *gin.Context) {
	t, _ := h.s.GetWhere(c.Query("id")) // want `task id from the query string reaches gormstore.GetWhere's gorm query`
	c.JSON(http.StatusOK, t)
}

type delReq struct {
	ID uint `json:"id"`
}

func (h *H) del(c *gin.Context) {
	var req delReq
	if err := c.ShouldBindJSON(&req); err != nil {
		return
	}
	_ = h.s.Delete(req.ID) // want `task id from the request body reaches gormstore.Delete's gorm query .*delete another user's task`
}

func (h *H) rename(c *gin.Context) {
	id, _ := strconv.Atoi(c.PostForm("id"))
	_ = h.s.Rename(uint(id), c.PostForm("title")) // want `task id from the request form .*change another user's task`
}

func (h *H) raw(c *gin.Context) {
	id, _ := strconv.Atoi(c.Param("id"))
	t, _ := h.s.Raw(uint(id)) // want `reaches gormstore.Raw's gorm query "SELECT \* FROM tasks WHERE id = \?"`
	c.JSON(http.StatusOK, t)
}

// --- not reported ---

func (h *H) getChecked(c *gin.Context) {
	uid := c.MustGet("userID").(uint)
	id, _ := strconv.Atoi(c.Param("id"))
	t, err := h.s.Get(c.Request.Context(), uint(id))
	if err != nil || t.UserID != uid {
		c.AbortWithStatus(http.StatusNotFound)
		return
	}
	c.JSON(http.StatusOK, t)
}

func (h *H) getFor(c *gin.Context) {
	uid := c.GetUint("userID")
	id, _ := strconv.Atoi(c.Param("id"))
	t, _ := h.s.GetFor(uint(id), uid)
	c.JSON(http.StatusOK, t)
}

func (h *H) getForChained(c *gin.Context) {
	u := currentUser(c)
	id, _ := strconv.Atoi(c.Param("id"))
	t, _ := h.s.GetForChained(uint(id), u.ID)
	c.JSON(http.StatusOK, t)
}

func (h *H) deleteFor(c *gin.Context) {
	u := currentUser(c)
	id, _ := strconv.Atoi(c.Param("id"))
	_ = h.s.DeleteFor(uint(id), u.ID)
}

func (h *H) rawFor(c *gin.Context) {
	u := currentUser(c)
	id, _ := strconv.Atoi(c.Param("id"))
	_, _ = h.s.RawFor(uint(id), u.ID)
}

func (h *H) list(c *gin.Context) {
	u := currentUser(c)
	ts, _ := h.s.ListFor(u.ID)
	c.JSON(http.StatusOK, ts)
}

func (h *H) create(c *gin.Context) {
	var t models.Task
	if err := c.ShouldBindJSON(&t); err != nil {
		return
	}
	t.UserID = currentUser(c).ID
	_ = h.s.Create(&t)
}

func (h *H) mine(c *gin.Context) {
	u := currentUser(c)
	t, _ := h.s.Get(c.Request.Context(), u.ID)
	c.JSON(http.StatusOK, t)
}
