// Package ginconfigured configures its engine between Use calls.
package ginconfigured

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func tasks(c *gin.Context) { c.Status(http.StatusOK) }

// Configured sets the engine up before its middleware: the limiter goes
// after the Use calls, past the configuration between them, so that the
// access log records the requests it refuses.
func Configured(trusted []string) {
	g := gin.New() // want `router serves 1 routes with no rate limiting`
	g.RemoveExtraSlash = true
	g.SetTrustedProxies(trusted)
	g.Use(gin.Logger(), gin.Recovery())
	g.NoRoute(func(c *gin.Context) { c.Status(http.StatusNotFound) })
	g.GET("/tasks", tasks)
	g.Run(":8081")
}
