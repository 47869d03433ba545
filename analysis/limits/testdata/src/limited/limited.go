// Package limited registers handlers behind body-limit middleware.
package limited

import (
	"encoding/json"
	"net/http"

	"httputil"
)

type input struct{ Name string }

func Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("POST /a", httputil.Limit(1<<20)(http.HandlerFunc(behindMiddleware)))
	mux.Handle("POST /b", http.MaxBytesHandler(http.HandlerFunc(behindMaxBytesHandler), 1<<20))
	mux.Handle("POST /c", httputil.Limit(1<<20)(http.HandlerFunc(sometimesLimited)))
	mux.HandleFunc("POST /d", sometimesLimited)
	mux.HandleFunc("POST /e", unlimited)
	return mux
}

func Serve() error {
	srv := &http.Server{Addr: ":8080", Handler: Routes()}
	return srv.ListenAndServe()
}

func behindMiddleware(w http.ResponseWriter, r *http.Request) {
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in)
}

func behindMaxBytesHandler(w http.ResponseWriter, r *http.Request) {
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in)
}

func sometimesLimited(w http.ResponseWriter, r *http.Request) {
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in) // want `request body is decoded without a size limit`
}

func unlimited(w http.ResponseWriter, r *http.Request) {
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in) // want `request body is decoded without a size limit`
}
