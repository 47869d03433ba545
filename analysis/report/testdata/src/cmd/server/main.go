package main

import (
	"net/http"

	"example.com/app/api"
)

func main() {
	s := &api.Server{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tasks/{id}", s.GetTask)
	http.ListenAndServe(":8080", mux)
}
