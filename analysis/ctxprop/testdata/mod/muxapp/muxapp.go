// Package muxapp proxies to an upstream with gorilla/mux.
package muxapp

import (
	"net/http"
	"net/url"

	"github.com/gorilla/mux"
)

type Proxy struct{ client *http.Client }

func (p *Proxy) Routes(r *mux.Router) {
	r.HandleFunc("/items/{id}", p.item).Methods(http.MethodGet)
	r.HandleFunc("/items", p.create).Methods(http.MethodPost)
}

func (p *Proxy) item(w http.ResponseWriter, r *http.Request) {
	resp, err := p.client.Get("https://upstream.invalid/items/" + url.PathEscape(mux.Vars(r)["id"])) // want `p.client.Get does not pass the request's context`
	if err != nil {
		http.Error(w, "upstream unavailable", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func (p *Proxy) create(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(http.MethodPost, "https://upstream.invalid/items", r.Body) // want `http.NewRequest builds a request without the request's context`
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	resp, err := p.client.Do(req)
	if err != nil {
		http.Error(w, "upstream unavailable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}

// --- negatives ---

func (p *Proxy) itemContext(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, "https://upstream.invalid/items", nil)
	if err != nil {
		return
	}
	if resp, err := p.client.Do(req); err == nil {
		resp.Body.Close()
	}
}
