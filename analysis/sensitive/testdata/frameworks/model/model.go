// Package model holds the stored types shared by the gin and echo apps.
package model

type User struct {
	ID           int64  `json:"id"`
	Email        string `json:"email"`
	PasswordHash string `json:"password_hash"`
	APIKey       string `json:"api_key"`
	Verified     bool   `json:"verified"`
}

type UserResponse struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

type SignupRequest struct {
	Email    string `json:"email" binding:"required"`
	Password string `json:"password" binding:"required,min=8"`
}

type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

func Find(id string) *User { return &User{ID: 1} }

// Stored hides its secrets from JSON.
type Stored struct {
	ID         int64  `json:"id"`
	Password   string `json:"-"`
	TOTPSecret string `json:"-"`
	HasTOTP    bool   `json:"has_totp"`
}

func (u *User) Response() UserResponse { return UserResponse{ID: u.ID, Email: u.Email} }
