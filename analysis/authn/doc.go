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
// files and API docs); handlers that touch no data (a version endpoint);
// routes whose handler cannot be followed statically; and route functions of
// a library package that no analysed caller mounts, because their chain is
// not known. A modular driver (go vet, golangci-lint) reports at the
// registration with the handler as related information; prodready's CLI and
// language server move the finding to the handler's declaration.
package authn
