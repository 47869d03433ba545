// Package echoinit starts a server another function of the package builds.
package echoinit

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func tasks(c echo.Context) error { return c.NoContent(http.StatusOK) }

// initServer builds the server main starts; the logger goes where it is
// created.
func initServer() *echo.Echo {
	var srv = echo.New()
	srv.HideBanner = true
	srv.GET("/tasks", tasks)
	return srv
}

func Start() {
	srv := initServer() // want `router serves 1 routes with no request-logging middleware`
	srv.Start(":8081")
}
