// Package mw holds the service's middleware: request logging, authentication and rate limiting.
package mw

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

type callerKey struct{}

// RequestLog logs every request's method, path and duration after serving it.
func RequestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, r)
		slog.Info("request", "method", r.Method, "path", r.URL.Path, "duration", time.Since(start))
	})
}

// AuthLogger counts the authentication schemes clients present. It rejects nothing.
func AuthLogger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		schemeCount(strings.ToLower(scheme))
		next.ServeHTTP(w, r)
	})
}

var (
	schemesMu sync.Mutex
	schemes   = map[string]int{}
)

func schemeCount(scheme string) {
	schemesMu.Lock()
	defer schemesMu.Unlock()
	schemes[scheme]++
}

// RequireAuth answers 401 unless the request carries the service's bearer token.
func RequireAuth(next http.Handler) http.Handler {
	want := []byte(os.Getenv("API_TOKEN"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || len(want) == 0 || subtle.ConstantTimeCompare([]byte(token), want) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, "api")))
	})
}

// RateLimit allows perSecond requests a second on average, in bursts of up to perSecond,
// and answers 429 beyond that.
func RateLimit(perSecond int) func(http.Handler) http.Handler {
	var mu sync.Mutex
	tokens, last := float64(perSecond), time.Now()
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
				w.Header().Set("Retry-After", "1")
				http.Error(w, "too many requests", http.StatusTooManyRequests)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
