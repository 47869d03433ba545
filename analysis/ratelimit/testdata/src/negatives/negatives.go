// Package negatives holds routers that look unlimited but are not.
package negatives

import (
	"net/http"
	"sync"
)

func login(w http.ResponseWriter, r *http.Request) {}
func tasks(w http.ResponseWriter, r *http.Request) {}

type limiter struct {
	mu   sync.Mutex
	hits map[string]int
}

func (l *limiter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.hits[r.RemoteAddr]++
		over := l.hits[r.RemoteAddr] > 50
		l.mu.Unlock()
		if over {
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// mounted: the sub-mux is limited by the limiter around the root it is
// mounted in.
func mounted() {
	l := &limiter{hits: map[string]int{}}
	api := http.NewServeMux()
	api.HandleFunc("POST /login", login)
	root := http.NewServeMux()
	root.Handle("/api/", http.StripPrefix("/api", api))
	http.ListenAndServe(":8080", l.wrap(root))
}

// inServer: the limiter wraps the mux in the http.Server.
func inServer() *http.Server {
	l := &limiter{hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", login)
	mux.HandleFunc("GET /tasks", tasks)
	return &http.Server{Handler: l.wrap(mux)}
}

// library: a route function nobody in the fixture serves.
func Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /login", login)
}
