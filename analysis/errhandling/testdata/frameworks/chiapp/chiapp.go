// Package chiapp is a chi API logging with zap through its receiver.
package chiapp

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
	"go.uber.org/zap"
)

type Task struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type Store interface {
	Get(id string) (*Task, error)
	Delete(id string) error
}

type API struct {
	store Store
	log   *zap.Logger
}

func (a *API) Routes() http.Handler {
	r := chi.NewRouter()
	r.Get("/tasks/{id}", a.getTask)
	r.Delete("/tasks/{id}", a.deleteTask)
	return r
}

func (a *API) getTask(w http.ResponseWriter, r *http.Request) {
	t, err := a.store.Get(chi.URLParam(r, "id"))
	if err != nil {
		a.log.Error("get task", zap.Error(err))
		http.Error(w, err.Error(), http.StatusNotFound) // want `error text from store.Get is sent to the client`
		return
	}
	json.NewEncoder(w).Encode(t)
}

func (a *API) deleteTask(w http.ResponseWriter, r *http.Request) {
	a.store.Delete(chi.URLParam(r, "id")) // want `error from store.Delete is discarded in handler deleteTask`
	w.WriteHeader(http.StatusNoContent)
}
