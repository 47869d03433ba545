package pprofcmd // want package:"streams\\(net/http/pprof\\)"

import (
	"net/http"
	_ "net/http/pprof"
)

// serveDebug serves the profiles on the DefaultServeMux: a CPU profile
// answers after 30s, so the server gets no WriteTimeout.
func serveDebug() error {
	return http.ListenAndServe("localhost:6060", nil) // want `http.ListenAndServe uses a server with no timeouts`
}
