package main

import (
	"net/http"

	"crosspkg/api"
	"crosspkg/mw"
)

func main() {
	root := http.NewServeMux()
	root.Handle("/v1/", http.StripPrefix("/v1", mw.Limit(api.NewMux(&api.Handlers{})))) // want `route GET /v1/tasks -> api.\(\*Handlers\).List \[mw.Log mw.Limit mw.Require\] auth=true logged=true ratelimited=true` `route GET /v1/me -> api.\(\*Handlers\).Me \[mw.Log mw.Limit\] auth=true logged=true ratelimited=true` `route GET /v1/health -> api.Health \[mw.Log mw.Limit\] auth=false logged=true ratelimited=true`
	srv := &http.Server{Addr: ":8080", Handler: mw.Log(root)}
	srv.ListenAndServe()
}
