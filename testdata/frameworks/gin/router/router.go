// Package router wires the service's endpoints onto a gin engine.
package router

import (
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"example.com/fx/gin/handlers"
	"example.com/fx/gin/mw"
)

// New returns the service's engine.
func New(tasks *handlers.Tasks, users *handlers.Users) *gin.Engine {
	r := gin.New()
	// Registered before any Use: probes stay out of the access log and need no token.
	r.GET("/healthz", handlers.Health("4.0.0"))
	r.Use(gin.Logger(), gin.Recovery())
	r.Use(mw.AuthLogger())

	r.POST("/login", mw.RateLimit(5), users.Login)
	r.GET("/me", mw.RequireAuth(), users.Me)
	r.Any("/ping", handlers.Ping)
	r.Match([]string{http.MethodGet, http.MethodHead}, "/version", func(c *gin.Context) {
		c.String(http.StatusOK, "4.0.0")
	})
	if p := os.Getenv("DEBUG_ROUTE"); p != "" {
		r.GET(p, handlers.Debug)
	}

	api := r.Group("/api")
	api.Use(mw.RequireAuth())
	{
		api.GET("/tasks", tasks.List)
		api.POST("/tasks", mw.RateLimit(10), tasks.Create)
		api.GET("/tasks/:id", tasks.Get)
		api.PUT("/tasks/:id", tasks.Update)
		api.GET("/export", tasks.Export("csv"))

		admin := api.Group("/admin", mw.RequireAdmin())
		admin.GET("/users", users.List)
		admin.DELETE("/users/:id", users.Delete)
	}

	// Shared links are public on purpose.
	shared := r.Group("/shared")
	shared.GET("/:id", tasks.Get)
	return r
}
