package app

import (
	"net/http"

	"api"
)

func Main() {
	http.ListenAndServe(":8080", api.Routes()) // want `router serves POST /signup with no rate limiting`
}
