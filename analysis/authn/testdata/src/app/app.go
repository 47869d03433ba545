package app

import (
	"net/http"

	"routes"
)

func Run() {
	mux := http.NewServeMux()
	routes.Register(mux, &routes.H{}) // want `route POST /purge reaches routes.\(\*H\).Purge`
	http.ListenAndServe(":8080", mux)
}
