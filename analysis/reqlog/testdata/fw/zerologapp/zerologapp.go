// Package zerologapp logs with zerolog: the scaffold takes the API's
// zerolog.Logger field.
package zerologapp

import (
	"net/http"

	"github.com/rs/zerolog"
)

type API struct {
	Log zerolog.Logger
}

func (a *API) tasks(w http.ResponseWriter, r *http.Request) {}

func (a *API) Serve() error {
	mux := http.NewServeMux() // want `router serves 1 routes with no request-logging middleware`
	mux.HandleFunc("GET /tasks", a.tasks)
	return http.ListenAndServe(":8080", mux)
}
