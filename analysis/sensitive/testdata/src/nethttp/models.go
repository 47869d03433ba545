package nethttp

import "time"

type User struct {
	ID                int64     `json:"id"`
	Email             string    `json:"email"`
	PasswordHash      string    `json:"password_hash"`
	HasPassword       bool      `json:"has_password"`
	PasswordChangedAt time.Time `json:"password_changed_at"`
	password          string
}

type Team struct {
	Name    string `json:"name"`
	Members []User `json:"members"`
}

// AdminView inlines User: its password_hash is written at the top level.
type AdminView struct {
	*User
	Role string `json:"role"`
}

// UserDTO is what the API should answer with.
type UserDTO struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

type Account struct {
	ID     int64  `json:"id"`
	APIKey string `json:"api_key"`
	Secret string `json:"-"`
}

// Credential is matched by its JSON name only.
type Credential struct {
	Name string `json:"name"`
	Hash string `json:"password"`
}

type Node struct {
	Name     string  `json:"name"`
	Children []*Node `json:"children"`
	Token    *string `json:"token,omitempty"`
}

type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type LoginResponse struct {
	Token        string `json:"token"`
	RefreshToken string `json:"refresh_token"`
}

// Redacted writes itself as "***".
type Redacted string

func (Redacted) MarshalJSON() ([]byte, error) { return []byte(`"***"`), nil }

type Settings struct {
	Theme    string   `json:"theme"`
	Password Redacted `json:"password"`
}

// Shadowing tries to hide the embedded hash with a json:"-" field, but
// encoding/json skips that field and writes the embedded one.
type Shadowing struct {
	User
	PasswordHash string `json:"-"`
}

// Dominating hides the embedded hash behind a shallower field of the same
// JSON name that cannot carry a secret.
type Dominating struct {
	User
	PasswordHash bool `json:"password_hash,omitempty"`
}

type Left struct{ Password string }
type Right struct{ Password string }

// Ambiguous embeds two Password fields at one depth: encoding/json drops both.
type Ambiguous struct {
	Left
	Right
}

type Payment struct {
	Amount int64             `json:"amount"`
	Card   map[string]string `json:"card"`
	Cards  map[string]Card   `json:"cards"`
}

type Card struct {
	Last4      string `json:"last4"`
	CardNumber string `json:"card_number"`
}
