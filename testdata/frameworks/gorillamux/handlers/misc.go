package handlers

import (
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

func (u *Users) Me(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"name": "api"})
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

// Debug reports runtime statistics.
func Debug(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]int{"goroutines": runtime.NumGoroutine()})
}

// Metrics reports process statistics.
type Metrics struct {
	Started time.Time
}

func (m Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"uptime": time.Since(m.Started).String(), "goroutines": runtime.NumGoroutine()})
}
