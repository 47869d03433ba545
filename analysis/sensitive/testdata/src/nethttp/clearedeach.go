package nethttp

import (
	"encoding/json"
	"net/http"
)

// A range over values clears copies: the list still holds the secrets.
func clearedCopies(w http.ResponseWriter, r *http.Request) {
	users := []User{*load(r)}
	for _, u := range users {
		u.PasswordHash = ""
		_ = u
	}
	json.NewEncoder(w).Encode(users) // want `response writes \[\]User\.PasswordHash`
}

// The loop sets the secret again after clearing it.
func clearedThenSet(w http.ResponseWriter, r *http.Request) {
	users := []*User{load(r)}
	for _, u := range users {
		u.PasswordHash = ""
		u.PasswordHash = r.FormValue("hash")
	}
	json.NewEncoder(w).Encode(users) // want `response writes \[\]User\.PasswordHash`
}

// Another list is cleared.
func clearedOtherList(w http.ResponseWriter, r *http.Request) {
	users, others := []*User{load(r)}, []*User{load(r)}
	for _, u := range others {
		u.PasswordHash = ""
	}
	json.NewEncoder(w).Encode(users) // want `response writes \[\]User\.PasswordHash`
}
