// Package authn reports routes that read or change data with no
// authentication in front of them.
//
// # Analyzer missingauth
//
// missingauth: routes that touch data without authentication (rule missing-auth)
//
// A route is reported when its handler reads or changes data (it calls
// database/sql, sqlx, pgx, gorm, a Redis or Mongo client, a store or
// repository method, or a function that does, in this package or another)
// and neither a middleware of its chain authenticates nor the handler checks
// the current user itself. The route model (package httpmodel) supplies the
// chain: Use, groups, With, sub-routers, mounts and direct wrapping, across
// packages. For example
//
//	mux.HandleFunc("DELETE /tasks/{id}", s.deleteTask) // no auth middleware
//
// is reported, while the same registration behind a group whose middleware
// rejects with 401 is not.
//
// Not reported: public routes (config auth.public, and paths whose segments
// name health checks, login, signup, token and password endpoints, static
// files and API docs); capability URLs, whose path holds the credential
// itself (a parameter named like a uuid, token, hash, signature or code:
// /unsubscribe/{subUUID}, /invites/:token); handlers that touch no data (a version endpoint);
// routes whose handler cannot be followed statically; and route functions of
// a library package that no analysed caller mounts, because their chain is
// not known. A modular driver (go vet, golangci-lint) reports at the
// registration with the handler as related information; prodready's CLI and
// language server move the finding to the handler's declaration.
//
// # Fixes
//
// Each finding carries the patterns that fit, preferred first (the
// analyzer's result implements patterns.Sites; the preferred one that edits
// this package is attached as the SuggestedFix):
//
//   - auth/require-user, when a handler of the handler's package
//     authenticates its own request on a route without auth middleware: its
//     call (one given the request itself, such as s.auth.Authenticate(r), not
//     one reading the context) and its 401 branch are copied to the top of
//     the handler. Not offered in handler factories, whose returned handler
//     the route model does not judge.
//   - auth/wrap-route, when a route of the registration's package applies an
//     auth middleware whose expression means the same at the registration
//     (same variables in scope with the same types): the expression is
//     copied in the framework's way of applying middleware to one route.
//   - auth/middleware, when no route anywhere in sight has auth middleware:
//     a bearer-token middleware package is created and the route wrapped
//     with it. It creates files, so it is never the SuggestedFix.
//
// The parameters are computed in the package holding the handler and the
// registration and exported as a fact, so a finding reported where a route
// function is mounted offers fixes that edit the route function's package
// (patterns.Site.Package names it).
package authn
