// Package ginlimited has gin engines limited by the project.
package ginlimited

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func login(c *gin.Context) { c.Status(http.StatusNoContent) }

// HealthFirst registers a probe before its limiter: only that probe is
// unlimited, which is deliberate.
func HealthFirst() {
	r := gin.New()
	r.GET("/healthz", func(c *gin.Context) { c.Status(http.StatusOK) })
	r.Use(throttle)
	r.POST("/login", login)
	r.Run(":8081")
}

func throttle(c *gin.Context) {
	if c.GetHeader("X-Throttle") != "" {
		c.AbortWithStatus(http.StatusTooManyRequests)
	}
}
