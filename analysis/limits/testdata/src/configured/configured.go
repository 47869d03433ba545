// Package configured takes its body limit from .prodready.yaml.
package configured

import (
	"encoding/json"
	"net/http"
)

// maxBodyBytes differs from the configured limit: the fix writes the
// configured size instead.
const maxBodyBytes = 1 << 20

// maxRequestBytes is the configured size: the fix uses it.
const maxRequestBytes int = 4 << 20

type input struct{ Name string }

func create(w http.ResponseWriter, r *http.Request) {
	var in input
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil { // want `request body is decoded without a size limit`
		http.Error(w, "invalid body", http.StatusBadRequest)
		return
	}
}
