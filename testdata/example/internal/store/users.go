package store

import (
	"context"
	"time"
)

const userColumns = "id, email, name, password_hash, created_at"

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.CreatedAt); err != nil {
		return nil, notFound(err)
	}
	return &u, nil
}

// CreateUser inserts a user and returns it with its id.
func (s *Store) CreateUser(ctx context.Context, email, name, passwordHash string) (*User, error) {
	row := s.db.QueryRowContext(ctx,
		"INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING "+userColumns,
		email, name, passwordHash)
	return scanUser(row)
}

// GetUser loads a user by id.
func (s *Store) GetUser(ctx context.Context, id int64) (*User, error) {
	row := s.db.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", id)
	return scanUser(row)
}

// GetUserByEmail loads a user by e-mail address.
func (s *Store) GetUserByEmail(ctx context.Context, email string) (*User, error) {
	row := s.db.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE email = $1", email)
	return scanUser(row)
}

// CreateSession stores a new session for userID.
func (s *Store) CreateSession(ctx context.Context, sess *Session) error {
	return s.db.QueryRowContext(ctx,
		`INSERT INTO sessions (user_id, selector, access_hash, refresh_hash, expires_at, refresh_expires_at)
		 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		sess.UserID, sess.Selector, sess.AccessHash, sess.RefreshHash, sess.ExpiresAt, sess.RefreshExpiresAt,
	).Scan(&sess.ID)
}

// GetSessionBySelector loads the session a token's selector names.
func (s *Store) GetSessionBySelector(ctx context.Context, selector string) (*Session, error) {
	var sess Session
	err := s.db.QueryRowContext(ctx,
		`SELECT id, user_id, selector, access_hash, refresh_hash, expires_at, refresh_expires_at
		 FROM sessions WHERE selector = $1`, selector,
	).Scan(&sess.ID, &sess.UserID, &sess.Selector, &sess.AccessHash, &sess.RefreshHash, &sess.ExpiresAt, &sess.RefreshExpiresAt)
	if err != nil {
		return nil, notFound(err)
	}
	return &sess, nil
}

// RotateSession replaces a session's token hashes and expiry times.
func (s *Store) RotateSession(ctx context.Context, id int64, accessHash, refreshHash []byte, expiresAt, refreshExpiresAt time.Time) error {
	res, err := s.db.ExecContext(ctx,
		`UPDATE sessions SET access_hash = $1, refresh_hash = $2, expires_at = $3, refresh_expires_at = $4
		 WHERE id = $5`,
		accessHash, refreshHash, expiresAt, refreshExpiresAt, id)
	if err != nil {
		return err
	}
	return expectOne(res)
}
