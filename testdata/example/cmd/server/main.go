// Command server runs the task API.
package main

import (
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"os"

	"example.com/taskapi/internal/api"
	"example.com/taskapi/internal/auth"
	"example.com/taskapi/internal/httputil"
	"example.com/taskapi/internal/store"
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(logger); err != nil {
		logger.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

func run(logger *slog.Logger) error {
	// The PostgreSQL driver is linked in by the deployment build, which registers it as "pgx".
	db, err := sql.Open("pgx", os.Getenv("DATABASE_URL"))
	if err != nil {
		return err
	}
	defer db.Close()

	st := store.New(db)
	srv := api.NewServer(st, auth.NewAuthenticator(st), logger)

	addr := ":8080"
	if port := os.Getenv("PORT"); port != "" {
		addr = ":" + port
	}
	admin := adminServer(adminAddr, logger)
	go func() {
		if err := admin.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("admin server stopped", "err", err)
		}
	}()

	logger.Info("listening", "addr", addr)
	return http.ListenAndServe(addr, httputil.LogRequests(logger)(srv.Routes()))
}
