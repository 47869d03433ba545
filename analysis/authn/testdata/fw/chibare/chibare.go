package chibare

import (
	"database/sql"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type H struct{ db *sql.DB }

func (h *H) remove(w http.ResponseWriter, r *http.Request) {
	h.db.ExecContext(r.Context(), "DELETE FROM notes WHERE id = $1", chi.URLParam(r, "id"))
}

func Run(h *H) error {
	r := chi.NewRouter()
	r.Delete("/notes/{id}", h.remove) // want `route DELETE /notes/\{id\} reaches chibare.\(\*H\).remove`
	return http.ListenAndServe(":8080", r)
}
