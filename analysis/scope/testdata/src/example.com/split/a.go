// Package split spreads its handlers over files that import differently:
// fixes must import what they use under the names each file knows.
package split

import (
	"database/sql"
	"net/http"

	authn "example.com/auth"
)

type H struct{ db *sql.DB }

func (h *H) list(w http.ResponseWriter, r *http.Request) {
	me := authn.UserFrom(r.Context())
	if me == nil {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	rows, _ := h.db.Query("SELECT id FROM docs WHERE tenant_id = ?", me.ID)
	defer rows.Close()
}
