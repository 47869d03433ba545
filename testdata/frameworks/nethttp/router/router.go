// Package router wires the service's endpoints onto net/http ServeMuxes.
package router

import (
	"fmt"
	"net/http"
	"os"

	"example.com/fx/nethttp/handlers"
	"example.com/fx/nethttp/mw"
)

// New returns the service's root handler.
func New(tasks *handlers.Tasks, users *handlers.Users) http.Handler {
	root := http.NewServeMux()
	root.Handle("GET /healthz", handlers.Health("1.4.2"))
	root.HandleFunc("GET status.internal/ping", handlers.Ping)
	root.Handle("POST /login", mw.RateLimit(5)(http.HandlerFunc(users.Login)))
	root.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("public"))))
	if p := os.Getenv("DEBUG_ROUTE"); p != "" {
		root.HandleFunc(p, handlers.Debug)
	}

	root.Handle("/api/", mw.AuthLogger(http.StripPrefix("/api", apiRoutes(tasks))))
	root.Handle("/admin/", mw.RequireAuth(http.StripPrefix("/admin", adminRoutes(users))))
	return root
}

func apiRoutes(tasks *handlers.Tasks) http.Handler {
	api := http.NewServeMux()
	api.Handle("GET /tasks", mw.RequireAuth(http.HandlerFunc(tasks.List)))
	api.Handle("POST /tasks", mw.RequireAuth(mw.RateLimit(10)(http.HandlerFunc(tasks.Create))))
	api.HandleFunc("GET /tasks/{id}", tasks.Get)
	api.Handle("GET /tasks/export", mw.RequireAuth(tasks.Export("csv")))
	api.Handle("GET /stats", handlers.Stats{Tasks: tasks})
	api.HandleFunc("GET /version", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "1.4.2")
	})
	return api
}

func adminRoutes(users *handlers.Users) http.Handler {
	admin := http.NewServeMux()
	admin.HandleFunc("/users", users.List)
	admin.HandleFunc("DELETE /users/{id}", users.Delete)
	return admin
}
