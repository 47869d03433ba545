// Package field keeps its logger in a field of the receiver.
package field

import (
	"log/slog"
	"net/http"
)

type App struct {
	log *slog.Logger
	mux *http.ServeMux
}

func (a *App) tasks(w http.ResponseWriter, r *http.Request) {}

// Run serves the app; the logger comes from the receiver.
func (a *App) Run() error {
	a.mux = http.NewServeMux() // want `router serves 1 routes with no request-logging middleware`
	a.mux.HandleFunc("GET /tasks", a.tasks)
	return http.ListenAndServe(":8080", a.mux)
}
