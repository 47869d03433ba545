// Package router wires the service's endpoints onto a chi router.
package router

import (
	"fmt"
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"example.com/fx/chi/handlers"
	"example.com/fx/chi/mw"
)

// New returns the service's root handler.
func New(tasks *handlers.Tasks, users *handlers.Users) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Logger)
	r.Use(mw.AuthLogger)

	r.Get("/healthz", handlers.Health("2.0.1"))
	r.Handle("/metrics", &handlers.Metrics{})
	r.Method(http.MethodPost, "/login", mw.RateLimit(5)(http.HandlerFunc(users.Login)))
	r.With(mw.RequireAuth).Get("/me", users.Me)
	r.Get("/version", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "2.0.1")
	})
	if p := os.Getenv("DEBUG_ROUTE"); p != "" {
		r.HandleFunc(p, handlers.Debug)
	}

	r.Route("/api", func(r chi.Router) {
		r.Use(mw.RequireAuth)
		r.Get("/tasks", tasks.List)
		r.With(mw.RateLimit(10)).Post("/tasks", tasks.Create)
		r.Route("/tasks/{id}", func(r chi.Router) {
			r.Get("/", tasks.Get)
			r.Method(http.MethodPut, "/", http.HandlerFunc(tasks.Update))
			r.Post("/complete", tasks.Complete)
		})
		r.Group(func(r chi.Router) {
			r.Use(mw.RateLimit(2))
			r.Get("/export", tasks.Export("csv"))
		})
	})

	r.Mount("/admin", adminRouter(users))
	return r
}

// adminRouter serves user administration to the administrator only.
func adminRouter(users *handlers.Users) chi.Router {
	r := chi.NewRouter()
	r.Use(mw.RequireAuth)
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if !mw.IsAdmin(req.Context()) {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, req)
		})
	})
	r.Get("/users", users.List)
	r.Delete("/users/{id}", users.Delete)
	return r
}
