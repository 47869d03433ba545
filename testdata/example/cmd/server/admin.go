package main

import (
	"log/slog"
	"net/http"
	"net/http/pprof"
	"time"
)

// adminAddr is where the operators' endpoints listen: the loopback
// interface, reached only from the host itself (ssh, the node's agent).
const adminAddr = "127.0.0.1:6060"

// adminServer serves the runtime profiles operators take when the API is
// slow or grows, apart from the public listener.
func adminServer(addr string, logger *slog.Logger) *http.Server {
	//prodready:ignore no-rate-limit loopback-only operator endpoints; nothing outside the host reaches them
	mux := http.NewServeMux()
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return &http.Server{
		Addr:              addr,
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      time.Minute, // a CPU profile takes 30 seconds by default
		IdleTimeout:       time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}
}
