// Package reuse has a rate limiter in its middleware package that one
// router does not use.
package reuse

import (
	"net/http"

	"mwpkg"
)

func signup(w http.ResponseWriter, r *http.Request) {}
func tasks(w http.ResponseWriter, r *http.Request)  {}

// Serve limits with the project's Throttle, given the quota in scope.
func Serve(quota *mwpkg.Quota) {
	mux := http.NewServeMux() // want `router serves POST /signup with no rate limiting`
	mux.HandleFunc("POST /signup", signup)
	mux.Handle("GET /tasks", mwpkg.RequireKey(http.HandlerFunc(tasks)))
	http.ListenAndServe(":8080", mux) // the public listener
}
