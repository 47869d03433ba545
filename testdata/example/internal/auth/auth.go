// Package auth authenticates API callers: password and token hashing, the RequireUser
// middleware, and the context helpers that carry the current user.
package auth

import (
	"context"
	"net/http"
	"strings"
	"time"

	"example.com/taskapi/internal/store"
)

// Sessions is the part of the store the Authenticator reads.
type Sessions interface {
	GetSessionBySelector(ctx context.Context, selector string) (*store.Session, error)
	GetUser(ctx context.Context, id int64) (*store.User, error)
}

// Authenticator checks the bearer access tokens issued at login.
type Authenticator struct {
	sessions Sessions
	now      func() time.Time
}

// NewAuthenticator returns an Authenticator reading sessions from s.
func NewAuthenticator(s Sessions) *Authenticator {
	return &Authenticator{sessions: s, now: time.Now}
}

// Authenticate returns the user whose valid access token the request carries.
func (a *Authenticator) Authenticate(r *http.Request) (*store.User, bool) {
	token, ok := bearerToken(r)
	if !ok {
		return nil, false
	}
	selector, verifier, ok := ParseToken(token)
	if !ok {
		return nil, false
	}
	sess, err := a.sessions.GetSessionBySelector(r.Context(), selector)
	if err != nil {
		return nil, false
	}
	if a.now().After(sess.ExpiresAt) || !VerifyToken(sess.AccessHash, verifier) {
		return nil, false
	}
	u, err := a.sessions.GetUser(r.Context(), sess.UserID)
	if err != nil {
		return nil, false
	}
	return u, true
}

// RequireUser rejects requests without a valid access token with 401 and passes the
// others on with the user in their context (see UserFrom).
func (a *Authenticator) RequireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := a.Authenticate(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithUser(r.Context(), u)))
	})
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}
