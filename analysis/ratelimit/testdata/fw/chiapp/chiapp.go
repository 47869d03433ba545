// Package chiapp has chi routers with and without the project's limiter.
package chiapp

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func login(w http.ResponseWriter, r *http.Request) {}
func token(w http.ResponseWriter, r *http.Request) {}
func tasks(w http.ResponseWriter, r *http.Request) {}

// limit answers 429 to clients that ask to be throttled.
func limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Throttle") != "" {
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func requireAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, "sign in", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Unlimited gets the package's limit, after the logger and before the auth
// middleware.
func Unlimited() {
	r := chi.NewRouter() // want `router serves POST /login with no rate limiting`
	r.Use(middleware.Logger)
	r.Use(requireAuth) // everything but the login is private
	r.Post("/login", login)
	r.Get("/tasks", tasks)
	http.ListenAndServe(":8080", r)
}

// TwoGroupsUp is limited by the root's Use, two groups above its routes.
func TwoGroupsUp() {
	r := chi.NewRouter()
	r.Use(limit)
	r.Route("/api", func(r chi.Router) {
		r.Group(func(r chi.Router) {
			r.Post("/login", login)
		})
	})
	http.ListenAndServe(":8081", r)
}

// TokenLeftOut limits its tasks but not its token endpoint, which gets the
// same limiter through With.
func TokenLeftOut() {
	r := chi.NewRouter()
	r.With(limit).Get("/tasks", tasks)
	r.Post("/token", token) // want `authentication endpoint POST /token has no rate limiting although other routes do`
	http.ListenAndServe(":8082", r)
}
