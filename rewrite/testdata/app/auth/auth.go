// Package auth knows who is calling.
package auth

import "context"

// User is an authenticated caller.
type User struct {
	ID   int64
	Name string
}

type ctxKey struct{}

// UserFrom returns the user the auth middleware stored in ctx.
func UserFrom(ctx context.Context) (*User, bool) {
	u, ok := ctx.Value(ctxKey{}).(*User)
	return u, ok
}
