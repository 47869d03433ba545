// Package muxapp is a gorilla/mux API logging with zerolog's global logger.
package muxapp

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"
	"github.com/rs/zerolog/log"
)

type Task struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type Store interface {
	Get(id string) (*Task, error)
	Delete(id string) error
}

type API struct{ store Store }

func (a *API) Routes() http.Handler {
	r := mux.NewRouter()
	r.HandleFunc("/tasks/{id}", a.getTask).Methods(http.MethodGet)
	r.HandleFunc("/tasks/{id}", a.deleteTask).Methods(http.MethodDelete)
	return r
}

func (a *API) getTask(w http.ResponseWriter, r *http.Request) {
	t, err := a.store.Get(mux.Vars(r)["id"])
	if err != nil {
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]string{"error": err.Error()}) // want `error text from store.Get is sent to the client`
		return
	}
	json.NewEncoder(w).Encode(t)
}

func (a *API) deleteTask(w http.ResponseWriter, r *http.Request) {
	if err := a.store.Delete(mux.Vars(r)["id"]); err != nil {
		log.Error().Err(err).Msg("delete task")
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError) // want `http.Error writes an error response but the handler goes on`
	}
	w.WriteHeader(http.StatusNoContent)
}
