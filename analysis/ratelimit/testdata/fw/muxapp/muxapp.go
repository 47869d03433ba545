// Package muxapp has gorilla/mux routers.
package muxapp

import (
	"net/http"

	"github.com/gorilla/mux"
)

func login(w http.ResponseWriter, r *http.Request) {}
func tasks(w http.ResponseWriter, r *http.Request) {}

// Unlimited gets a scaffolded limiter through Use: gorilla/mux builds the
// chain on every request, so the limiter's state lives in rateLimit's
// closure, not in the middleware.
func Unlimited() {
	r := mux.NewRouter().StrictSlash(true) // want `router serves POST /login with no rate limiting`
	r.HandleFunc("/login", login).Methods("POST")
	api := r.PathPrefix("/api").Subrouter()
	api.HandleFunc("/tasks", tasks).Methods("GET")
	http.ListenAndServe(":8080", r)
}
