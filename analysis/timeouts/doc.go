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

The fix, server/timeouts (the diagnostic's SuggestedFix, and
Result.FixSites), sets the missing fields to ReadHeaderTimeout 5s,
ReadTimeout 15s, WriteTimeout 30s and IdleTimeout 2m:

  - http.ListenAndServe(addr, h) (and ListenAndServeTLS, Serve, ServeTLS)
    becomes srv := &http.Server{Addr: addr, Handler: h, …} declared
    before the statement, and srv.ListenAndServe() where the call was, so
    the result is used as before; srv is server or httpServer when the
    name is taken;
  - gin's r.Run(addr), RunTLS and RunListener likewise, with Handler
    r.Handler(); r.Run() gets gin's own address, ":" +
    cmp.Or(os.Getenv("PORT"), "8080") (Go 1.22 and later);
  - an http.Server literal gains the missing fields, one a line;
  - a var srv http.Server, and echo's e.Server (e.TLSServer for
    StartTLS), get them assigned before the server starts.

When the package, or a package of its module it imports, streams
responses (StreamsFact: a Flush or Hijack outside response writer
wrappers, http.NewResponseController, gin's Stream or SSEvent, a
WebSocket upgrade, an import of net/http/pprof), only ReadHeaderTimeout
and IdleTimeout are set: ReadTimeout and WriteTimeout would cut the
streams off. No fix is offered for an echo instance made by the call
that starts it, a comment inside the call that would be lost, or
arguments that use names declared in the statement itself.

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
