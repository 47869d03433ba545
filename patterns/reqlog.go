package patterns

import (
	"errors"
	"fmt"
	"strings"

	"github.com/prodready/prodready/rewrite"
)

// RequestLogger is logging/request-logger: a middleware logging every
// request of a router.
var RequestLogger = &Pattern{
	ID:      "logging/request-logger",
	Concern: "logging",
	Rules:   []string{"no-request-log"},
	Title:   "Add request logging middleware",
	Description: `Puts a request logger in front of every route of the router, logging each request once it is
answered: method, path, status, duration and request id.

The logger goes where the framework expects it and runs first, so requests refused by other
middleware (401, 429) are logged too: r.Use(...) right after the router is created for chi,
gorilla/mux, gin and echo (after a Use of the framework's request-id middleware that directly
follows it); for a net/http ServeMux, around the handler given to the server
(http.ListenAndServe(addr, logRequests(logger)(mux)), http.Server{Handler: ...}).

When the project has a request-logging middleware that this router does not use, that one is
applied, with its arguments (the logger) taken from the variables in scope. chi gets its own
middleware.RequestID and middleware.Logger. Otherwise logRequests is scaffolded and appended to the
file: func(http.Handler) http.Handler middleware for net/http and gorilla/mux, a gin.HandlerFunc
for gin (gin.Logger records no request id), and echo's RequestLoggerWithConfig (after its
middleware.RequestID) for echo. It logs with the project's logger when one is in scope where the
middleware is applied — a *slog.Logger, *zap.Logger, *zap.SugaredLogger or zerolog.Logger
variable, parameter or field of the receiver — and with log/slog's default logger otherwise. The
request id is the request's X-Request-ID header when it is a plausible id, else a new random one;
it is set on the request and the response so handlers and clients can quote it.`,
	Params: []Param{
		{"site", "where the middleware goes: after the router's creation (Use) or around the served handler"},
		{"middleware", "the project's request logger, when it has one the router does not use"},
		{"logger", "the project's logger in scope at the site, and its kind (slog, zap, zerolog)"},
		{"framework", "the router: net/http, chi, gorilla/mux, gin or echo, and its import path"},
		{"scaffoldFile", "the file the scaffold is appended to, the same for every router of the package"},
	},
	Example: Example{Before: requestLoggerBefore, After: requestLoggerAfter},
}

func init() { Register(RequestLogger) }

// LoggerKind is a logging library a scaffold can log with.
type LoggerKind string

// The logger kinds.
const (
	LoggerSlog       LoggerKind = "slog"        // *slog.Logger
	LoggerZap        LoggerKind = "zap"         // *zap.Logger
	LoggerZapSugared LoggerKind = "zap-sugared" // *zap.SugaredLogger
	LoggerZerolog    LoggerKind = "zerolog"     // zerolog.Logger
	LoggerZerologPtr LoggerKind = "zerolog-ptr" // *zerolog.Logger
)

// LoggerRef is the project's logger as a site sees it.
type LoggerRef struct {
	Kind LoggerKind
	// Expr is the logger's value at the site: logger, s.log.
	Expr Template
}

// RequestLoggerParams fill logging/request-logger at a router.
type RequestLoggerParams struct {
	Site RouterSite
	// Framework is "net/http", "chi", "gorilla/mux", "gin" or "echo";
	// FrameworkPath the import path of chi, gin or echo as the project
	// imports it.
	Framework, FrameworkPath string
	// Middleware is the project's request logger as a middleware value
	// valid at the site; nil adds the framework's or a scaffolded one.
	Middleware *Template
	// Logger is the project's logger at the site; nil logs with log/slog's
	// default logger.
	Logger *LoggerRef
	// HasRequestID: the router already runs the framework's request-id
	// middleware before the logger's place.
	HasRequestID bool
	// ScaffoldFile is the package file the scaffold is appended to; empty
	// means the site's file.
	ScaffoldFile string
}

// RequestLoggerFix returns logging/request-logger at one router.
func RequestLoggerFix(p RequestLoggerParams) Fix {
	return Fix{Pattern: RequestLogger, Apply: func(e *rewrite.Editor) error { return requestLogger(e, p) }}
}

func requestLogger(e *rewrite.Editor, p RequestLoggerParams) error {
	at := sitePos(p.Site)
	if p.Middleware != nil {
		mws, err := expandAll(e, at, []Template{*p.Middleware})
		if err != nil {
			return err
		}
		return addRouterMiddleware(e, p.Site, mws)
	}
	var before []string // framework middleware to run first
	if p.Framework == "chi" || p.Framework == "echo" {
		if p.FrameworkPath == "" {
			return errors.New("no import path for the framework's middleware")
		}
		file, err := e.FileAt(at)
		if err != nil {
			return err
		}
		mw := e.AddImport(file, p.FrameworkPath+"/middleware", "middleware")
		if p.Framework == "chi" {
			if !p.HasRequestID {
				before = append(before, mw+".RequestID")
			}
			return addRouterMiddleware(e, p.Site, append(before, mw+".Logger"))
		}
		if !p.HasRequestID {
			before = append(before, mw+".RequestID()")
		}
	}
	s, err := requestLoggerScaffold(p)
	if err != nil {
		return err
	}
	names, err := addScaffold(e, p.ScaffoldFile, s, at)
	if err != nil {
		return err
	}
	arg := ""
	if p.Logger != nil {
		exprs, err := expandAll(e, at, []Template{p.Logger.Expr})
		if err != nil {
			return err
		}
		arg = exprs[0]
	}
	return addRouterMiddleware(e, p.Site, append(before, names["logRequests"]+"("+arg+")"))
}

func requestLoggerScaffold(p RequestLoggerParams) (declScaffold, error) {
	s := declScaffold{imports: []string{"net/http", "time"}, names: []string{"logRequests", "requestID"}}
	var param string
	if p.Logger != nil {
		switch p.Logger.Kind {
		case LoggerSlog:
			param = "logger *slog.Logger"
		case LoggerZap:
			param = "logger *zap.Logger"
		case LoggerZapSugared:
			param = "logger *zap.SugaredLogger"
		case LoggerZerolog:
			param = "logger zerolog.Logger"
		case LoggerZerologPtr:
			param = "logger *zerolog.Logger"
		default:
			return declScaffold{}, fmt.Errorf("unknown logger kind %q", p.Logger.Kind)
		}
	}
	kind := LoggerKind("")
	if p.Logger != nil {
		kind = p.Logger.Kind
	}
	switch kind {
	case "", LoggerSlog:
		s.imports = append(s.imports, "log/slog")
	case LoggerZap, LoggerZapSugared:
		s.imports = append(s.imports, "go.uber.org/zap")
	default:
		s.imports = append(s.imports, "github.com/rs/zerolog")
	}
	var src string
	switch p.Framework {
	case "net/http", "gorilla/mux", "chi":
		src = strings.Replace(logRequestsNetHTTP, "LOG", logStatement(kind, "r.Context()", "r.Method", "r.URL.Path", "rec.status", "time.Since(start)", "id"), 1)
		s.names = append(s.names, "statusRecorder")
	case "gin":
		if p.Site.Style != RouterUse || p.FrameworkPath == "" {
			return declScaffold{}, errors.New("gin routers take middleware through Use")
		}
		s.imports = append(s.imports, p.FrameworkPath)
		src = strings.Replace(logRequestsGin, "LOG", logStatement(kind, "c.Request.Context()", "c.Request.Method", "c.Request.URL.Path", "c.Writer.Status()", "time.Since(start)", "id"), 1)
	case "echo":
		if p.Site.Style != RouterUse || p.FrameworkPath == "" {
			return declScaffold{}, errors.New("echo routers take middleware through Use")
		}
		s.imports = append(s.imports, p.FrameworkPath, p.FrameworkPath+"/middleware")
		s.names = s.names[:1] // echo's RequestID middleware sets the id
		src = strings.Replace(logRequestsEcho, "LOG", logStatement(kind, "c.Request().Context()", "v.Method", "v.URIPath", "v.Status", "v.Latency", "v.RequestID"), 1)
	default:
		return declScaffold{}, fmt.Errorf("no request logger for %q", p.Framework)
	}
	src = strings.Replace(src, "PARAM", param, 1)
	if p.Framework != "echo" {
		src += requestIDSrc
		s.imports = append(s.imports, "crypto/rand", "encoding/hex", "strconv", "strings")
	}
	s.src = src
	return s, nil
}

// logStatement is the statement logging one request with a logger of kind
// (log/slog's default when kind is empty) named logger.
func logStatement(kind LoggerKind, ctx, method, path, status, dur, id string) string {
	switch kind {
	case LoggerZap:
		return fmt.Sprintf(`logger.Info("request", zap.String("method", %s), zap.String("path", %s), zap.Int("status", %s), zap.Duration("duration", %s), zap.String("request_id", %s))`, method, path, status, dur, id)
	case LoggerZapSugared:
		return fmt.Sprintf(`logger.Infow("request", "method", %s, "path", %s, "status", %s, "duration", %s, "request_id", %s)`, method, path, status, dur, id)
	case LoggerZerolog, LoggerZerologPtr:
		return fmt.Sprintf(`logger.Info().Str("method", %s).Str("path", %s).Int("status", %s).Dur("duration", %s).Str("request_id", %s).Msg("request")`, method, path, status, dur, id)
	}
	recv := "slog"
	if kind == LoggerSlog {
		recv = "logger"
	}
	return fmt.Sprintf(`%s.LogAttrs(%s, slog.LevelInfo, "request", slog.String("method", %s), slog.String("path", %s), slog.Int("status", %s), slog.Duration("duration", %s), slog.String("request_id", %s))`, recv, ctx, method, path, status, dur, id)
}

const logRequestsNetHTTP = `// logRequests returns middleware that logs every request once it is
// answered: method, path, status, duration and request id.
func logRequests(PARAM) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			id := requestID(r)
			r.Header.Set("X-Request-ID", id)
			w.Header().Set("X-Request-ID", id)
			rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			LOG
		})
	}
}

// statusRecorder remembers the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(status int) {
	if !s.wrote {
		s.status, s.wrote = status, true
	}
	s.ResponseWriter.WriteHeader(status)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
`

const logRequestsGin = `// logRequests returns middleware that logs every request once it is
// answered: method, path, status, duration and request id.
func logRequests(PARAM) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		id := requestID(c.Request)
		c.Request.Header.Set("X-Request-ID", id)
		c.Header("X-Request-ID", id)
		c.Next()
		LOG
	}
}
`

const logRequestsEcho = `// logRequests returns echo's request logger, logging every request once it
// is answered: method, path, status, duration and the id middleware.RequestID
// gave it.
func logRequests(PARAM) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogMethod:    true,
		LogURIPath:   true,
		LogStatus:    true,
		LogLatency:   true,
		LogRequestID: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			LOG
			return nil
		},
	})
}
`

const requestIDSrc = `
// requestID returns the request's X-Request-ID header when it is a plausible
// id (up to 64 printable characters), else a new random id.
func requestID(r *http.Request) string {
	id := r.Header.Get("X-Request-ID")
	if id != "" && len(id) <= 64 && strings.IndexFunc(id, func(c rune) bool { return c <= ' ' || c > '~' }) < 0 {
		return id
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	return hex.EncodeToString(b[:])
}
`

const requestLoggerBefore = `package api

import (
	"log/slog"
	"net/http"
	"time"
)

func listTasks(w http.ResponseWriter, r *http.Request) {}

// Serve answers the API on addr.
func Serve(addr string, logger *slog.Logger) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tasks", listTasks)
	srv := &http.Server{
		Addr:              addr,
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}
	return srv.ListenAndServe()
}
`

const requestLoggerAfter = `package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

func listTasks(w http.ResponseWriter, r *http.Request) {}

// Serve answers the API on addr.
func Serve(addr string, logger *slog.Logger) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tasks", listTasks)
	srv := &http.Server{
		Addr:              addr,
		Handler:           logRequests(logger)(mux),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}
	return srv.ListenAndServe()
}

// logRequests returns middleware that logs every request once it is
// answered: method, path, status, duration and request id.
func logRequests(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			id := requestID(r)
			r.Header.Set("X-Request-ID", id)
			w.Header().Set("X-Request-ID", id)
			rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			logger.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", rec.status), slog.Duration("duration", time.Since(start)), slog.String("request_id", id))
		})
	}
}

// statusRecorder remembers the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(status int) {
	if !s.wrote {
		s.status, s.wrote = status, true
	}
	s.ResponseWriter.WriteHeader(status)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// requestID returns the request's X-Request-ID header when it is a plausible
// id (up to 64 printable characters), else a new random id.
func requestID(r *http.Request) string {
	id := r.Header.Get("X-Request-ID")
	if id != "" && len(id) <= 64 && strings.IndexFunc(id, func(c rune) bool { return c <= ' ' || c > '~' }) < 0 {
		return id
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	return hex.EncodeToString(b[:])
}
`
