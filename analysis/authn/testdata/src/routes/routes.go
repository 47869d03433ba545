package routes

import (
	"database/sql"
	"net/http"
)

type H struct{ DB *sql.DB }

func (h *H) Purge(w http.ResponseWriter, r *http.Request) { h.DB.Exec("DELETE FROM logs") }

// Register is a library route function: its chain is only known at the caller.
func Register(mux *http.ServeMux, h *H) {
	mux.HandleFunc("POST /purge", h.Purge)
}
