// Package helper builds servers for other packages.
package helper

import (
	"net/http"
	"time"
)

// NewServer returns a server with every timeout set.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
}

// Bare returns a server without timeouts: the literal is judged here.
func Bare(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h} // want `http.Server has no ReadHeaderTimeout or ReadTimeout \(nor WriteTimeout, IdleTimeout\)`
}
