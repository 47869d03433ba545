package api

import "net/http"

func signup(w http.ResponseWriter, r *http.Request) {}

// Routes builds the router; main serves it.
func Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /signup", signup)
	return mux
}
