// Command cli runs maintenance without any request.
package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"

	"store"
)

func main() {
	db, err := sql.Open("postgres", "")
	if err != nil {
		log.Fatal(err)
	}
	st := store.New(db)
	if err := st.Migrate(); err != nil {
		log.Fatal(err)
	}
	projects, _ := st.ListProjects(1)
	log.Println(len(projects))
	if _, err := db.Exec(`VACUUM`); err != nil {
		log.Fatal(err)
	}
	go func() {
		_, _ = db.ExecContext(context.Background(), `DELETE FROM sessions`)
	}()
	resp, err := http.Get("https://status.invalid/")
	if err == nil {
		resp.Body.Close()
	}
}
