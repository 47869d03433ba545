package ginapp

import (
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

func routes() *gin.Engine {
	r := gin.New()
	r.GET("/ping", func(c *gin.Context) { c.String(http.StatusOK, "pong") })
	return r
}

func runDefault() error {
	r := routes()
	return r.Run(":8080") // want `gin Engine.Run serves through an http.Server with no timeouts`
}

func runTLS() error {
	return routes().RunTLS(":8443", "cert.pem", "key.pem") // want `gin Engine.RunTLS serves through an http.Server with no timeouts`
}

func runNoAddress() error {
	r := routes()
	// gin listens on $PORT, else :8080.
	return r.Run() // want `gin Engine.Run serves through an http.Server with no timeouts`
}

func runListener(l net.Listener) {
	r := routes()
	if err := r.RunListener(l); err != nil { // want `gin Engine.RunListener serves through an http.Server with no timeouts`
		panic(err)
	}
}

// Negative: the engine served by an http.Server with timeouts.
func runWithServer() error {
	srv := &http.Server{Addr: ":8080", Handler: routes(), ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute}
	return srv.ListenAndServe()
}

// Negative: ServeHTTP is no server start.
func serveOne(w http.ResponseWriter, req *http.Request) {
	routes().ServeHTTP(w, req)
}
