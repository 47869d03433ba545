// Package pgxapp uses pgx v5 directly and through a pool.
package pgxapp

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Repo struct{ pool *pgxpool.Pool }

// Archive splices a table name: reported here, callers are flows.
func (r *Repo) Archive(ctx context.Context, table string, id int64) error { // want Archive:`sqlconcat\(param 1 spliced into SQL \(identifier\)\)`
	_, err := r.pool.Exec(ctx, "UPDATE "+table+" SET archived = true WHERE id = $1", id) // want `SQL text is built with \+ from table, which is used as an identifier \(UPDATE\)`
	return err
}

func handle(conn *pgx.Conn, repo *Repo) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		status := r.FormValue("status")
		rows, err := conn.Query(ctx, fmt.Sprintf("SELECT id FROM orders WHERE status = '%s' AND total > $1", status), 10) // want `SQL text is built with fmt.Sprintf from status \(from the request form\)`
		if err == nil {
			rows.Close()
		}
		repo.Archive(ctx, r.FormValue("kind"), 1)

		// Negatives: pgx placeholders, identifiers sanitised by pgx.
		conn.QueryRow(ctx, "SELECT id FROM orders WHERE status = $1", status)
		tbl := pgx.Identifier{"public", r.FormValue("t")}.Sanitize()
		conn.Exec(ctx, "TRUNCATE "+tbl)
		var b strings.Builder
		b.WriteString("SELECT id FROM orders WHERE id IN (")
		for i := range 3 {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", i+1)
		}
		b.WriteString(")")
		conn.Query(ctx, b.String(), 1, 2, 3)
		var batch pgx.Batch
		batch.Queue("DELETE FROM orders WHERE status = $1", status)
	}
}
