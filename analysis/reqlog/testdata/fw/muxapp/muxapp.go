// Package muxapp logs with zap: the scaffold takes its *zap.Logger.
package muxapp

import (
	"net/http"

	"github.com/gorilla/mux"
	"go.uber.org/zap"
)

func tasks(w http.ResponseWriter, r *http.Request) {}

func Run(log *zap.Logger) error {
	r := mux.NewRouter() // want `router serves 1 routes with no request-logging middleware`
	r.HandleFunc("/tasks", tasks).Methods("GET")
	log.Info("listening")
	return http.ListenAndServe(":8080", r)
}
