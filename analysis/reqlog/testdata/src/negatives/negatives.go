// Package negatives holds routers that are logged although it does not
// show at their registrations.
package negatives

import (
	"log/slog"
	"net/http"
)

func tasks(w http.ResponseWriter, r *http.Request) {}

func logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		slog.Info("request", "method", r.Method, "url", r.URL.String())
	})
}

// inServer: a logger wraps the whole mux in http.Server.
func inServer() *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tasks", tasks)
	return &http.Server{Addr: ":8080", Handler: logged(mux)}
}

// mounted: the sub-mux is logged by the wrapper around the root.
func mounted() {
	api := http.NewServeMux()
	api.HandleFunc("GET /tasks", tasks)
	root := http.NewServeMux()
	root.Handle("/api/", http.StripPrefix("/api", api))
	http.ListenAndServe(":8081", logged(root))
}
