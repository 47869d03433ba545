package a

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"

	"store"
)

type ctxKey struct{}

type User struct{ ID int64 }

func currentUser(ctx context.Context) (*User, bool) {
	u, ok := ctx.Value(ctxKey{}).(*User)
	return u, ok
}

type Server struct {
	db    *sql.DB
	store *store.Store
	tasks TaskStore
}

type TaskStore interface {
	DeleteTask(ctx context.Context, id string) error
}

func requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := currentUser(r.Context()); !ok {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// authLogger is named like auth but never rejects.
func authLogger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { next.ServeHTTP(w, r) })
}

func (s *Server) getTask(w http.ResponseWriter, r *http.Request) {
	t, _ := s.store.GetTask(r.Context(), 1)
	json.NewEncoder(w).Encode(t)
}

func (s *Server) deleteTask(w http.ResponseWriter, r *http.Request) {
	s.tasks.DeleteTask(r.Context(), r.PathValue("id"))
}

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) {
	rows, _ := s.db.Query("SELECT id FROM projects")
	rows.Close()
}

// me checks the user itself.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	u, ok := currentUser(r.Context())
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	t, _ := s.store.GetTask(r.Context(), u.ID)
	json.NewEncoder(w).Encode(t)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	s.db.Exec("UPDATE users SET last_login = now()")
}

func version(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(store.Version()))
}

func (s *Server) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tasks/{id}", s.getTask)                              // want `route GET /tasks/\{id\} reaches a.\(\*Server\).getTask, which reads or changes data, with no authentication`
	mux.HandleFunc("DELETE /tasks/{id}", s.deleteTask)                        // want `route DELETE /tasks/\{id\} reaches a.\(\*Server\).deleteTask`
	mux.Handle("GET /projects", authLogger(http.HandlerFunc(s.listProjects))) // want `route GET /projects reaches`
	mux.Handle("GET /secure/projects", requireUser(http.HandlerFunc(s.listProjects)))
	mux.HandleFunc("GET /me", s.me)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("GET /version", version)
	// A capability URL: the unguessable id in the path is the credential.
	mux.HandleFunc("GET /unsubscribe/{subUUID}", s.listProjects)
	mux.HandleFunc("POST /invites/{token}/accept", s.listProjects)
	mux.HandleFunc("GET /auth/oidc", s.listProjects) // an OpenID Connect callback
	mux.HandleFunc("POST /notes", func(w http.ResponseWriter, r *http.Request) { // want `route POST /notes reaches a func literal`
		s.db.Exec("INSERT INTO notes DEFAULT VALUES")
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		s.db.PingContext(r.Context())
	})
	return mux
}

func main() {
	s := &Server{}
	api := http.NewServeMux()
	api.HandleFunc("GET /items", s.listProjects)
	root := http.NewServeMux()
	root.Handle("/api/", requireUser(api)) // protected by the wrapper around the mounted mux
	http.ListenAndServe(":8080", root)
	http.ListenAndServe(":8081", s.Routes())
}
