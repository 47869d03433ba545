// Package shadow declares local variables named rate and time in the file
// the scaffold goes to, as ntfy's server.go does: the imports the scaffold
// adds get other names, and every use of them in the scaffold follows.
package shadow

import "net/http"

func stats(w http.ResponseWriter, r *http.Request) {
	rate, time := 0.5, 3
	_, _ = rate, time
}

func Serve() error {
	mux := http.NewServeMux() // want `router serves 1 routes with no rate limiting`
	mux.HandleFunc("GET /stats", stats)
	return http.ListenAndServe(":8080", mux)
}
