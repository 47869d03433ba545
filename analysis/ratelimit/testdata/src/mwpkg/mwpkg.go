// Package mwpkg is a project's middleware package.
package mwpkg

import "net/http"

// RequireKey answers 401 without an API key.
func RequireKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-API-Key") == "" {
			http.Error(w, "no key", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Quota is how many requests a client may send.
type Quota struct{ PerMinute int }

// Throttle answers 429 to clients over their quota.
func Throttle(q *Quota) func(http.Handler) http.Handler {
	seen := map[string]int{}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen[r.RemoteAddr]++
			if seen[r.RemoteAddr] > q.PerMinute {
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// LimitAndCheck limits and authenticates: never reused as a limiter, it
// would lock public routes.
func LimitAndCheck(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-API-Key") == "" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		if r.Header.Get("X-Slow") != "" {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}
