// Package legacy is excluded by the configuration.
package legacy

import (
	"database/sql"
	"net/http"
)

// Export dumps every item; its finding lands in this excluded package.
func Export(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := db.QueryContext(r.Context(), "SELECT * FROM items"); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}
}
