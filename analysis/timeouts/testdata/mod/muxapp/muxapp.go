package muxapp

import (
	"net"
	"net/http"
	"time"

	"github.com/gorilla/mux"
)

func routes() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/ping", func(w http.ResponseWriter, r *http.Request) {}).Methods(http.MethodGet)
	return r
}

func serve(l net.Listener) error {
	srv := &http.Server{Handler: routes()} // want `http.Server has no ReadHeaderTimeout or ReadTimeout \(nor WriteTimeout, IdleTimeout\)`
	return srv.Serve(l)
}

func serveTLS(l net.Listener) error {
	return http.ServeTLS(l, routes(), "cert.pem", "key.pem") // want `http.ServeTLS uses a server with no timeouts`
}

// Negatives.

func configuredLater(l net.Listener) error {
	srv := &http.Server{Handler: routes()}
	srv.ReadTimeout = 10 * time.Second
	return srv.Serve(l)
}
