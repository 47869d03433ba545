package a

import (
	"net/http"
	"testing"
)

func TestServe(t *testing.T) {
	srv := &http.Server{Addr: "127.0.0.1:0", Handler: http.HandlerFunc(handler)}
	go srv.ListenAndServe()
	_ = srv.Close()
	go http.ListenAndServe("127.0.0.1:0", nil)
}
