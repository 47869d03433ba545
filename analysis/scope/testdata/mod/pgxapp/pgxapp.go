// Package pgxapp has chi and gorilla/mux handlers querying with pgx.
package pgxapp

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"
	"github.com/gorilla/mux"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Invoice struct {
	ID        uuid.UUID
	AccountID uuid.UUID
	Total     int64
}

type H struct {
	pool *pgxpool.Pool
}

type principal struct{ AccountID uuid.UUID }

func principalFrom(ctx context.Context) principal { return principal{} }

func (h *H) get(w http.ResponseWriter, r *http.Request) {
	id, err := uuid.Parse(chi.URLParam(r, "id"))
	if err != nil {
		return
	}
	var inv Invoice
	err = h.pool.QueryRow(r.Context(), "SELECT id, account_id, total FROM invoices WHERE id = $1", id).Scan(&inv.ID, &inv.AccountID, &inv.Total) // want `invoice id from the request path reaches the query`
	_ = err
}

func (h *H) delete(w http.ResponseWriter, r *http.Request) {
	h.pool.Exec(r.Context(), "DELETE FROM invoices WHERE id = @id", pgx.NamedArgs{"id": mux.Vars(r)["id"]}) // want `invoice id from the request path reaches the query "DELETE FROM invoices WHERE id = @id"`
}

func (h *H) inTx(w http.ResponseWriter, r *http.Request) {
	tx, err := h.pool.Begin(r.Context())
	if err != nil {
		return
	}
	defer tx.Rollback(r.Context())
	tx.Exec(r.Context(), "UPDATE invoices SET paid = true WHERE id = $1", chi.URLParam(r, "id")) // want `invoice id .*change another user's invoice`
}

// --- not reported ---

func (h *H) getChecked(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	var inv Invoice
	if err := h.pool.QueryRow(r.Context(), "SELECT id, account_id, total FROM invoices WHERE id = $1", chi.URLParam(r, "id")).Scan(&inv.ID, &inv.AccountID, &inv.Total); err != nil {
		return
	}
	if inv.AccountID != p.AccountID {
		http.NotFound(w, r)
	}
}

func (h *H) getScoped(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	h.pool.QueryRow(r.Context(), "SELECT total FROM invoices WHERE id = $1 AND account_id = $2::uuid", chi.URLParam(r, "id"), p.AccountID)
}

func (h *H) deleteScoped(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	h.pool.Exec(r.Context(), "DELETE FROM invoices WHERE id = @id AND account_id = @acct", pgx.NamedArgs{"id": mux.Vars(r)["id"], "acct": p.AccountID})
}

func (h *H) admin(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	h.pool.Exec(r.Context(), "UPDATE accounts SET plan = $1 WHERE id = $2", r.FormValue("plan"), p.AccountID)
}
