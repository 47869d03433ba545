package api

import (
	"net/http"

	"crosspkg/mw"
)

type Handlers struct{}

func (h *Handlers) Me(w http.ResponseWriter, r *http.Request) {
	if _, ok := mw.UserFrom(r.Context()); !ok {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
}

func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {}

func Health(w http.ResponseWriter, r *http.Request) {}

// Register adds the API routes to a mux it receives.
func Register(mux *http.ServeMux, h *Handlers) {
	mux.Handle("GET /tasks", mw.Require("k")(http.HandlerFunc(h.List)))
	mux.HandleFunc("GET /me", h.Me)
}

// NewMux builds and returns a sub-router.
func NewMux(h *Handlers) *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /health", Health)
	Register(m, h)
	return m
}
