// Package echostart starts echo instances held in fields or made by a
// call; no function here sets a timeout on any echo server.
package echostart

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type app struct {
	web *echo.Echo
}

func newEcho() *echo.Echo {
	e := echo.New()
	e.GET("/ping", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
	return e
}

func (a *app) start(addr string) error {
	return a.web.Start(addr) // want `echo Echo.Start serves through e.Server, which has no ReadHeaderTimeout or ReadTimeout`
}

// Found but not fixed: the instance is made by the call, so the timeouts
// cannot be set on it first.

func startFresh() error {
	return newEcho().Start(":8080") // want `echo Echo.Start serves through e.Server`
}
