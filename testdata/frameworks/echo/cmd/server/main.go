// Command server runs the service.
package main

import (
	"log"
	"net/http"
	"time"

	"example.com/fx/echo/handlers"
	"example.com/fx/echo/router"
)

func main() {
	srv := &http.Server{
		Addr:              ":8080",
		Handler:           router.New(handlers.NewTasks(), handlers.NewUsers()),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Fatal(srv.ListenAndServe())
}
