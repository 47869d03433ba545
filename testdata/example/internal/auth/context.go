package auth

import (
	"context"

	"example.com/taskapi/internal/store"
)

type userKey struct{}

// WithUser returns a copy of ctx carrying u as the current user.
func WithUser(ctx context.Context, u *store.User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the current user stored by RequireUser, if any.
func UserFrom(ctx context.Context) (*store.User, bool) {
	u, ok := ctx.Value(userKey{}).(*store.User)
	return u, ok && u != nil
}
