package handlers

import (
	"fmt"
	"net/http"
	"runtime"
	"time"
)

// Users serves login and user administration.
type Users struct {
	names []string
}

// NewUsers returns the user directory.
func NewUsers() *Users { return &Users{names: []string{"ada", "grace"}} }

func (u *Users) Login(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"token": "issued-elsewhere"})
}

func (u *Users) List(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, u.names)
}

func (u *Users) Delete(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

// Health returns a liveness probe reporting version and uptime.
func Health(version string) http.HandlerFunc {
	started := time.Now()
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"version": version, "uptime": time.Since(started).String()})
	}
}

// Ping answers "pong".
func Ping(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "pong")
}

// Debug reports runtime statistics.
func Debug(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]int{"goroutines": runtime.NumGoroutine()})
}

// Stats reports how many tasks exist and how many are done.
type Stats struct {
	Tasks *Tasks
}

func (s Stats) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.Tasks.mu.Lock()
	defer s.Tasks.mu.Unlock()
	done := 0
	for _, t := range s.Tasks.items {
		if t.Done {
			done++
		}
	}
	writeJSON(w, http.StatusOK, map[string]int{"total": len(s.Tasks.items), "done": done})
}
