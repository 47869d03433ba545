// Package chireqid already runs chi's request-id middleware: the logger goes
// after it, and no second one is added.
package chireqid

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func tasks(w http.ResponseWriter, r *http.Request) {}

func Main() {
	r := chi.NewRouter() // want `router serves 1 routes with no request-logging middleware`
	r.Use(middleware.RequestID)
	r.Use(middleware.Recoverer)
	r.Get("/tasks", tasks)
	http.ListenAndServe(":8080", r)
}
