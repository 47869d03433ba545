package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"example.com/taskapi/internal/auth"
	"example.com/taskapi/internal/httputil"
	"example.com/taskapi/internal/store"
)

type taskInput struct {
	Title     string     `json:"title"`
	ProjectID *int64     `json:"project_id"`
	Done      *bool      `json:"done"`
	DueAt     *time.Time `json:"due_at"`
}

func (s *Server) listTasks(w http.ResponseWriter, r *http.Request) {
	user, ok := auth.UserFrom(r.Context())
	if !ok {
		unauthorized(w)
		return
	}
	order := r.URL.Query().Get("sort")
	if order == "" {
		order = "created_at"
	}
	tasks, err := s.store.ListTasks(r.Context(), user.ID, order)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	httputil.WriteJSON(w, http.StatusOK, tasks)
}

func (s *Server) createTask(w http.ResponseWriter, r *http.Request) {
	user, ok := auth.UserFrom(r.Context())
	if !ok {
		unauthorized(w)
		return
	}
	var in taskInput
	if err := httputil.DecodeJSON(w, r, &in); err != nil {
		httputil.WriteError(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	if strings.TrimSpace(in.Title) == "" {
		httputil.WriteError(w, http.StatusUnprocessableEntity, "title is required")
		return
	}
	if in.ProjectID != nil {
		// A task may only be filed under a project the caller belongs to.
		_, err := s.store.GetProjectForMember(r.Context(), *in.ProjectID, user.ID)
		if errors.Is(err, store.ErrNotFound) {
			httputil.WriteError(w, http.StatusUnprocessableEntity, "unknown project")
			return
		}
		if err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	t := &store.Task{OwnerID: user.ID, ProjectID: in.ProjectID, Title: in.Title, DueAt: in.DueAt}
	if in.Done != nil {
		t.Done = *in.Done
	}
	if err := s.store.CreateTask(r.Context(), t); err != nil {
		s.internalError(w, r, err)
		return
	}
	httputil.WriteJSON(w, http.StatusCreated, t)
}

func (s *Server) getTask(w http.ResponseWriter, r *http.Request) {
	user, ok := auth.UserFrom(r.Context())
	if !ok {
		unauthorized(w)
		return
	}
	id, ok := pathID(r, "id")
	if !ok {
		httputil.WriteError(w, http.StatusNotFound, "task not found")
		return
	}
	t, err := s.store.GetTaskForUser(r.Context(), id, user.ID)
	if errors.Is(err, store.ErrNotFound) {
		httputil.WriteError(w, http.StatusNotFound, "task not found")
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	httputil.WriteJSON(w, http.StatusOK, t)
}

func (s *Server) updateTask(w http.ResponseWriter, r *http.Request) {
	user, ok := auth.UserFrom(r.Context())
	if !ok {
		unauthorized(w)
		return
	}
	id, ok := pathID(r, "id")
	if !ok {
		httputil.WriteError(w, http.StatusNotFound, "task not found")
		return
	}
	t, err := s.store.GetTask(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		httputil.WriteError(w, http.StatusNotFound, "task not found")
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if t.OwnerID != user.ID {
		// Same answer as a missing task, so ids of other users' tasks cannot be probed.
		httputil.WriteError(w, http.StatusNotFound, "task not found")
		return
	}
	var in taskInput
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		httputil.WriteError(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	if title := strings.TrimSpace(in.Title); title != "" {
		t.Title = title
	}
	if in.Done != nil {
		t.Done = *in.Done
	}
	if in.DueAt != nil {
		t.DueAt = in.DueAt
	}
	if err := s.store.UpdateTask(r.Context(), t); err != nil {
		s.internalError(w, r, err)
		return
	}
	httputil.WriteJSON(w, http.StatusOK, t)
}

func (s *Server) deleteTask(w http.ResponseWriter, r *http.Request) {
	user, ok := auth.UserFrom(r.Context())
	if !ok {
		unauthorized(w)
		return
	}
	id, ok := pathID(r, "id")
	if !ok {
		httputil.WriteError(w, http.StatusNotFound, "task not found")
		return
	}
	err := s.store.DeleteTask(r.Context(), id, user.ID)
	if errors.Is(err, store.ErrNotFound) {
		httputil.WriteError(w, http.StatusNotFound, "task not found")
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) completeTask(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		httputil.WriteError(w, http.StatusNotFound, "task not found")
		return
	}
	t, err := s.store.GetTask(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		httputil.WriteError(w, http.StatusNotFound, "task not found")
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	t.Done = true
	if err := s.store.UpdateTask(r.Context(), t); err != nil {
		s.internalError(w, r, err)
		return
	}
	httputil.WriteJSON(w, http.StatusOK, t)
}
