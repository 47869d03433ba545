// Package model holds the stored types; it knows nothing of HTTP.
package model

type Account struct {
	PasswordHash string `json:"password_hash"`
	TOTPSecret   []byte `json:"totp_secret,omitempty"`
}

type User struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Account
}

type Team struct {
	Name    string           `json:"name"`
	Members []*User          `json:"members"`
	ByRole  map[string]*User `json:"by_role"`
}

// Public is the user as the API shows it.
type Public struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

func (u *User) Public() Public { return Public{ID: u.ID, Email: u.Email} }
