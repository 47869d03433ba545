// Package streamcmd serves streamapi's event stream: its server gets a
// ReadHeaderTimeout and an IdleTimeout only, which do not cut streams off.
package streamcmd

import (
	"log"
	"net/http"

	"streamapi"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", streamapi.Routes())) // want `http.ListenAndServe uses a server with no timeouts`
}
