// Package twofiles has unlimited routers in two files: both fixes append the
// scaffold to a.go, so applying both declares it once.
package twofiles

import "net/http"

// Partner serves the partner API.
func Partner() {
	mux := http.NewServeMux() // want `router serves 1 routes with no rate limiting`
	mux.HandleFunc("GET /partner/tasks", partnerTasks)
	srv := &http.Server{Addr: ":8081", Handler: mux}
	srv.ListenAndServe()
}

// partnerTasks lists the tasks a partner may see.
func partnerTasks(w http.ResponseWriter, r *http.Request) {
	tasks(w, r)
}
