// Package router registers the routes of package api.
package router

import (
	"database/sql"
	"net/http"

	"example.com/place/api"
	"example.com/place/auth"
	"example.com/place/legacy"
)

// New returns the service's routes.
func New(db *sql.DB) http.Handler {
	h := &api.Handlers{DB: db}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", h.GetItem)
	mux.HandleFunc("GET /items", h.ListItems)
	mux.HandleFunc("DELETE /items/{id}", h.DeleteItem)
	mux.Handle("PUT /items/{id}", auth.RequireUser(http.HandlerFunc(h.PutItem)))
	mux.HandleFunc("GET /export", legacy.Export(db))
	return mux
}
