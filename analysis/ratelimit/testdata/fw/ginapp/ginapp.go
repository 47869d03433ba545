// Package ginapp has gin engines.
package ginapp

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func login(c *gin.Context) { c.Status(http.StatusNoContent) }
func tasks(c *gin.Context) { c.Status(http.StatusOK) }

// Unlimited gets a scaffolded gin limiter right after Recovery, before any
// route (gin's Use reaches only later routes).
func Unlimited() {
	r := gin.New() // want `router serves POST /login with no rate limiting`
	r.Use(gin.Recovery())
	r.POST("/login", login)
	r.GET("/tasks", tasks)
	r.Run(":8080")
}
