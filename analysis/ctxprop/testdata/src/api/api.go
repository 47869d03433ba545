package api

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"store"
)

type Server struct {
	store  *store.Store
	db     *sql.DB
	client *http.Client
}

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) {
	projects, err := s.store.ListProjects(1) // want `store.ListProjects cannot take the request's context: it takes no context and calls s.db.Query without one; when the client goes away its query keeps running`
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	_ = json.NewEncoder(w).Encode(projects)
}

func (s *Server) archive(w http.ResponseWriter, r *http.Request) {
	_ = s.store.ArchiveTasks(1) // want `store.ArchiveTasks cannot take the request's context: it takes no context and calls s.db.Exec`
}

func (s *Server) directQuery(w http.ResponseWriter, r *http.Request) {
	rows, err := s.db.Query(`SELECT 1`) // want `s.db.Query does not pass the request's context \(use QueryContext\); when the client goes away the query keeps running`
	if err == nil {
		rows.Close()
	}
}

func (s *Server) begin(w http.ResponseWriter, r *http.Request) {
	tx, err := s.db.Begin() // want `s.db.Begin does not pass the request's context \(use BeginTx\)`
	if err == nil {
		_ = tx.Rollback()
	}
}

func (s *Server) background(w http.ResponseWriter, r *http.Request) {
	_, _ = s.db.ExecContext(context.Background(), `DELETE FROM x`) // want `s.db.ExecContext is given context.Background\(\) instead of the request's context`
}

func (s *Server) proxy(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("https://upstream.invalid/data") // want `http.Get does not pass the request's context; when the client goes away the outbound request keeps running`
	if err == nil {
		resp.Body.Close()
	}
}

func (s *Server) proxyClient(w http.ResponseWriter, r *http.Request) {
	resp, err := s.client.PostForm("https://upstream.invalid/form", url.Values{}) // want `s.client.PostForm does not pass the request's context`
	if err == nil {
		resp.Body.Close()
	}
}

func (s *Server) newRequest(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(http.MethodGet, "https://upstream.invalid/", nil) // want `http.NewRequest builds a request without the request's context \(use NewRequestWithContext\)`
	if err != nil {
		return
	}
	resp, err := s.client.Do(req)
	if err == nil {
		resp.Body.Close()
	}
}

func (s *Server) fetch(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("https://upstream.invalid/data") // want `http.Get does not pass the request's context`
	if err != nil {
		// The upstream is down: say so, do not retry.
		http.Error(w, "upstream unavailable", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
}

func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	var resp *http.Response
	resp, err := s.client.Post("https://upstream.invalid/items", "application/json", r.Body) // want `s.client.Post does not pass the request's context`
	if err != nil {
		http.Error(w, "upstream unavailable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}

func (s *Server) subscribe(w http.ResponseWriter, r *http.Request) {
	form := url.Values{"email": {r.FormValue("email")}}
	resp, err := http.PostForm("https://upstream.invalid/subscribe", form) // want `http.PostForm does not pass the request's context`
	if err != nil {
		http.Error(w, "upstream unavailable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}

// withTimeout derives a context from the request's: the fix passes it.
func (s *Server) withTimeout(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		return
	}
	rows, err := s.db.Query(`SELECT 1`) // want `s.db.Query does not pass the request's context`
	if err == nil {
		rows.Close()
	}
}

// shadowed hides the request behind a loop variable: the finding stands,
// but r.Context() cannot be written there, so no fix is offered.
func (s *Server) shadowed(w http.ResponseWriter, r *http.Request) {
	for _, r := range []string{"a", "b"} {
		_, _ = s.db.Exec(`DELETE FROM x WHERE k = $1`, r) // want `s.db.Exec does not pass the request's context`
	}
}

func (s *Server) handleFactory() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_ = s.db.Ping() // want `s.db.Ping does not pass the request's context \(use PingContext\)`
	}
}

// Negatives.

func (s *Server) getProject(w http.ResponseWriter, r *http.Request) {
	p, err := s.store.GetProject(r.Context(), 1)
	if err != nil {
		return
	}
	_ = json.NewEncoder(w).Encode(p)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

func (s *Server) queryContext(w http.ResponseWriter, r *http.Request) {
	rows, err := s.db.QueryContext(r.Context(), `SELECT 1`)
	if err == nil {
		rows.Close()
	}
}

func (s *Server) withContextRequest(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, "https://upstream.invalid/", nil)
	if err != nil {
		return
	}
	resp, err := s.client.Do(req)
	if err == nil {
		resp.Body.Close()
	}
}

func (s *Server) recontexted(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(http.MethodGet, "https://upstream.invalid/", nil)
	if err != nil {
		return
	}
	req = req.WithContext(r.Context())
	resp, err := s.client.Do(req)
	if err == nil {
		resp.Body.Close()
	}
}

// subRequest builds a request to serve internally: no outbound call.
func (s *Server) subRequest(w http.ResponseWriter, r *http.Request) {
	sub, err := http.NewRequest(http.MethodGet, "/internal/stats", nil)
	if err != nil {
		return
	}
	http.DefaultServeMux.ServeHTTP(w, sub)
}

func (s *Server) detached(w http.ResponseWriter, r *http.Request) {
	go func() {
		_, _ = s.db.Exec(`INSERT INTO audit DEFAULT VALUES`)
		_ = s.store.ArchiveTasks(1)
	}()
	w.WriteHeader(http.StatusAccepted)
}

func (s *Server) migrateLater() { // want migrateLater:"nocontext\\(s.db.Exec via store.\\(\\*Store\\).Migrate\\)"
	_ = s.store.Migrate()
}
