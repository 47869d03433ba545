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
// Not reported: routers where some routes are logged (a health check
// registered before the logger is deliberate), logging done by a proxy in
// front of the service (suppress with a reason), and route functions that no
// analysed caller mounts.
package reqlog
