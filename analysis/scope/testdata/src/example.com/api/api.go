// Package api has net/http handlers over the store and the service.
package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"example.com/auth"
	"example.com/service"
	"example.com/store"
)

type Server struct {
	store *store.Store
	tasks store.TaskStore
	svc   *service.Service
}

func pathID(r *http.Request) int64 { // want pathID:`scope\(returns request path\)`
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

// --- reported ---

func (s *Server) getTask(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	t, err := s.store.GetTask(r.Context(), id) // want `task id from the request path reaches store.GetTask's query "SELECT id, owner_id, title FROM tasks WHERE id = \$1" without an owner condition or ownership check; any user can read another user's task by guessing ids`
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(t)
}

func (s *Server) getTaskViaService(w http.ResponseWriter, r *http.Request) {
	t, err := s.svc.GetTask(r.Context(), pathID(r)) // want `task id from the request path reaches store.GetTask's query`
	if err != nil {
		return
	}
	json.NewEncoder(w).Encode(t)
}

func (s *Server) deleteTask(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.URL.Query().Get("id"))
	if err := s.store.DeleteTask(r.Context(), int64(id)); err != nil { // want `task id from the query string reaches store.DeleteTask's query "DELETE FROM tasks WHERE id = \$1" .*any user can delete another user's task`
		return
	}
}

type renameReq struct {
	TaskID int64  `json:"task_id"`
	Title  string `json:"title"`
}

func (s *Server) renameTask(w http.ResponseWriter, r *http.Request) {
	var req renameReq
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	_ = s.store.RenameTask(r.Context(), req.TaskID, req.Title) // want `task id from the request body reaches store.RenameTask's query .*any user can change another user's task`
}

func (s *Server) getTaskViaInterface(w http.ResponseWriter, r *http.Request) {
	t, _ := s.tasks.GetTask(r.Context(), pathID(r)) // want `task id from the request path reaches store.GetTask's query`
	json.NewEncoder(w).Encode(t)
}

// A check on a different value than the loaded record is no ownership check.
func (s *Server) getTaskWrongCheck(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	if u == nil {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	t, _ := s.store.GetTask(r.Context(), pathID(r)) // want `task id from the request path`
	json.NewEncoder(w).Encode(t)
}

// --- not reported ---

func (s *Server) getTaskChecked(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	t, err := s.store.GetTask(r.Context(), pathID(r))
	if err != nil || t.OwnerID != u.ID {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(t)
}

func (s *Server) getTaskScoped(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	t, _ := s.store.GetTaskForUser(r.Context(), pathID(r), u.ID)
	json.NewEncoder(w).Encode(t)
}

func (s *Server) getTaskServiceChecked(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	t, _ := s.svc.GetTaskFor(r.Context(), u.ID, pathID(r))
	json.NewEncoder(w).Encode(t)
}

func (s *Server) deleteTaskServiceAuthorized(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	_ = s.svc.Delete(r.Context(), u.ID, pathID(r))
}

func (s *Server) getTaskMustOwn(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	t, _ := s.store.GetTask(r.Context(), pathID(r))
	if err := service.MustOwn(t, u.ID); err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(t)
}

func (s *Server) deleteTaskAuthorized(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	if !s.canAccess(r, id) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_ = s.store.DeleteTask(r.Context(), id)
}

func (s *Server) canAccess(r *http.Request, id int64) bool {
	owner, err := s.store.OwnerOf(r.Context(), id)
	return err == nil && owner == auth.UserFrom(r.Context()).ID
}

func (s *Server) myTask(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	t, _ := s.store.GetTask(r.Context(), u.ID) // the id is the user's own
	json.NewEncoder(w).Encode(t)
}

func (s *Server) firstTask(w http.ResponseWriter, r *http.Request) {
	t, _ := s.store.GetTask(r.Context(), 1)
	json.NewEncoder(w).Encode(t)
}

func (s *Server) listTasks(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	rows, _ := s.store.ListTasks(r.Context(), u.ID)
	defer rows.Close()
}

func (s *Server) createTask(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	_ = s.store.CreateTask(r.Context(), u.ID, r.FormValue("title"))
}

func (s *Server) projectTasks(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	pid, _ := strconv.ParseInt(r.PathValue("project"), 10, 64)
	rows, _ := s.store.ProjectTasks(r.Context(), pid, u.ID)
	defer rows.Close()
}

func (s *Server) comments(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	rows, _ := s.store.CommentsByTask(r.Context(), pathID(r), u.ID)
	defer rows.Close()
}

func (s *Server) byEmail(w http.ResponseWriter, r *http.Request) {
	_ = s.store.UserByEmail(r.Context(), r.FormValue("email"))
}

// The record loaded by a database result, not by the request.
func (s *Server) parentTask(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	owned, _ := s.store.GetTaskForUser(r.Context(), pathID(r), u.ID)
	t, _ := s.store.GetTask(r.Context(), owned.ID)
	json.NewEncoder(w).Encode(t)
}
