package chiapp

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"example.com/app/server"
)

func routes() http.Handler {
	r := chi.NewRouter()
	r.Get("/ping", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	return r
}

func serveDefault() error {
	r := chi.NewRouter()
	r.Mount("/", routes())
	return http.ListenAndServe(":8080", r) // want `http.ListenAndServe uses a server with no timeouts`
}

// Negatives.

// fromHelper: the server comes from a helper of another package that
// sets every timeout.
func fromHelper() error {
	return server.New(":8080", routes()).ListenAndServe()
}

func headerTimeoutOnly() error {
	srv := &http.Server{Addr: ":8080", Handler: routes(), ReadHeaderTimeout: 5 * time.Second}
	return srv.ListenAndServe()
}
