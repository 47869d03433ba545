// Package reuse applies the project's request logger to the router that
// lacks it.
package reuse

import (
	"log/slog"
	"net/http"

	"logpkg"
)

func tasks(w http.ResponseWriter, r *http.Request) {}

func Serve(logger *slog.Logger) {
	public := http.NewServeMux()
	public.HandleFunc("GET /tasks", tasks)
	go http.ListenAndServe(":8080", logpkg.Requests(logger)(public))

	admin := http.NewServeMux() // want `router serves 1 routes with no request-logging middleware`
	admin.HandleFunc("GET /debug/vars", tasks)
	http.ListenAndServe("127.0.0.1:6060", logpkg.Tag(admin))
}
