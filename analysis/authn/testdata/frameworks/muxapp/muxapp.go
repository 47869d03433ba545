package muxapp

import (
	"net/http"

	"github.com/gorilla/mux"

	"example.com/authfx/store"
)

type H struct{ S *store.Store }

func (h *H) list(w http.ResponseWriter, r *http.Request) { h.S.ListNotes(r.Context()) }
func (h *H) delete(w http.ResponseWriter, r *http.Request) {
	h.S.DeleteNote(r.Context(), mux.Vars(r)["id"])
}
func health(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }

func requireAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func Routes(h *H) {
	r := mux.NewRouter()
	r.HandleFunc("/healthz", health).Methods("GET")
	api := r.PathPrefix("/api").Subrouter()
	api.Use(requireAuth)
	api.HandleFunc("/notes", h.list).Methods("GET")         // protected by the sub-router
	r.HandleFunc("/notes/{id}", h.delete).Methods("DELETE") // want `route DELETE /notes/\{id\} reaches muxapp.\(\*H\).delete`
	http.ListenAndServe(":8080", r)
}
