// Package echologged logs with echo's middleware, registered after a route:
// echo's Use reaches every route.
package echologged

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func Main() {
	e := echo.New()
	e.GET("/tasks", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	e.Use(middleware.RequestLogger())
	e.Start(":8080")
}
