// Command server serves the routes without request logging.
package main

import (
	"database/sql"
	"log"
	"net/http"
	"time"

	"example.com/place/router"
)

func main() {
	db, err := sql.Open("postgres", "")
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: ":8080", Handler: router.New(db), ReadHeaderTimeout: time.Second, ReadTimeout: time.Second, WriteTimeout: time.Second, IdleTimeout: time.Second}
	log.Fatal(srv.ListenAndServe())
}
