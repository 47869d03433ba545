// Package echoapp has echo servers.
package echoapp

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func login(c echo.Context) error { return c.NoContent(http.StatusNoContent) }

// Unlimited gets echo's RateLimiter keyed by the connection's address.
func Unlimited() {
	e := echo.New() // want `router serves POST /login with no rate limiting`
	e.Use(middleware.Recover())
	e.POST("/login", login)
	e.Start(":8080")
}

// Limited uses echo's RateLimiter with a memory store.
func Limited() {
	e := echo.New()
	e.POST("/login", login)
	e.Use(middleware.RateLimiter(middleware.NewRateLimiterMemoryStore(5)))
	e.Start(":8081")
}
