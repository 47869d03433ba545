// Package handlers implements the service's endpoints over an in-memory task list.
package handlers

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"github.com/gorilla/mux"
)

// Task is one to-do item.
type Task struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// Tasks serves the task endpoints.
type Tasks struct {
	mu    sync.Mutex
	items []Task
}

// NewTasks returns an empty task list.
func NewTasks() *Tasks { return &Tasks{} }

func (t *Tasks) List(w http.ResponseWriter, r *http.Request) {
	t.mu.Lock()
	defer t.mu.Unlock()
	writeJSON(w, http.StatusOK, t.items)
}

func (t *Tasks) Create(w http.ResponseWriter, r *http.Request) {
	var in Task
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&in); err != nil || in.Title == "" {
		http.Error(w, "a task needs a title", http.StatusBadRequest)
		return
	}
	t.mu.Lock()
	in.ID = len(t.items) + 1
	t.items = append(t.items, in)
	t.mu.Unlock()
	writeJSON(w, http.StatusCreated, in)
}

// task returns the task named by the id URL parameter; the caller holds t.mu.
func (t *Tasks) task(r *http.Request) (*Task, bool) {
	id, err := strconv.Atoi(mux.Vars(r)["id"])
	if err != nil || id < 1 || id > len(t.items) {
		return nil, false
	}
	return &t.items[id-1], true
}

func (t *Tasks) Get(w http.ResponseWriter, r *http.Request) {
	t.mu.Lock()
	defer t.mu.Unlock()
	it, ok := t.task(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, it)
}

func (t *Tasks) Update(w http.ResponseWriter, r *http.Request) {
	var in Task
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&in); err != nil || in.Title == "" {
		http.Error(w, "a task needs a title", http.StatusBadRequest)
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	it, ok := t.task(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	it.Title, it.Done = in.Title, in.Done
	writeJSON(w, http.StatusOK, it)
}

func (t *Tasks) Complete(w http.ResponseWriter, r *http.Request) {
	t.mu.Lock()
	defer t.mu.Unlock()
	it, ok := t.task(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	it.Done = true
	writeJSON(w, http.StatusOK, it)
}

// Export returns a handler writing all tasks in format ("csv" or "json").
func (t *Tasks) Export(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		t.mu.Lock()
		defer t.mu.Unlock()
		if format == "json" {
			writeJSON(w, http.StatusOK, t.items)
			return
		}
		w.Header().Set("Content-Type", "text/csv")
		cw := csv.NewWriter(w)
		for _, it := range t.items {
			_ = cw.Write([]string{strconv.Itoa(it.ID), it.Title, strconv.FormatBool(it.Done)})
		}
		cw.Flush()
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
