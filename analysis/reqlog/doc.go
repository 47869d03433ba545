// Package reqlog reports routers that serve requests without logging them.
//
// # Analyzer norequestlog
//
// norequestlog: routers without request logging (rule no-request-log)
//
// A router is reported when no route it serves has a request-logging
// middleware in its chain: a framework logger (chi middleware.Logger,
// gin.Logger, echo middleware.Logger, gorilla handlers.LoggingHandler) or a
// middleware of the project that calls the next handler and logs the
// request's method or URL with log, log/slog, zap, zerolog or logrus.
// Without it, an incident leaves no record of who called what.
//
//	r := chi.NewRouter()
//	r.Get("/tasks", h.list) // no r.Use(middleware.Logger)
//
// The fix is logging/request-logger, attached as the SuggestedFix and
// offered through the result's FixSites. It puts a request logger in front
// of every route, first in the chain: r.Use(...) right after the router's
// creation (after a request-id Use that directly follows it), or around the
// whole handler a net/http ServeMux is served with. It applies the
// project's request-logging middleware when the router lacks it and its
// arguments (the logger) are in scope; chi gets middleware.RequestID and
// middleware.Logger; otherwise logRequests is scaffolded and appended to
// the file declaring main (or the first file with a router site), logging
// method, path, status, duration and request id with the *slog.Logger,
// *zap.Logger, *zap.SugaredLogger or zerolog.Logger in scope there, or
// slog's default logger (Go 1.21 and later). A router that a route
// function of another package creates and returns is fixed in that
// package: check -fix and the language server apply it, go vet -fix cannot.
//
// Not reported: routers where some routes are logged (a health check
// registered before the logger is deliberate), logging done by a proxy in
// front of the service (suppress with a reason), and route functions that no
// analysed caller mounts.
package reqlog
