package api

import (
	"encoding/json"
	"net/http"
)

// createAccount answers POST /accounts.
func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) {
	var acc Account
	if err := json.NewDecoder(r.Body).Decode(&acc); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	// Echo the account back.
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(acc)
}
