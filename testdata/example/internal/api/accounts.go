package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"example.com/taskapi/internal/auth"
	"example.com/taskapi/internal/httputil"
	"example.com/taskapi/internal/store"
)

// userResponse is the public view of a user.
type userResponse struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

func toUserResponse(u *store.User) userResponse {
	return userResponse{ID: u.ID, Email: u.Email, Name: u.Name}
}

type tokenResponse struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	ExpiresAt    time.Time `json:"expires_at"`
}

func (s *Server) signup(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email    string `json:"email"`
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := httputil.DecodeJSON(w, r, &in); err != nil {
		httputil.WriteError(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	if !strings.Contains(in.Email, "@") || len(in.Password) < 10 {
		httputil.WriteError(w, http.StatusUnprocessableEntity, "an e-mail address and a password of at least 10 characters are required")
		return
	}
	if _, err := s.store.GetUserByEmail(r.Context(), in.Email); err == nil {
		httputil.WriteError(w, http.StatusConflict, "e-mail address already registered")
		return
	} else if !errors.Is(err, store.ErrNotFound) {
		s.internalError(w, r, err)
		return
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	u, err := s.store.CreateUser(r.Context(), in.Email, in.Name, hash)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	httputil.WriteJSON(w, http.StatusCreated, toUserResponse(u))
}

// handleLogin exchanges an e-mail address and password for a new session's tokens.
func (s *Server) handleLogin() http.HandlerFunc {
	type request struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
		var in request
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			httputil.WriteError(w, http.StatusBadRequest, "invalid JSON body")
			return
		}
		u, err := s.store.GetUserByEmail(r.Context(), strings.ToLower(strings.TrimSpace(in.Email)))
		if errors.Is(err, store.ErrNotFound) || (err == nil && !auth.CheckPassword(u.PasswordHash, in.Password)) {
			httputil.WriteError(w, http.StatusUnauthorized, "invalid e-mail address or password")
			return
		}
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		tokens, err := s.startSession(r.Context(), u.ID)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		httputil.WriteJSON(w, http.StatusOK, tokens)
	}
}

func (s *Server) startSession(ctx context.Context, userID int64) (tokenResponse, error) {
	selector := auth.NewSelector()
	access, accessHash := auth.NewToken(selector)
	refresh, refreshHash := auth.NewToken(selector)
	now := time.Now()
	sess := &store.Session{
		UserID:           userID,
		Selector:         selector,
		AccessHash:       accessHash,
		RefreshHash:      refreshHash,
		ExpiresAt:        now.Add(accessTokenTTL),
		RefreshExpiresAt: now.Add(refreshTokenTTL),
	}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return tokenResponse{}, err
	}
	return tokenResponse{AccessToken: access, RefreshToken: refresh, ExpiresAt: sess.ExpiresAt}, nil
}

// refreshToken rotates both tokens of the session a valid refresh token belongs to.
func (s *Server) refreshToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := httputil.DecodeJSON(w, r, &in); err != nil {
		httputil.WriteError(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	selector, verifier, ok := auth.ParseToken(in.RefreshToken)
	if !ok {
		httputil.WriteError(w, http.StatusUnauthorized, "invalid refresh token")
		return
	}
	sess, err := s.store.GetSessionBySelector(r.Context(), selector)
	if errors.Is(err, store.ErrNotFound) {
		httputil.WriteError(w, http.StatusUnauthorized, "invalid refresh token")
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	now := time.Now()
	if now.After(sess.RefreshExpiresAt) || !auth.VerifyToken(sess.RefreshHash, verifier) {
		httputil.WriteError(w, http.StatusUnauthorized, "invalid refresh token")
		return
	}
	access, accessHash := auth.NewToken(selector)
	refresh, refreshHash := auth.NewToken(selector)
	expiresAt := now.Add(accessTokenTTL)
	if err := s.store.RotateSession(r.Context(), sess.ID, accessHash, refreshHash, expiresAt, now.Add(refreshTokenTTL)); err != nil {
		s.internalError(w, r, err)
		return
	}
	httputil.WriteJSON(w, http.StatusOK, tokenResponse{AccessToken: access, RefreshToken: refresh, ExpiresAt: expiresAt})
}

// getMe returns the caller's profile; it authenticates the request itself.
func (s *Server) getMe(w http.ResponseWriter, r *http.Request) {
	user, ok := s.auth.Authenticate(r)
	if !ok {
		httputil.WriteError(w, http.StatusUnauthorized, "invalid or expired token")
		return
	}
	httputil.WriteJSON(w, http.StatusOK, toUserResponse(user))
}

// lookupUser finds a user by e-mail address so that project owners can invite them.
func (s *Server) lookupUser(w http.ResponseWriter, r *http.Request) {
	email := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("email")))
	if email == "" {
		httputil.WriteError(w, http.StatusBadRequest, "the email query parameter is required")
		return
	}
	u, err := s.store.GetUserByEmail(r.Context(), email)
	if errors.Is(err, store.ErrNotFound) {
		httputil.WriteError(w, http.StatusNotFound, "no such user")
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	httputil.WriteJSON(w, http.StatusOK, toUserResponse(u))
}
