// Package ratelimit reports routers that serve requests with no rate
// limiting, authentication endpoints first.
//
// # Analyzer noratelimit
//
// noratelimit: routers without rate limiting (rule no-rate-limit)
//
// A router (a ServeMux, chi, gorilla, gin or echo router with its groups and
// mounts, as the route model sees it) is reported when no route it serves has
// a rate-limiting middleware in its chain — one that answers 429 Too Many
// Requests (inferred from its code, or a known library such as httprate,
// tollbooth or echo's RateLimiter). The message names the authentication
// endpoints it serves (login, signup, token, password reset, one-time codes),
// because unlimited attempts there let passwords and tokens be guessed. When
// some routes are limited but an authentication endpoint is not, that
// endpoint is reported at its registration instead.
//
//	mux := http.NewServeMux()
//	mux.HandleFunc("POST /login", s.login) // nothing answers 429
//	http.ListenAndServe(":8080", mux)
//
// The fix is ratelimit/token-bucket, attached as the SuggestedFix and
// offered through the result's FixSites. It adds a per-client limiter in
// front of every route of the router: r.Use(...) right after the router's
// creation (chi, gorilla/mux, gin, echo; after the Use calls that follow it
// but before one that authenticates), or around the handler a net/http
// ServeMux is served with (inside the wrappers that do not authenticate).
// It applies the project's own limiter when one answers only 429 and its
// arguments are in scope there; otherwise it appends a scaffold to the
// file declaring main (or the first file with a router site), so that two
// routers of a package share it: a token bucket per client IP taken from
// r.RemoteAddr (golang.org/x/time/rate when the module requires it), idle
// clients dropped, 429 with Retry-After. echo gets its RateLimiter with a
// memory store. An authentication endpoint left out of a limited router is
// fixed with the limiter a sibling route uses, when it can be written at
// the registration. A router that a route function of another package
// creates and returns is fixed in that package, after its creation (gin's
// Use reaches only later routes, chi's panics after them): check -fix and
// the language server apply it, go vet -fix cannot (a pass edits its own
// package only). No fix is offered for a net/http router that is neither
// served in the reporting package nor returned by such a function.
//
// A route counts as limited too when its handler asks a
// golang.org/x/time/rate limiter for a token (Allow, Reserve, Wait), itself
// or through the functions it calls: a front controller that takes every
// request and dispatches it behind a per-client limiter, as ntfy's server
// does. A limiter that only paces outgoing calls but is reached from the
// handler is taken for a request limit too (a missed finding rather than a
// wrong one).
//
// Not reported: routers whose routes are all limited, limits enforced outside
// the program (a reverse proxy or API gateway: suppress the finding with a
// reason), and route functions of a library package that no analysed caller
// mounts.
package ratelimit
