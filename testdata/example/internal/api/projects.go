package api

import (
	"crypto/rand"
	"errors"
	"net/http"
	"strings"

	"example.com/taskapi/internal/auth"
	"example.com/taskapi/internal/httputil"
	"example.com/taskapi/internal/store"
)

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) {
	user, ok := auth.UserFrom(r.Context())
	if !ok {
		unauthorized(w)
		return
	}
	projects, err := s.store.ListProjects(user.ID)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	httputil.WriteJSON(w, http.StatusOK, projects)
}

func (s *Server) createProject(w http.ResponseWriter, r *http.Request) {
	user, ok := auth.UserFrom(r.Context())
	if !ok {
		unauthorized(w)
		return
	}
	var in struct {
		Name string `json:"name"`
	}
	if err := httputil.DecodeJSON(w, r, &in); err != nil {
		httputil.WriteError(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		httputil.WriteError(w, http.StatusUnprocessableEntity, "name is required")
		return
	}
	p, err := s.store.CreateProject(r.Context(), user.ID, name, rand.Text())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	httputil.WriteJSON(w, http.StatusCreated, p)
}

func (s *Server) getProject(w http.ResponseWriter, r *http.Request) {
	user, ok := auth.UserFrom(r.Context())
	if !ok {
		unauthorized(w)
		return
	}
	id, ok := pathID(r, "id")
	if !ok {
		httputil.WriteError(w, http.StatusNotFound, "project not found")
		return
	}
	p, err := s.store.GetProjectForMember(r.Context(), id, user.ID)
	if errors.Is(err, store.ErrNotFound) {
		httputil.WriteError(w, http.StatusNotFound, "project not found")
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	httputil.WriteJSON(w, http.StatusOK, p)
}

func (s *Server) listMembers(w http.ResponseWriter, r *http.Request) {
	user, ok := auth.UserFrom(r.Context())
	if !ok {
		unauthorized(w)
		return
	}
	id, ok := pathID(r, "id")
	if !ok {
		httputil.WriteError(w, http.StatusNotFound, "project not found")
		return
	}
	p, err := s.store.GetProjectForMember(r.Context(), id, user.ID)
	if errors.Is(err, store.ErrNotFound) {
		httputil.WriteError(w, http.StatusNotFound, "project not found")
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	members, err := s.store.ListMembers(r.Context(), p.ID)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	httputil.WriteJSON(w, http.StatusOK, members)
}

// ownedProject loads the project named by the id wildcard and answers 404 unless user owns it.
func (s *Server) ownedProject(w http.ResponseWriter, r *http.Request, user *store.User) (*store.Project, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		httputil.WriteError(w, http.StatusNotFound, "project not found")
		return nil, false
	}
	p, err := s.store.GetProject(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		httputil.WriteError(w, http.StatusNotFound, "project not found")
		return nil, false
	}
	if err != nil {
		s.internalError(w, r, err)
		return nil, false
	}
	if p.OwnerID != user.ID {
		httputil.WriteError(w, http.StatusNotFound, "project not found")
		return nil, false
	}
	return p, true
}

func (s *Server) addMember(w http.ResponseWriter, r *http.Request) {
	user, ok := auth.UserFrom(r.Context())
	if !ok {
		unauthorized(w)
		return
	}
	p, ok := s.ownedProject(w, r, user)
	if !ok {
		return
	}
	var in struct {
		Email string `json:"email"`
	}
	if err := httputil.DecodeJSON(w, r, &in); err != nil {
		httputil.WriteError(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	member, err := s.store.GetUserByEmail(r.Context(), strings.ToLower(strings.TrimSpace(in.Email)))
	if errors.Is(err, store.ErrNotFound) {
		httputil.WriteError(w, http.StatusUnprocessableEntity, "no user with that e-mail address")
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	s.store.AddMember(r.Context(), p.ID, member.ID)
	httputil.WriteJSON(w, http.StatusCreated, toUserResponse(member))
}

func (s *Server) removeMember(w http.ResponseWriter, r *http.Request) {
	user, ok := auth.UserFrom(r.Context())
	if !ok {
		unauthorized(w)
		return
	}
	p, ok := s.ownedProject(w, r, user)
	if !ok {
		return
	}
	memberID, ok := pathID(r, "userID")
	if !ok {
		httputil.WriteError(w, http.StatusNotFound, "member not found")
		return
	}
	if memberID == p.OwnerID {
		httputil.WriteError(w, http.StatusUnprocessableEntity, "the owner cannot leave the project")
		return
	}
	if err := s.store.RemoveMember(r.Context(), p.ID, memberID); err != nil {
		s.logger.Error("remove member", "project", p.ID, "member", memberID, "err", err)
		http.Error(w, "could not remove member", http.StatusInternalServerError)
	}
	w.WriteHeader(http.StatusNoContent)
}
