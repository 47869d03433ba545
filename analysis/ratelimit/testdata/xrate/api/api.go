// Package api is in a module that requires golang.org/x/time: the
// scaffolded buckets are rate.Limiters.
package api

import (
	"net/http"

	"golang.org/x/time/rate"
)

func signup(w http.ResponseWriter, r *http.Request) {}

// budget limits outgoing mail, not requests.
var budget = rate.NewLimiter(1, 5)

func Serve() error {
	mux := http.NewServeMux() // want `router serves POST /signup with no rate limiting`
	mux.HandleFunc("POST /signup", signup)
	return http.ListenAndServe(":8080", mux)
}
