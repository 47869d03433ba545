package store

import "time"

// User is an account holder.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	PasswordHash string    `json:"password_hash"`
	CreatedAt    time.Time `json:"created_at"`
}

// Session is a login: an access token and a refresh token sharing one selector.
// Only hashes of the token verifiers are stored.
type Session struct {
	ID               int64     `json:"id"`
	UserID           int64     `json:"user_id"`
	Selector         string    `json:"-"`
	AccessHash       []byte    `json:"-"`
	RefreshHash      []byte    `json:"-"`
	ExpiresAt        time.Time `json:"expires_at"`
	RefreshExpiresAt time.Time `json:"refresh_expires_at"`
}

// Project groups tasks and has members; its owner manages the membership.
type Project struct {
	ID            int64     `json:"id"`
	OwnerID       int64     `json:"owner_id"`
	Name          string    `json:"name"`
	WebhookSecret string    `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
}

// Task is a to-do item owned by one user, optionally filed under a project.
type Task struct {
	ID        int64      `json:"id"`
	OwnerID   int64      `json:"owner_id"`
	ProjectID *int64     `json:"project_id,omitempty"`
	Title     string     `json:"title"`
	Done      bool       `json:"done"`
	DueAt     *time.Time `json:"due_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}
