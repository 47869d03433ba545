package twofiles

import "net/http"

func tasks(w http.ResponseWriter, r *http.Request) {}

// Public serves the API.
func Public() {
	mux := http.NewServeMux() // want `router serves 1 routes with no rate limiting`
	mux.HandleFunc("GET /tasks", tasks)
	http.ListenAndServe(":8080", mux)
}
