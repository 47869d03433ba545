// Package auth stands for a project's authentication package.
package auth

import "context"

type User struct {
	ID    int64
	Admin bool
}

type key struct{}

// UserFrom returns the signed-in user.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(key{}).(*User)
	return u
}
