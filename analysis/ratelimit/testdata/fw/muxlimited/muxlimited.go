// Package muxlimited has gorilla/mux routers limited by the project.
package muxlimited

import (
	"net/http"

	"github.com/gorilla/mux"
)

func login(w http.ResponseWriter, r *http.Request) {}

// ParentLimited: the sub-router's routes are limited by its parent's Use.
func ParentLimited() {
	r := mux.NewRouter()
	r.Use(rateLimitAll)
	api := r.PathPrefix("/api").Subrouter()
	api.HandleFunc("/token", login).Methods("POST")
	http.ListenAndServe(":8081", r)
}

func rateLimitAll(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Throttle") != "" {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}
