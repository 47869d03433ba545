// Package chiapp gets chi's own request logger.
package chiapp

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func tasks(w http.ResponseWriter, r *http.Request) {}

// Unlogged: RequestID and Logger go first, before the recoverer, so that
// panics are logged with their request.
func Unlogged() {
	r := chi.NewRouter() // want `router serves 1 routes with no request-logging middleware`
	r.Use(middleware.Recoverer)
	r.Get("/tasks", tasks)
	http.ListenAndServe(":8080", r)
}

// GroupLogged: a group's logger counts; the router is logged.
func GroupLogged() {
	r := chi.NewRouter()
	r.Group(func(r chi.Router) {
		r.Use(middleware.Logger)
		r.Get("/tasks", tasks)
	})
	http.ListenAndServe(":8081", r)
}
