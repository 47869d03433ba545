// Package worker has a limiter that its handlers never ask: it paces the
// calls a background job makes upstream, so the router is still reported,
// and reading a limiter's state (Tokens) takes no token.
package worker

import (
	"context"
	"net/http"

	"golang.org/x/time/rate"
)

var upstream = rate.NewLimiter(5, 1)

// poll calls the upstream service at its pace.
func poll(ctx context.Context) error {
	for {
		if err := upstream.Wait(ctx); err != nil {
			return err
		}
	}
}

func status(w http.ResponseWriter, r *http.Request) {
	_ = upstream.Tokens()
}

// Serve starts the poller and the API.
func Serve(ctx context.Context) error {
	go poll(ctx)
	mux := http.NewServeMux() // want `router serves 1 routes with no rate limiting`
	mux.HandleFunc("GET /status", status)
	return http.ListenAndServe(":8080", mux)
}
