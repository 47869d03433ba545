// Package ginlogged uses gin.Default, which logs.
package ginlogged

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func Main() {
	r := gin.Default()
	r.GET("/tasks", func(c *gin.Context) { c.Status(http.StatusOK) })
	r.Run(":8080")
}
