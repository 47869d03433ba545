package echoapp

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

func newEcho() *echo.Echo {
	e := echo.New()
	e.GET("/ping", func(c echo.Context) error { return c.String(http.StatusOK, "pong") })
	return e
}

func startDefault() error {
	e := newEcho()
	return e.Start(":8080") // want `echo Echo.Start serves through e.Server, which has no ReadHeaderTimeout or ReadTimeout`
}

func startTLSWrongServer() error {
	e := newEcho()
	e.Server.ReadTimeout = 10 * time.Second           // sets the plain server, not the TLS one
	return e.StartTLS(":8443", "cert.pem", "key.pem") // want `echo Echo.StartTLS serves through e.TLSServer`
}

// Negatives.

func startConfigured() error {
	e := newEcho()
	e.Server.ReadHeaderTimeout = 5 * time.Second
	e.Server.WriteTimeout = 30 * time.Second
	return e.Start(":8080")
}

func startCustomServer() error {
	e := newEcho()
	s := &http.Server{Addr: ":8080", ReadTimeout: 10 * time.Second}
	return e.StartServer(s)
}
