// Package router wires the service's endpoints onto a gorilla/mux router.
package router

import (
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/gorilla/mux"

	"example.com/fx/gorillamux/handlers"
	"example.com/fx/gorillamux/mw"
)

// New returns the service's root handler.
func New(tasks *handlers.Tasks, users *handlers.Users) http.Handler {
	r := mux.NewRouter()
	r.HandleFunc("/healthz", handlers.Health("3.1.0")).Methods(http.MethodGet)
	r.Handle("/metrics", handlers.Metrics{Started: time.Now()})
	r.Handle("/login", mw.RateLimit(5)(http.HandlerFunc(users.Login))).Methods(http.MethodPost)
	r.HandleFunc("/version", func(w http.ResponseWriter, req *http.Request) {
		fmt.Fprintln(w, "3.1.0")
	}).Methods(http.MethodGet, http.MethodHead)
	r.PathPrefix("/static/").Handler(http.StripPrefix("/static/", http.FileServer(http.Dir("public"))))
	if p := os.Getenv("DEBUG_ROUTE"); p != "" {
		r.HandleFunc(p, handlers.Debug)
	}

	api := r.PathPrefix("/api").Subrouter()
	api.Use(mw.RequestLog, mw.AuthLogger)
	// Shared links are public on purpose.
	api.HandleFunc("/shared/{id:[0-9]+}", tasks.Get).Methods(http.MethodGet)

	v1 := api.PathPrefix("/v1").Subrouter()
	v1.Use(mw.RequireAuth)
	v1.HandleFunc("/tasks", tasks.List).Methods(http.MethodGet)
	v1.Handle("/tasks", mw.RateLimit(10)(http.HandlerFunc(tasks.Create))).Methods(http.MethodPost)
	v1.HandleFunc("/tasks/{id:[0-9]+}", tasks.Get).Methods(http.MethodGet)
	v1.HandleFunc("/tasks/{id:[0-9]+}", tasks.Update).Methods(http.MethodPut, http.MethodPatch)
	v1.HandleFunc("/export", tasks.Export("csv")).Methods(http.MethodGet)

	admin := v1.PathPrefix("/admin").Subrouter()
	admin.HandleFunc("/users", users.List)
	admin.HandleFunc("/users/{id}", users.Delete).Methods(http.MethodDelete)
	return r
}
