// Package mw holds the service's gin middleware: authentication and rate limiting.
package mw

import (
	"crypto/subtle"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

const callerKey = "caller"

// AuthLogger counts the authentication schemes clients present. It rejects nothing.
func AuthLogger() gin.HandlerFunc {
	var mu sync.Mutex
	schemes := map[string]int{}
	return func(c *gin.Context) {
		scheme, _, _ := strings.Cut(c.GetHeader("Authorization"), " ")
		mu.Lock()
		schemes[strings.ToLower(scheme)]++
		mu.Unlock()
		c.Next()
	}
}

// RequireAuth answers 401 unless the request carries one of the service's bearer tokens,
// and records whether the caller is the administrator.
func RequireAuth() gin.HandlerFunc {
	apiToken, adminToken := []byte(os.Getenv("API_TOKEN")), []byte(os.Getenv("ADMIN_TOKEN"))
	return func(c *gin.Context) {
		token, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
		var caller string
		switch {
		case !ok:
		case len(adminToken) > 0 && subtle.ConstantTimeCompare([]byte(token), adminToken) == 1:
			caller = "admin"
		case len(apiToken) > 0 && subtle.ConstantTimeCompare([]byte(token), apiToken) == 1:
			caller = "api"
		}
		if caller == "" {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "unauthorized"})
			return
		}
		c.Set(callerKey, caller)
		c.Next()
	}
}

// RequireAdmin answers 403 unless RequireAuth identified the administrator. Otherwise it
// returns without aborting, which lets gin run the rest of the chain.
func RequireAdmin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetString(callerKey) != "admin" {
			c.AbortWithStatusJSON(http.StatusForbidden, gin.H{"error": "forbidden"})
		}
	}
}

// RateLimit allows perSecond requests a second on average, in bursts of up to perSecond,
// and answers 429 beyond that.
func RateLimit(perSecond int) gin.HandlerFunc {
	var mu sync.Mutex
	tokens, last := float64(perSecond), time.Now()
	return func(c *gin.Context) {
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
			c.Header("Retry-After", "1")
			c.AbortWithStatusJSON(http.StatusTooManyRequests, gin.H{"error": "too many requests"})
			return
		}
		c.Next()
	}
}
