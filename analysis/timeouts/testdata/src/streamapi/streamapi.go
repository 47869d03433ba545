package streamapi // want package:"streams\\(Flush\\)"

import (
	"fmt"
	"net/http"
	"time"
)

// Routes serves server-sent events: responses that never end.
func Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /events", events)
	return mux
}

func events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for {
		select {
		case <-r.Context().Done():
			return
		case t := <-time.After(time.Second):
			fmt.Fprintf(w, "data: %s\n\n", t)
			flusher.Flush()
		}
	}
}
