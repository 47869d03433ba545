// Package logpkg is a project's logging middleware.
package logpkg

import (
	"log/slog"
	"net/http"
)

// Requests returns middleware logging each request with logger.
func Requests(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			logger.Info("request", "method", r.Method, "path", r.URL.Path)
		})
	}
}

// Tag names the service in the logs; it is not a request logger.
func Tag(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Service", "api")
		next.ServeHTTP(w, r)
	})
}
