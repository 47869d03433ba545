// Package router wires the service's endpoints onto an echo instance.
package router

import (
	"net/http"
	"os"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"example.com/fx/echo/handlers"
	"example.com/fx/echo/mw"
)

// New returns the service's echo instance.
func New(tasks *handlers.Tasks, users *handlers.Users) *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	// Registered before Use, yet echo runs the e.Use middleware for every request.
	e.GET("/healthz", handlers.Health("5.2.0"))
	e.Use(middleware.Logger())
	e.Use(mw.AuthLogger)

	e.POST("/login", users.Login, mw.RateLimit(5))
	e.GET("/me", users.Me, mw.RequireAuth)
	e.Any("/ping", handlers.Ping)
	e.Match([]string{http.MethodGet, http.MethodHead}, "/version", func(c echo.Context) error {
		return c.String(http.StatusOK, "5.2.0")
	})
	if p := os.Getenv("DEBUG_ROUTE"); p != "" {
		e.GET(p, handlers.Debug)
	}

	api := e.Group("/api", mw.RequireAuth)
	api.GET("/tasks", tasks.List)
	api.POST("/tasks", tasks.Create, mw.RateLimit(10))
	api.GET("/tasks/:id", tasks.Get)
	api.PUT("/tasks/:id", tasks.Update)
	api.GET("/export", tasks.Export("csv"))

	admin := api.Group("/admin")
	admin.Use(mw.RequireAdmin)
	admin.GET("/users", users.List)
	admin.DELETE("/users/:id", users.Delete)

	// Shared links are public on purpose.
	shared := e.Group("/shared")
	shared.GET("/:id", tasks.Get)
	return e
}
