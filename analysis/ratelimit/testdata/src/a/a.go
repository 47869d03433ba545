package a

import (
	"net/http"
	"sync"
)

func login(w http.ResponseWriter, r *http.Request)  {}
func tasks(w http.ResponseWriter, r *http.Request)  {}
func health(w http.ResponseWriter, r *http.Request) {}

type limiter struct {
	mu   sync.Mutex
	seen map[string]int
}

// limit answers 429 when a client sends too much.
func (l *limiter) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.seen[r.RemoteAddr]++
		n := l.seen[r.RemoteAddr]
		l.mu.Unlock()
		if n > 100 {
			w.Header().Set("Retry-After", "60")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// throttleLogger is named like a limiter but never answers 429.
func throttleLogger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { next.ServeHTTP(w, r) })
}

func unlimited() {
	mux := http.NewServeMux() // want `router serves POST /login with no rate limiting; passwords and tokens can be guessed at full speed`
	mux.HandleFunc("POST /login", login)
	mux.HandleFunc("GET /tasks", tasks)
	http.ListenAndServe(":8080", throttleLogger(mux))
}

func noAuthEndpoints() {
	mux := http.NewServeMux() // want `router serves 2 routes with no rate limiting; one client can exhaust the service`
	mux.HandleFunc("GET /tasks", tasks)
	mux.HandleFunc("GET /login", login) // a login page, not a credential check
	http.ListenAndServe(":8081", mux)
}

func limitedAll() {
	l := &limiter{seen: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", login)
	mux.HandleFunc("GET /tasks", tasks)
	http.ListenAndServe(":8082", l.limit(mux))
}

func limitedButNotLogin() {
	l := &limiter{seen: map[string]int{}}
	mux := http.NewServeMux()
	mux.Handle("GET /tasks", l.limit(http.HandlerFunc(tasks)))
	mux.HandleFunc("POST /token/refresh", login) // want `authentication endpoint POST /token/refresh has no rate limiting although other routes do`
	mux.HandleFunc("GET /healthz", health)
	http.ListenAndServe(":8083", mux)
}
