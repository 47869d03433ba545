// Package scaffold has no request logger: one is scaffolded on its slog
// logger.
package scaffold

import (
	"log/slog"
	"net/http"
	"time"
)

func tasks(w http.ResponseWriter, r *http.Request) {}

// Server returns the API server; it logs with logger.
func Server(addr string, logger *slog.Logger) *http.Server {
	mux := http.NewServeMux() // want `router serves 1 routes with no request-logging middleware`
	mux.HandleFunc("GET /tasks", tasks)
	return &http.Server{
		Addr:              addr,
		Handler:           mux, // every route
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}
}
