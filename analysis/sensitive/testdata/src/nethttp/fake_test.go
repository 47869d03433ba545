package nethttp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// A fake identity provider in a test answers with secrets on purpose.
func TestFakeServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(User{PasswordHash: "x"})
	}))
	defer srv.Close()
}
