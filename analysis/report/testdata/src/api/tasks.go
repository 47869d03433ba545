package api

import (
	"database/sql"
	"fmt"
	"net/http"
)

type Server struct{ db *sql.DB }

func (s *Server) getTask(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	row := s.db.QueryRow("SELECT title FROM tasks WHERE id = " + id)
	var title string
	if err := row.Scan(&title); err != nil {
		fmt.Fprintf(w, "échec 😀: %v", err)
		return
	}
	fmt.Fprintln(w, title)
}
