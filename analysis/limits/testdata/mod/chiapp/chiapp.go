package chiapp

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

type input struct {
	Name string `json:"name"`
}

func Routes() http.Handler {
	r := chi.NewRouter()
	r.Post("/open", open)
	r.Group(func(r chi.Router) {
		r.Use(middleware.RequestSize(1 << 20))
		r.Post("/limited", limited)
	})
	r.With(middleware.RequestSize(1<<20)).Post("/with", withLimited)
	r.Route("/api", func(r chi.Router) {
		r.Use(middleware.RequestSize(1 << 20))
		r.Route("/v1", func(r chi.Router) {
			r.Group(func(r chi.Router) {
				r.Post("/deep", limitedTwoGroupsDown)
			})
		})
	})
	return r
}

func open(w http.ResponseWriter, r *http.Request) {
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in) // want `request body is decoded without a size limit`
}

// Negatives.

func limited(w http.ResponseWriter, r *http.Request) {
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in)
}

func withLimited(w http.ResponseWriter, r *http.Request) {
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in)
}

// limitedTwoGroupsDown is registered two groups below the RequestSize.
func limitedTwoGroupsDown(w http.ResponseWriter, r *http.Request) {
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in)
}
