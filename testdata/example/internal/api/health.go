package api

import (
	"context"
	"net/http"
	"time"

	"example.com/taskapi/internal/httputil"
	"example.com/taskapi/internal/store"
)

// healthCheck answers load balancer probes: 200 when the database answers in time, 503 otherwise.
type healthCheck struct {
	store   *store.Store
	timeout time.Duration
}

func (h *healthCheck) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), h.timeout)
	defer cancel()
	if err := h.store.Ping(ctx); err != nil {
		httputil.WriteError(w, http.StatusServiceUnavailable, "database unavailable")
		return
	}
	httputil.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
