package a

import (
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"time"

	"helper"
)

func handler(w http.ResponseWriter, r *http.Request) {}

func defaultServer() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", handler)
	log.Fatal(http.ListenAndServe(":8080", mux)) // want `http.ListenAndServe uses a server with no timeouts; slow clients can hold connections open indefinitely \(slowloris\)`
}

func defaultTLS() error {
	return http.ListenAndServeTLS(":8443", "cert.pem", "key.pem", nil) // want `http.ListenAndServeTLS uses a server with no timeouts`
}

func serveListener(l net.Listener) error {
	return http.Serve(l, http.HandlerFunc(handler)) // want `http.Serve uses a server with no timeouts`
}

func bareLiteral() error {
	srv := &http.Server{Addr: ":8080", Handler: http.HandlerFunc(handler)} // want `http.Server has no ReadHeaderTimeout or ReadTimeout \(nor WriteTimeout, IdleTimeout\); slow clients`
	return srv.ListenAndServe()
}

func onlyWriteTimeout() error {
	srv := http.Server{Addr: ":8080", WriteTimeout: 10 * time.Second} // want `http.Server has no ReadHeaderTimeout or ReadTimeout \(nor IdleTimeout\)`
	return srv.ListenAndServe()
}

func zeroVar() error {
	var srv http.Server
	srv.Addr = ":8080"
	srv.Handler = http.HandlerFunc(handler)
	return srv.ListenAndServe() // want `http.Server srv has no ReadHeaderTimeout or ReadTimeout`
}

type app struct {
	srv *http.Server
}

func (a *app) start() error {
	a.srv = &http.Server{Addr: ":8080"} // want `http.Server has no ReadHeaderTimeout`
	return a.srv.ListenAndServe()
}

// Negatives.

func withReadHeaderTimeout() error {
	srv := &http.Server{Addr: ":8080", Handler: http.HandlerFunc(handler), ReadHeaderTimeout: 5 * time.Second}
	return srv.ListenAndServe()
}

func withReadTimeoutOnly() error {
	srv := &http.Server{Addr: ":8080", ReadTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}

func setAfterConstruction() error {
	srv := &http.Server{Addr: ":8080", Handler: http.HandlerFunc(handler)}
	srv.ReadHeaderTimeout = 5 * time.Second
	srv.IdleTimeout = time.Minute
	return srv.ListenAndServe()
}

func zeroVarConfigured() error {
	var srv http.Server
	srv.Addr = ":8080"
	srv.ReadTimeout = 10 * time.Second
	return srv.ListenAndServe()
}

func fromHelper() error {
	srv := helper.NewServer(":8080", http.HandlerFunc(handler))
	return srv.ListenAndServe()
}

func configure(s *http.Server) { s.ReadHeaderTimeout = 3 * time.Second }

func handedToConfigure() error {
	srv := &http.Server{Addr: ":8080"}
	configure(srv)
	return srv.ListenAndServe()
}

type config struct {
	http.Server
	Name string
}

func embeddedInConfig() error {
	cfg := config{Server: http.Server{Addr: ":8080"}, Name: "api"}
	cfg.ReadHeaderTimeout = 5 * time.Second
	return cfg.ListenAndServe()
}

type settings struct {
	Public http.Server
}

func nestedWithTimeouts() *settings {
	return &settings{Public: http.Server{Addr: ":80", ReadTimeout: 5 * time.Second, WriteTimeout: 10 * time.Second}}
}

type service struct {
	srv *http.Server
}

func newService() *service {
	s := &service{srv: &http.Server{Addr: ":8080"}}
	s.srv.ReadHeaderTimeout = 2 * time.Second
	return s
}

func testServer() *httptest.Server {
	ts := httptest.NewUnstartedServer(http.HandlerFunc(handler))
	ts.Start()
	return ts
}

func testServerLiteral() *httptest.Server {
	return &httptest.Server{Config: &http.Server{Handler: http.HandlerFunc(handler)}}
}
