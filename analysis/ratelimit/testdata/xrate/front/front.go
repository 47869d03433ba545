// Package front limits requests in its handlers rather than in middleware:
// one handler takes every request and dispatches by path behind a limiter
// per client, as ntfy's server does; another route asks a limiter inline.
// Neither router is reported.
package front

import (
	"errors"
	"net"
	"net/http"
	"sync"

	"golang.org/x/time/rate"
)

var errTooManyRequests = errors.New("too many requests")

type handleFunc func(w http.ResponseWriter, r *http.Request) error

// visitor is one client and its bucket.
type visitor struct {
	limiter *rate.Limiter
}

func (v *visitor) requestAllowed() bool { return v.limiter.Allow() }

type server struct {
	mu       sync.Mutex
	visitors map[string]*visitor
}

func (s *server) visitor(r *http.Request) *visitor {
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.visitors[ip]
	if !ok {
		v = &visitor{limiter: rate.NewLimiter(10, 20)}
		s.visitors[ip] = v
	}
	return v
}

// limit refuses a request once its client's bucket is empty.
func (s *server) limit(next handleFunc) handleFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !s.visitor(r).requestAllowed() {
			return errTooManyRequests
		}
		return next(w, r)
	}
}

func (s *server) login(w http.ResponseWriter, r *http.Request) error { return nil }

func (s *server) publish(w http.ResponseWriter, r *http.Request) error { return nil }

func (s *server) route(w http.ResponseWriter, r *http.Request) error {
	switch r.URL.Path {
	case "/login":
		return s.limit(s.login)(w, r)
	default:
		return s.limit(s.publish)(w, r)
	}
}

// handle is the one handler of the mux.
func (s *server) handle(w http.ResponseWriter, r *http.Request) {
	if err := s.route(w, r); errors.Is(err, errTooManyRequests) {
		http.Error(w, err.Error(), http.StatusTooManyRequests)
	}
}

// Serve answers every path through handle.
func Serve() error {
	s := &server{visitors: map[string]*visitor{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/", s.handle)
	return http.ListenAndServe(":8080", mux)
}

var tokens = rate.NewLimiter(1, 3)

// ServeToken asks the limiter in the handler itself.
func ServeToken() error {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		if !tokens.Allow() {
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
	})
	return http.ListenAndServe(":8081", mux)
}
