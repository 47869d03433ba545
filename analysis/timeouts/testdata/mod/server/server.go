// Package server builds the HTTP servers of the other packages.
package server

import (
	"net/http"
	"time"
)

// New returns a server with every timeout set: its callers are fine.
func New(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
}
