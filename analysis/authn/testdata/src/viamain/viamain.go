package viamain

import (
	"net/http"

	"viaapi"
)

func Run() {
	mux := http.NewServeMux()
	s := &viaapi.Server{}
	s.Routes(mux) // want `route POST /purge reaches viaapi.\(\*Server\).Purge`
	http.ListenAndServe(":8080", mux)
}
