// Package mw holds the service's echo middleware: authentication and rate limiting.
package mw

import (
	"crypto/subtle"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

const callerKey = "caller"

var (
	schemesMu sync.Mutex
	schemes   = map[string]int{}
)

// AuthLogger counts the authentication schemes clients present. It rejects nothing.
func AuthLogger(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		scheme, _, _ := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
		schemesMu.Lock()
		schemes[strings.ToLower(scheme)]++
		schemesMu.Unlock()
		return next(c)
	}
}

// RequireAuth answers 401 unless the request carries one of the service's bearer tokens,
// and records whether the caller is the administrator.
func RequireAuth(next echo.HandlerFunc) echo.HandlerFunc {
	apiToken, adminToken := []byte(os.Getenv("API_TOKEN")), []byte(os.Getenv("ADMIN_TOKEN"))
	return func(c echo.Context) error {
		token, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
		var caller string
		switch {
		case !ok:
		case len(adminToken) > 0 && subtle.ConstantTimeCompare([]byte(token), adminToken) == 1:
			caller = "admin"
		case len(apiToken) > 0 && subtle.ConstantTimeCompare([]byte(token), apiToken) == 1:
			caller = "api"
		}
		if caller == "" {
			return echo.NewHTTPError(http.StatusUnauthorized, "missing or invalid token")
		}
		c.Set(callerKey, caller)
		return next(c)
	}
}

// RequireAdmin answers 403 unless RequireAuth identified the administrator.
func RequireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if caller, _ := c.Get(callerKey).(string); caller != "admin" {
			return c.JSON(http.StatusForbidden, map[string]string{"error": "forbidden"})
		}
		return next(c)
	}
}

// RateLimit allows perSecond requests a second on average, in bursts of up to perSecond,
// and answers 429 beyond that.
func RateLimit(perSecond int) echo.MiddlewareFunc {
	var mu sync.Mutex
	tokens, last := float64(perSecond), time.Now()
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			mu.Lock()
			now := time.Now()
			tokens = min(float64(perSecond), tokens+now.Sub(last).Seconds()*float64(perSecond))
			last = now
			allowed := tokens >= 1
			if allowed {
				tokens--
			}
			mu.Unlock()
			if !allowed {
				c.Response().Header().Set(echo.HeaderRetryAfter, "1")
				return c.JSON(http.StatusTooManyRequests, map[string]string{"error": "too many requests"})
			}
			return next(c)
		}
	}
}
