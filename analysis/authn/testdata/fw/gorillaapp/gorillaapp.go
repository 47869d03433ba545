package gorillaapp

import (
	"database/sql"
	"net/http"

	"github.com/gorilla/mux"
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
	h.db.ExecContext(r.Context(), "DELETE FROM notes WHERE id = $1", mux.Vars(r)["id"])
}

func Run(h *H) error {
	r := mux.NewRouter()
	api := r.PathPrefix("/api").Subrouter()
	api.Use(requireToken)
	api.HandleFunc("/notes", h.list).Methods("GET")
	r.HandleFunc("/notes/{id}", h.remove).Methods("DELETE") // want `route DELETE /notes/\{id\} reaches gorillaapp.\(\*H\).remove`
	r.Path("/notes").Methods("POST").HandlerFunc(h.remove)  // want `route POST /notes reaches gorillaapp.\(\*H\).remove`
	return http.ListenAndServe(":8080", r)
}
