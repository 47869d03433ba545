package stream // want package:"streams\\(http.NewResponseController\\)"

import (
	"io"
	"net/http"
)

func download(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	_, _ = io.Copy(w, r.Body)
	_ = rc.Flush()
}

// Server serves long downloads: no ReadTimeout or WriteTimeout.
func Server() *http.Server {
	return &http.Server{Addr: ":8080", Handler: http.HandlerFunc(download)} // want `http.Server has no ReadHeaderTimeout or ReadTimeout`
}
