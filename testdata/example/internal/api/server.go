// Package api serves the task API over HTTP: the Server, its routes, and the handlers for
// accounts, projects and tasks.
package api

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"example.com/taskapi/internal/auth"
	"example.com/taskapi/internal/httputil"
	"example.com/taskapi/internal/store"
)

const (
	accessTokenTTL  = 15 * time.Minute
	refreshTokenTTL = 30 * 24 * time.Hour
)

// Server holds the dependencies the handlers share.
type Server struct {
	store  *store.Store
	auth   *auth.Authenticator
	logger *slog.Logger
}

// NewServer returns a Server backed by st that authenticates callers with a.
func NewServer(st *store.Store, a *auth.Authenticator, logger *slog.Logger) *Server {
	return &Server{store: st, auth: a, logger: logger}
}

// Routes returns the handler serving every endpoint of the API.
func (s *Server) Routes() http.Handler {
	mux := http.NewServeMux()

	// Public: probes, account creation and the token endpoints.
	mux.Handle("GET /healthz", &healthCheck{store: s.store, timeout: 2 * time.Second})
	mux.HandleFunc("POST /signup", s.signup)
	mux.HandleFunc("POST /login", s.handleLogin())
	mux.HandleFunc("POST /token/refresh", s.refreshToken)

	// getMe checks the token itself: clients call it to learn whether their token still works.
	mux.HandleFunc("GET /me", s.getMe)
	mux.HandleFunc("GET /users/lookup", s.lookupUser)

	mux.Handle("GET /tasks", s.auth.RequireUser(http.HandlerFunc(s.listTasks)))
	mux.Handle("POST /tasks", s.auth.RequireUser(http.HandlerFunc(s.createTask)))
	mux.Handle("GET /tasks/{id}", s.auth.RequireUser(http.HandlerFunc(s.getTask)))
	mux.Handle("PATCH /tasks/{id}", s.auth.RequireUser(http.HandlerFunc(s.updateTask)))
	mux.Handle("DELETE /tasks/{id}", s.auth.RequireUser(http.HandlerFunc(s.deleteTask)))
	mux.Handle("POST /tasks/{id}/complete", s.auth.RequireUser(http.HandlerFunc(s.completeTask)))

	mux.Handle("GET /projects", s.auth.RequireUser(http.HandlerFunc(s.listProjects)))
	mux.Handle("POST /projects", s.auth.RequireUser(http.HandlerFunc(s.createProject)))
	mux.Handle("GET /projects/{id}", s.auth.RequireUser(http.HandlerFunc(s.getProject)))
	mux.Handle("GET /projects/{id}/members", s.auth.RequireUser(http.HandlerFunc(s.listMembers)))
	mux.Handle("POST /projects/{id}/members", s.auth.RequireUser(http.HandlerFunc(s.addMember)))
	mux.Handle("DELETE /projects/{id}/members/{userID}", s.auth.RequireUser(http.HandlerFunc(s.removeMember)))

	return mux
}

// internalError logs err and answers 500 without revealing it.
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	httputil.WriteError(w, http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError))
}

// pathID parses the path wildcard name as a positive id.
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// unauthorized answers 401; handlers behind RequireUser only reach it if the wiring is wrong.
func unauthorized(w http.ResponseWriter) {
	httputil.WriteError(w, http.StatusUnauthorized, http.StatusText(http.StatusUnauthorized))
}
