// Package httpmodel computes the static HTTP model of a Go program: which
// functions are handlers, which routes reach them, and the middleware chain
// in front of each route.
//
// # Analyzer httpmodel
//
// httpmodel: the HTTP route model (handlers, routes, middleware chains)
//
// The analyzer reports nothing itself. Its result, a *Model, lists the routes
// whose router is rooted in the package, with their full path (prefixes of
// groups, sub-routers, mounts and http.StripPrefix joined), method, handler and
// middleware chain (outermost first), and the registrations it could not
// resolve because a path or handler is only known at run time. Other analyzers
// (missing-auth, no-rate-limit, no-request-log) and the `prodready routes`
// command read it.
//
// Supported: net/http (ServeMux incl. Go 1.22 "GET /x/{id}" patterns,
// http.Handle/HandleFunc, ListenAndServe, http.Server), chi (Get/Post/…,
// Route, Group, With, Use, Mount), gorilla/mux (HandleFunc(…).Methods(…),
// PathPrefix, Subrouter, Use), gin (GET/…, Group, Use, per-route handlers) and
// echo (GET/…, Group, Use, per-route middleware).
//
// Handlers are functions, methods, method values, func literals,
// http.HandlerFunc conversions, closures returned by factories (named after
// the factory) and values of types implementing http.Handler.
//
// Middleware is classified by configuration (auth.middleware), by a table of
// well-known library middleware, or by what it does: it calls the next
// handler, and answers 401/403 on some path (authentication), answers 429
// (rate limiting), logs the request's method or URL (request logging) or
// wraps the body in http.MaxBytesReader (body limit). A middleware whose name
// says "auth" but that never rejects is not authentication.
//
// Across packages the analyzer uses facts: MiddlewareFact on middleware
// functions and factories, AuthCheckFact on handlers and helpers that check
// the current user themselves, RateCheckFact on functions that ask a
// golang.org/x/time/rate limiter for a token (a handler doing so limits its
// route itself), CurrentUserFact on functions returning the
// current user, and RouterFuncFact summarising functions that register routes
// on a router parameter or return a router, so that a main package calling
// api.Routes(r) gets the full table.
//
// Deliberately not modelled: routers stored in maps or slices, handlers
// chosen by run-time conditions, middleware chains built by libraries such
// as alice (their routes are still listed, with the chain that is known).
package httpmodel
