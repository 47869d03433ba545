/*
Package timeouts defines the servertimeouts analyzer, rule server-timeouts:
an HTTP server started with no read timeout. A server whose
ReadHeaderTimeout and ReadTimeout are both zero waits forever for a
client to finish sending its request headers, so a few hundred slow
clients can hold every connection open (slowloris).

Reported, at the call or the composite literal:

  - http.ListenAndServe, http.ListenAndServeTLS, http.Serve and
    http.ServeTLS: they use a zero http.Server, with no timeouts at all;
  - an http.Server composite literal (or a `var srv http.Server`
    started in the same function) with neither ReadHeaderTimeout nor
    ReadTimeout, after the fields assigned later in the same function
    (srv.ReadHeaderTimeout = 5 * time.Second) are taken into account;
  - gin's (*Engine).Run, RunTLS and RunListener, which serve through a
    zero http.Server;
  - echo's (*Echo).Start and StartTLS when the function does not set
    e.Server.ReadHeaderTimeout or ReadTimeout (e.TLSServer for StartTLS)
    before starting.

The message also names WriteTimeout and IdleTimeout when they are missing:

	http.ListenAndServe(":8080", mux) // reported

	srv := &http.Server{Addr: ":8080", Handler: mux} // reported
	srv.ListenAndServe()

	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second} // fine

Deliberately not reported:

  - a server variable passed to another function before it is started:
    that function may set the timeouts;
  - servers of net/http/httptest and code in _test.go files;
  - a server whose only missing fields are WriteTimeout or IdleTimeout:
    long-running responses (downloads, streaming) legitimately leave
    WriteTimeout zero, and IdleTimeout falls back to ReadTimeout;
  - servers built by a helper function: the literal is judged in the
    helper, where it is written, and not again at the caller.
*/
package timeouts
