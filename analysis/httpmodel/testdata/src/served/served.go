package served

import (
	"log/slog"
	"net/http"
	"time"
)

func tasks(w http.ResponseWriter, r *http.Request) {}

// logRequests logs each request.
func logRequests(next http.Handler) http.Handler { // want `middleware served.logRequests: logging`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		slog.Info("request", "method", r.Method)
	})
}

// limit answers 429 to everyone.
func limit() func(http.Handler) http.Handler { // want `middleware served.limit: rate-limit`
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Has("slow") {
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// passThrough answers no concern: it is not listed.
func passThrough(next http.Handler) http.Handler { return next }

func listen() {
	mux := http.NewServeMux() // want `router served at logRequests\(limit\(\)\(mux\)\), router mux`
	mux.HandleFunc("GET /tasks", tasks)
	http.ListenAndServe(":8080", logRequests(limit()(mux)))
}

func server() *http.Server {
	mux := http.NewServeMux() // want `router served at passThrough\(mux\), router mux`
	mux.HandleFunc("GET /tasks", tasks)
	return &http.Server{Handler: passThrough(mux), ReadHeaderTimeout: time.Second}
}

func field() {
	var srv http.Server
	mux := http.NewServeMux() // want `router served at mux, router mux`
	mux.HandleFunc("GET /tasks", tasks)
	srv.Handler = mux
	srv.ListenAndServe()
}

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tasks", tasks)
	return mux
}

func viaRoutes() {
	http.ListenAndServe(":8081", http.StripPrefix("/api", routes())) // want `router served at http.StripPrefix\("/api", routes\(\)\), router routes\(\)`
}

func notServed() {
	mux := http.NewServeMux() // want `router served nowhere`
	mux.HandleFunc("GET /tasks", tasks)
}

func defaultMux() {
	http.HandleFunc("GET /tasks", tasks) // want `router served nowhere`
	http.ListenAndServe(":8082", nil)
}
