package muxapp

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"
)

type input struct {
	Name string `json:"name"`
}

// limitBody caps the body of every request it wraps.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		next.ServeHTTP(w, r)
	})
}

func Routes() http.Handler {
	r := mux.NewRouter()
	r.HandleFunc("/items", createItem).Methods(http.MethodPost)

	api := r.PathPrefix("/api").Subrouter()
	api.Use(limitBody)
	v1 := api.PathPrefix("/v1").Subrouter()
	items := v1.PathPrefix("/items").Subrouter()
	items.HandleFunc("", limitedTwoLevelsDown).Methods(http.MethodPost)
	return r
}

func createItem(w http.ResponseWriter, r *http.Request) {
	var in input
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil { // want `request body is decoded without a size limit`
		http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

// Negatives.

// limitedTwoLevelsDown is registered two sub-routers below the one that
// uses limitBody.
func limitedTwoLevelsDown(w http.ResponseWriter, r *http.Request) {
	var in input
	_ = json.NewDecoder(r.Body).Decode(&in)
}
