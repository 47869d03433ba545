package basic

import (
	"log"
	"net/http"
	"path"
)

type Server struct{ mux *http.ServeMux }

func (s *Server) getTask(w http.ResponseWriter, r *http.Request) {}

func (s *Server) handleList() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {}
}

func requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// authLogger says auth but never rejects.
func authLogger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Printf("%s %s", r.Method, r.URL.Path)
		next.ServeHTTP(w, r)
	})
}

type static struct{}

func (static) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

func (s *Server) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tasks/{id}", s.getTask)                                   // want `route GET /tasks/\{id\} -> basic.\(\*Server\).getTask \[basic.authLogger\] auth=false logged=true`
	mux.Handle("GET /tasks", requireUser(s.handleList()))                          // want `route GET /tasks -> basic.\(\*Server\).handleList \[basic.authLogger basic.requireUser\] auth=true logged=true`
	mux.Handle("/static/", static{})                                               // want `route ANY /static/ -> basic.static.ServeHTTP \[basic.authLogger\] auth=false logged=true`
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {}) // want `route POST /login -> func literal at .*basic.go:44 \[basic.authLogger\]`
	return authLogger(mux)
}

func Main(path string) {
	s := &Server{}
	http.HandleFunc(path, s.getTask) // want `unresolved: path is not a constant`
	log.Fatal(http.ListenAndServe(":8080", s.Routes()))
}

// perm is a middleware with extra arguments, used through a variable.
func (s *Server) perm(next http.HandlerFunc, perms ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Perm") == "" {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next(w, r)
	}
}

const apiBase = "/api"

func (s *Server) More(mux *http.ServeMux) {
	pm := s.perm
	mux.HandleFunc(path.Join(apiBase, "settings"), pm(s.getTask, "settings:get")) // want `route ANY /api/settings -> basic.\(\*Server\).getTask \[basic.\(\*Server\).perm\] auth=true`
}

func Serve() {
	mux := http.NewServeMux()
	new(Server).More(mux)
	http.ListenAndServe(":8080", mux)
}
