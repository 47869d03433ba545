// Package gormapp has gin handlers that query gorm themselves.
package gormapp

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"

	"example.com/app/models"
)

type H struct{ db *gorm.DB }

type account struct{ ID uint }

func currentAccount(c *gin.Context) (*account, error) {
	a, ok := c.MustGet("account").(*account)
	if !ok {
		return nil, errors.New("no account")
	}
	return a, nil
}

func (h *H) get(c *gin.Context) {
	var t models.Task
	// Load by the path id.
	if err := h.db.First(&t, c.Param("id")).Error; err != nil { // want `task id from the request path reaches the gorm query`
		c.JSON(http.StatusNotFound, gin.H{"error": "task not found"})
		return
	}
	c.JSON(http.StatusOK, t)
}

func (h *H) del(c *gin.Context) {
	h.db.Delete(&models.Task{}, c.Param("id")) // want `task id from the request path reaches the gorm query .*delete another user's task`
	c.Status(http.StatusNoContent)
}

// --- not reported ---

func (h *H) list(c *gin.Context) {
	acct, err := currentAccount(c)
	if err != nil {
		c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "sign in first"})
		return
	}
	var ts []models.Task
	h.db.Where("user_id = ?", acct.ID).Find(&ts)
	c.JSON(http.StatusOK, ts)
}

func (h *H) getScoped(c *gin.Context) {
	acct, err := currentAccount(c)
	if err != nil {
		c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "sign in first"})
		return
	}
	var t models.Task
	if err := h.db.Where("user_id = ?", acct.ID).First(&t, c.Param("id")).Error; err != nil {
		c.JSON(http.StatusNotFound, gin.H{"error": "task not found"})
		return
	}
	c.JSON(http.StatusOK, t)
}
