package a

import (
	"log/slog"
	"net/http"
)

func tasks(w http.ResponseWriter, r *http.Request)  {}
func health(w http.ResponseWriter, r *http.Request) {}

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		slog.Info("request", "method", r.Method, "path", r.URL.Path)
	})
}

// authLogger has "Logger" in its name but logs nothing about the request.
func authLogger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slog.Info("auth checked")
		next.ServeHTTP(w, r)
	})
}

func unlogged() {
	mux := http.NewServeMux() // want `router serves 1 routes with no request-logging middleware`
	mux.HandleFunc("GET /tasks", tasks)
	http.ListenAndServe(":8080", authLogger(mux))
}

func logged() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tasks", tasks)
	http.ListenAndServe(":8081", logRequests(mux))
}

func partlyLogged() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", health) // deliberately quiet
	mux.Handle("GET /tasks", logRequests(http.HandlerFunc(tasks)))
	http.ListenAndServe(":8082", mux)
}
