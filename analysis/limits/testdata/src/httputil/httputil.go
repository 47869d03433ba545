// Package httputil holds request helpers shared by handlers.
package httputil

import (
	"encoding/json"
	"io"
	"net/http"
)

// MaxBodyBytes bounds every JSON request body.
const MaxBodyBytes = 1 << 20

// DecodeJSON decodes at most MaxBodyBytes of the body into dst.
func DecodeJSON(w http.ResponseWriter, r *http.Request, dst any) error { // want DecodeJSON:"limitsbody\\[1\\]" DecodeJSON:"decodesjson\\(w 0, r 1, dst 2\\)"
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	return dec.Decode(dst)
}

// DecodeLoose decodes the whole body, however large: callers are reported.
func DecodeLoose(r *http.Request, dst any) error { // want DecodeLoose:"decodesbody\\(param 0: json.NewDecoder\\)"
	return json.NewDecoder(r.Body).Decode(dst)
}

// decodeVia passes the request on to DecodeLoose: a fact through two hops.
func DecodeVia(r *http.Request, dst any) error { // want DecodeVia:"decodesbody\\(param 0: json.NewDecoder\\)"
	return DecodeLoose(r, dst)
}

// LimitBody caps the body; callers may decode afterwards.
func LimitBody(w http.ResponseWriter, r *http.Request) { // want LimitBody:"limitsbody\\[1\\]"
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
}

// ReadLimited reads from a limited reader it builds itself.
func ReadLimited(r *http.Request) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes))
}

// Limit returns a middleware that caps request bodies.
func Limit(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = http.MaxBytesReader(w, r.Body, n)
			next.ServeHTTP(w, r)
		})
	}
}
