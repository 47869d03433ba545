// Package taken already declares names the scaffold would use.
package taken

import (
	"net/http"
	"strings"
)

func tasks(w http.ResponseWriter, r *http.Request) {}

// clientIP is the project's own, for its audit log.
func clientIP(r *http.Request) string { return strings.TrimSpace(r.Header.Get("X-Client")) }

var rateLimit = 3

func Serve() {
	mux := http.NewServeMux() // want `router serves 1 routes with no rate limiting`
	mux.HandleFunc("GET /tasks", tasks)
	rateLimitBurst := rateLimit * 2
	_ = rateLimitBurst
	http.ListenAndServe(":8080", mux)
}
