package api

// Account is what POST /accounts creates.
type Account struct {
	ID           int64  `json:"id"`
	Email        string `json:"email"` // unique
	PasswordHash string // bcrypt
	// Admin may manage other accounts.
	Admin bool `json:"admin"`
}
