package api

import "net/http"

// ünïcødé 😀 greeting handler: héllo wörld.
func hello(w http.ResponseWriter, r *http.Request) {
	// ünïcødé 😀
	msg := "grüß dich 😀" // ünïcødé 😀
	_, _ = w.Write([]byte(msg))
}
