// Package nolog has no logger: the scaffold logs with slog's default.
package nolog

import "net/http"

func tasks(w http.ResponseWriter, r *http.Request) {}

func Main() {
	mux := http.NewServeMux() // want `router serves 1 routes with no request-logging middleware`
	mux.HandleFunc("GET /tasks", tasks)
	http.ListenAndServe(":8080", mux)
}
