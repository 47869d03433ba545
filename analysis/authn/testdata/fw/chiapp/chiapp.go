package chiapp

import (
	"database/sql"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type H struct{ db *sql.DB }

// requireToken answers 401 to requests without a token.
func requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (h *H) list(w http.ResponseWriter, r *http.Request) {
	rows, _ := h.db.QueryContext(r.Context(), "SELECT body FROM notes")
	rows.Close()
}

func (h *H) remove(w http.ResponseWriter, r *http.Request) {
	h.db.ExecContext(r.Context(), "DELETE FROM notes WHERE id = $1", chi.URLParam(r, "id"))
}

func Run(h *H) error {
	r := chi.NewRouter()
	r.With(requireToken).Get("/notes", h.list)
	r.Delete("/notes/{id}", h.remove) // want `route DELETE /notes/\{id\} reaches chiapp.\(\*H\).remove`
	r.Route("/admin", func(r chi.Router) {
		r.Post("/purge", h.remove) // want `route POST /admin/purge reaches chiapp.\(\*H\).remove`
	})
	return http.ListenAndServe(":8080", r)
}
