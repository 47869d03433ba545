// Package echoapp gets echo's request logger writing to its slog logger.
package echoapp

import (
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
)

func tasks(c echo.Context) error { return c.NoContent(http.StatusOK) }

func Main(logger *slog.Logger) {
	e := echo.New() // want `router serves 1 routes with no request-logging middleware`
	e.GET("/tasks", tasks)
	logger.Info("starting")
	e.Start(":8080")
}
