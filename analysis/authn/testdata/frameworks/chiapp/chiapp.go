package chiapp

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/authfx/store"
)

type H struct{ S *store.Store }

func (h *H) list(w http.ResponseWriter, r *http.Request) { h.S.ListNotes(r.Context()) }
func (h *H) delete(w http.ResponseWriter, r *http.Request) {
	h.S.DeleteNote(r.Context(), chi.URLParam(r, "id"))
}
func health(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }

func requireAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// authLogger is named like auth but only passes requests on.
func authLogger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { next.ServeHTTP(w, r) })
}

func Routes(h *H) {
	r := chi.NewRouter()
	r.Get("/healthz", health)
	r.Route("/api", func(r chi.Router) {
		r.Use(requireAuth)
		r.Get("/notes", h.list) // protected by the parent group
	})
	r.With(authLogger).Delete("/notes/{id}", h.delete) // want `route DELETE /notes/\{id\} reaches chiapp.\(\*H\).delete`
	r.Group(func(r chi.Router) {
		r.Use(requireAuth)
		r.Delete("/admin/notes/{id}", h.delete)
	})
	http.ListenAndServe(":8080", r)
}
