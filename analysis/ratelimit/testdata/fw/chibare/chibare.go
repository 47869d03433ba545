// Package chibare has no limiter: one is scaffolded.
package chibare

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func login(w http.ResponseWriter, r *http.Request) {}

type server struct {
	router *chi.Mux
}

// newServer creates the router in a field; the limiter goes right after.
func newServer() *server {
	s := &server{}
	s.router = chi.NewRouter() // want `router serves POST /login with no rate limiting`

	s.router.Post("/login", login)
	return s
}

func (s *server) run() error {
	return http.ListenAndServe(":8080", s.router)
}
