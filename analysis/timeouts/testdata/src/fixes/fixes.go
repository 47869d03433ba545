// Package fixes holds the shapes server/timeouts must fix well: the result
// of the start used in every way, taken names, literals laid out and
// commented, and a call it cannot fix.
package fixes

import (
	"errors"
	"log"
	"net/http"
	"time"
)

func handler(w http.ResponseWriter, r *http.Request) {}

type api struct{}

func (api) Routes() http.Handler { return http.HandlerFunc(handler) }

// nameTaken: srv is the api, so the server is called server.
func nameTaken(srv api) error {
	return http.ListenAndServe(":8080", srv.Routes()) // want `http.ListenAndServe uses a server with no timeouts`
}

func inGoroutine(errc chan<- error) {
	go func() {
		errc <- http.ListenAndServe(":8081", nil) // want `http.ListenAndServe uses a server with no timeouts`
	}()
}

func goStatement() {
	go http.ListenAndServe(":8082", nil) // want `http.ListenAndServe uses a server with no timeouts`
}

func ifInit(addr string) {
	if err := http.ListenAndServe(addr, http.HandlerFunc(handler)); err != nil && !errors.Is(err, http.ErrServerClosed) { // want `http.ListenAndServe uses a server with no timeouts`
		log.Fatal(err)
	}
}

func assigned(addr string) error {
	err := http.ListenAndServeTLS(addr, "cert.pem", "key.pem", http.HandlerFunc(handler)) // want `http.ListenAndServeTLS uses a server with no timeouts`
	return err
}

func inSwitch(mode string) error {
	switch mode {
	case "tls":
		return http.ListenAndServeTLS(":443", "cert.pem", "key.pem", nil) // want `http.ListenAndServeTLS uses a server with no timeouts`
	default:
		return http.ListenAndServe(":80", nil) // want `http.ListenAndServe uses a server with no timeouts`
	}
}

func multiLine(mux *http.ServeMux) error {
	srv := &http.Server{ // want `http.Server has no ReadHeaderTimeout or ReadTimeout \(nor WriteTimeout, IdleTimeout\)`
		Addr: ":8080", // the public port

		// Every route.
		Handler: mux,
	}
	return srv.ListenAndServe()
}

func emptyLiteral() error {
	var srv = http.Server{} // want `http.Server has no ReadHeaderTimeout or ReadTimeout`
	srv.Addr = ":8080"
	return srv.ListenAndServe()
}

func partly() error {
	srv := &http.Server{Addr: ":8080", IdleTimeout: time.Minute} // want `http.Server has no ReadHeaderTimeout or ReadTimeout \(nor WriteTimeout\)`
	return srv.ListenAndServe()
}

// Found but not fixed: the comment between the arguments would be lost.

func commented() error {
	return http.ListenAndServe(":8080" /* every interface */, nil) // want `http.ListenAndServe uses a server with no timeouts`
}
