package patterns

import (
	"errors"
	"fmt"
	"go/token"

	"github.com/prodready/prodready/rewrite"
)

// TokenBucket is ratelimit/token-bucket: a per-client rate limiter in front
// of every route of a router.
var TokenBucket = &Pattern{
	ID:      "ratelimit/token-bucket",
	Concern: "rate limiting",
	Rules:   []string{"no-rate-limit"},
	Title:   "Add a token-bucket rate limiter",
	Description: `Puts a per-client rate limiter in front of every route of the router: a client may send
rateLimitBurst requests at once and rateLimitPerSecond a second after that (20 and 10 by default,
constants next to the limiter), and gets 429 Too Many Requests with a Retry-After header (the
seconds until it may try again) beyond that.

The limiter goes where the framework expects it: r.Use(...) right after the router is created for
chi, gorilla/mux, gin and echo (after the Use calls that follow it, but before any that
authenticates, so that guessing credentials is limited too; gin's Use reaches only later routes,
and chi refuses Use after a route); for a net/http ServeMux, around the handler given to the
server (http.ListenAndServe(addr, rateLimit()(mux)), http.Server{Handler: ...}), inside the
request logger when one wraps it there, so refused requests are still logged.

When the project has a rate-limiting middleware (one that answers 429 and calls the next handler)
that this router does not use, that one is applied instead, with its arguments taken from the
variables in scope. Otherwise the limiter is scaffolded: rateLimit() and its helpers are appended to
the file (a new file could not be applied by go vet -fix or golangci-lint --fix). net/http, chi and
gorilla/mux get func(http.Handler) http.Handler middleware, gin a gin.HandlerFunc; the token
buckets are golang.org/x/time/rate limiters when the module requires that module, else a small
bucket of the standard library; echo gets its own RateLimiter with a memory store. Buckets are
kept per client IP address, taken from the connection (net.SplitHostPort(r.RemoteAddr)):
X-Forwarded-For and X-Real-IP are ignored unless rateLimitClientHeader names the header a trusted
proxy sets, because any client can send them and would otherwise escape its limit by changing them.
Buckets of clients idle for rateLimitIdle (10 minutes) are dropped, so memory stays bounded.

A finding on an authentication endpoint of a router whose other routes are limited is fixed by
wrapping that route's registration with the limiter its siblings use, when that limiter can be
written there.`,
	Params: []Param{
		{"site", "where the middleware goes: after the router's creation (Use) or around the served handler"},
		{"middleware", "the project's rate limiter, when it has one the router does not use"},
		{"framework", "the router: net/http, chi, gorilla/mux, gin or echo, and the import path of gin or echo"},
		{"xrate", "whether the module requires golang.org/x/time"},
		{"scaffoldFile", "the file the scaffold is appended to, the same for every router of the package"},
	},
	Example: Example{Before: tokenBucketBefore, After: tokenBucketAfter},
}

func init() { Register(TokenBucket) }

// TokenBucketParams fill ratelimit/token-bucket at a router.
type TokenBucketParams struct {
	Site RouterSite
	// Framework is "net/http", "chi", "gorilla/mux", "gin" or "echo";
	// FrameworkPath the import path of gin or echo as the project imports
	// it.
	Framework, FrameworkPath string
	// Middleware is the project's rate limiter as a middleware value valid
	// at the site (rl.Limit, mw.RateLimit(store)); nil scaffolds one.
	Middleware *Template
	// XRate: build the buckets on golang.org/x/time/rate.
	XRate bool
	// ScaffoldFile is the package file the scaffold is appended to; empty
	// means the site's file.
	ScaffoldFile string
}

// TokenBucketFix returns ratelimit/token-bucket at one router.
func TokenBucketFix(p TokenBucketParams) Fix {
	return Fix{Pattern: TokenBucket, Apply: func(e *rewrite.Editor) error { return tokenBucket(e, p) }}
}

// TokenBucketRouteParams fill ratelimit/token-bucket at one route whose
// siblings are limited.
type TokenBucketRouteParams struct {
	Registration token.Pos
	Style        WrapStyle
	// Middleware is the siblings' limiter: for WrapCall an expression
	// wrapping $h, for the other styles a middleware value.
	Middleware Template
}

// TokenBucketRouteFix returns ratelimit/token-bucket at one registration.
func TokenBucketRouteFix(p TokenBucketRouteParams) Fix {
	return Fix{Pattern: TokenBucket, Apply: func(e *rewrite.Editor) error {
		return wrapRoute(e, WrapRouteParams(p))
	}}
}

func tokenBucket(e *rewrite.Editor, p TokenBucketParams) error {
	at := sitePos(p.Site)
	if p.Middleware != nil {
		mws, err := expandAll(e, at, []Template{*p.Middleware})
		if err != nil {
			return err
		}
		return addRouterMiddleware(e, p.Site, mws)
	}
	s, err := rateLimitScaffold(p)
	if err != nil {
		return err
	}
	names, err := addScaffold(e, p.ScaffoldFile, s, at)
	if err != nil {
		return err
	}
	return addRouterMiddleware(e, p.Site, []string{names["rateLimit"] + "()"})
}

func rateLimitScaffold(p TokenBucketParams) (declScaffold, error) {
	s := declScaffold{
		imports: []string{"net", "net/http", "strings", "strconv", "time"},
		names:   []string{"rateLimit", "rateLimitPerSecond", "rateLimitBurst", "rateLimitIdle", "rateLimitClientHeader", "clientIP"},
	}
	src := rateLimitConsts + clientIPSrc
	limiter := func() {
		s.imports = append(s.imports, "sync")
		s.names = append(s.names, "clientLimiter", "newClientLimiter", "tokenBucket")
		if p.XRate {
			s.imports = append(s.imports, "golang.org/x/time/rate")
			src += xrateLimiterSrc
		} else {
			src += stdLimiterSrc
		}
	}
	switch p.Framework {
	case "net/http", "chi", "gorilla/mux":
		limiter()
		src = rateLimitNetHTTP + src
	case "gin":
		if p.Site.Style != RouterUse || p.FrameworkPath == "" {
			return declScaffold{}, errors.New("gin routers take middleware through Use")
		}
		limiter()
		s.imports = append(s.imports, p.FrameworkPath)
		src = rateLimitGin + src
	case "echo":
		if p.Site.Style != RouterUse || p.FrameworkPath == "" {
			return declScaffold{}, errors.New("echo routers take middleware through Use")
		}
		s.imports = append(s.imports, "math", p.FrameworkPath, p.FrameworkPath+"/middleware")
		src = rateLimitEcho + src
	default:
		return declScaffold{}, fmt.Errorf("no rate limiter for %q", p.Framework)
	}
	s.src = src
	return s, nil
}

const rateLimitNetHTTP = `// rateLimit returns middleware that answers 429 Too Many Requests, with a
// Retry-After header, to a client sending more than rateLimitPerSecond
// requests a second (rateLimitBurst at once). Each call makes a limiter of
// its own.
func rateLimit() func(http.Handler) http.Handler {
	limiter := newClientLimiter(rateLimitPerSecond, rateLimitBurst, rateLimitIdle)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if wait := limiter.take(clientIP(r), time.Now()); wait > 0 {
				w.Header().Set("Retry-After", strconv.FormatInt(int64((wait+time.Second-1)/time.Second), 10))
				http.Error(w, http.StatusText(http.StatusTooManyRequests), http.StatusTooManyRequests)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
`

const rateLimitGin = `// rateLimit returns middleware that aborts with 429 Too Many Requests, and
// a Retry-After header, the requests of a client sending more than
// rateLimitPerSecond a second (rateLimitBurst at once). Each call makes a
// limiter of its own.
func rateLimit() gin.HandlerFunc {
	limiter := newClientLimiter(rateLimitPerSecond, rateLimitBurst, rateLimitIdle)
	return func(c *gin.Context) {
		if wait := limiter.take(clientIP(c.Request), time.Now()); wait > 0 {
			c.Header("Retry-After", strconv.FormatInt(int64((wait+time.Second-1)/time.Second), 10))
			c.AbortWithStatus(http.StatusTooManyRequests)
			return
		}
		c.Next()
	}
}
`

const rateLimitEcho = `// rateLimit returns echo's rate limiter with a memory store: a client
// sending more than rateLimitPerSecond requests a second (rateLimitBurst at
// once) gets 429 Too Many Requests with a Retry-After header. Each call
// makes a limiter of its own.
func rateLimit() echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate:      rateLimitPerSecond,
			Burst:     rateLimitBurst,
			ExpiresIn: rateLimitIdle,
		}),
		IdentifierExtractor: func(c echo.Context) (string, error) {
			return clientIP(c.Request()), nil
		},
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			// An empty bucket holds a token again within 1/rateLimitPerSecond.
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(1.0/rateLimitPerSecond))))
			return echo.ErrTooManyRequests
		},
	})
}
`

const rateLimitConsts = `
// Limits of rateLimit, per client.
const (
	rateLimitPerSecond = 10               // requests a client may send per second, sustained
	rateLimitBurst     = 20               // requests a client may send at once
	rateLimitIdle      = 10 * time.Minute // a client idle this long is forgotten
)

// rateLimitClientHeader names the request header in which a trusted reverse
// proxy passes the client's address (X-Real-IP, or X-Forwarded-For, whose
// last entry is the one the proxy added). Leave it empty when clients
// connect directly: any client can send these headers, and trusting them
// would let it escape its limit by changing them.
const rateLimitClientHeader = ""
`

const clientIPSrc = `
// clientIP returns the address rateLimit tells clients apart by: the IP
// address of the connection, or rateLimitClientHeader's value when set.
func clientIP(r *http.Request) string {
	if rateLimitClientHeader != "" {
		if vs := r.Header.Values(rateLimitClientHeader); len(vs) > 0 {
			hops := strings.Split(vs[len(vs)-1], ",")
			if ip := strings.TrimSpace(hops[len(hops)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
`

// takeSrc opens clientLimiter.take, the same on both bucket kinds: it
// forgets the clients idle for l.idle, at most once per l.idle, and looks up
// the client's bucket b.
const takeSrc = `
// take takes a token from client's bucket and returns 0 or, when the bucket
// is empty, how long until it holds a token again.
func (l *clientLimiter) take(client string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) >= l.idle {
		for c, b := range l.buckets {
			if now.Sub(b.seen) >= l.idle {
				delete(l.buckets, c)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[client]
`

const stdLimiterSrc = `
// clientLimiter keeps a token bucket per client: a bucket holds up to burst
// tokens and refills at perSecond tokens a second; each request takes one.
// A client idle for idle is forgotten (its bucket would be full again), so
// memory holds only recent clients. It is safe for concurrent use.
type clientLimiter struct {
	perSecond, burst float64
	idle             time.Duration

	mu      sync.Mutex
	buckets map[string]*tokenBucket
	swept   time.Time
}

type tokenBucket struct {
	tokens float64
	seen   time.Time
}

func newClientLimiter(perSecond, burst float64, idle time.Duration) *clientLimiter {
	return &clientLimiter{perSecond: perSecond, burst: burst, idle: idle, buckets: map[string]*tokenBucket{}, swept: time.Now()}
}
` + takeSrc + `	if !ok {
		b = &tokenBucket{tokens: l.burst, seen: now}
		l.buckets[client] = b
	}
	if elapsed := now.Sub(b.seen); elapsed > 0 {
		b.tokens += elapsed.Seconds() * l.perSecond
		if b.tokens > l.burst {
			b.tokens = l.burst
		}
		b.seen = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return time.Duration((1 - b.tokens) / l.perSecond * float64(time.Second))
}
`

const xrateLimiterSrc = `
// clientLimiter keeps a token bucket (a rate.Limiter) per client: a bucket
// holds up to burst tokens and refills at perSecond tokens a second; each
// request takes one. A client idle for idle is forgotten (its bucket would be
// full again), so memory holds only recent clients. It is safe for
// concurrent use.
type clientLimiter struct {
	perSecond rate.Limit
	burst     int
	idle      time.Duration

	mu      sync.Mutex
	buckets map[string]*tokenBucket
	swept   time.Time
}

type tokenBucket struct {
	limiter *rate.Limiter
	seen    time.Time
}

func newClientLimiter(perSecond, burst float64, idle time.Duration) *clientLimiter {
	return &clientLimiter{perSecond: rate.Limit(perSecond), burst: int(burst), idle: idle, buckets: map[string]*tokenBucket{}, swept: time.Now()}
}
` + takeSrc + `	if !ok {
		b = &tokenBucket{limiter: rate.NewLimiter(l.perSecond, l.burst)}
		l.buckets[client] = b
	}
	b.seen = now
	res := b.limiter.ReserveN(now, 1)
	if !res.OK() {
		return l.idle
	}
	if wait := res.DelayFrom(now); wait > 0 {
		res.CancelAt(now)
		return wait
	}
	return 0
}
`

const tokenBucketBefore = `package api

import (
	"net/http"
	"time"
)

func login(w http.ResponseWriter, r *http.Request) {}

func listTasks(w http.ResponseWriter, r *http.Request) {}

// Serve answers the API on addr.
func Serve(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", login)
	mux.HandleFunc("GET /tasks", listTasks)
	srv := &http.Server{
		Addr:              addr,
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       time.Minute,
	}
	return srv.ListenAndServe()
}
`

const tokenBucketAfter = `package api

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

func login(w http.ResponseWriter, r *http.Request) {}

func listTasks(w http.ResponseWriter, r *http.Request) {}

// Serve answers the API on addr.
func Serve(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", login)
	mux.HandleFunc("GET /tasks", listTasks)
	srv := &http.Server{
		Addr:              addr,
		Handler:           rateLimit()(mux),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       time.Minute,
	}
	return srv.ListenAndServe()
}

// rateLimit returns middleware that answers 429 Too Many Requests, with a
// Retry-After header, to a client sending more than rateLimitPerSecond
// requests a second (rateLimitBurst at once). Each call makes a limiter of
// its own.
func rateLimit() func(http.Handler) http.Handler {
	limiter := newClientLimiter(rateLimitPerSecond, rateLimitBurst, rateLimitIdle)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if wait := limiter.take(clientIP(r), time.Now()); wait > 0 {
				w.Header().Set("Retry-After", strconv.FormatInt(int64((wait+time.Second-1)/time.Second), 10))
				http.Error(w, http.StatusText(http.StatusTooManyRequests), http.StatusTooManyRequests)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Limits of rateLimit, per client.
const (
	rateLimitPerSecond = 10               // requests a client may send per second, sustained
	rateLimitBurst     = 20               // requests a client may send at once
	rateLimitIdle      = 10 * time.Minute // a client idle this long is forgotten
)

// rateLimitClientHeader names the request header in which a trusted reverse
// proxy passes the client's address (X-Real-IP, or X-Forwarded-For, whose
// last entry is the one the proxy added). Leave it empty when clients
// connect directly: any client can send these headers, and trusting them
// would let it escape its limit by changing them.
const rateLimitClientHeader = ""

// clientIP returns the address rateLimit tells clients apart by: the IP
// address of the connection, or rateLimitClientHeader's value when set.
func clientIP(r *http.Request) string {
	if rateLimitClientHeader != "" {
		if vs := r.Header.Values(rateLimitClientHeader); len(vs) > 0 {
			hops := strings.Split(vs[len(vs)-1], ",")
			if ip := strings.TrimSpace(hops[len(hops)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// clientLimiter keeps a token bucket per client: a bucket holds up to burst
// tokens and refills at perSecond tokens a second; each request takes one.
// A client idle for idle is forgotten (its bucket would be full again), so
// memory holds only recent clients. It is safe for concurrent use.
type clientLimiter struct {
	perSecond, burst float64
	idle             time.Duration

	mu      sync.Mutex
	buckets map[string]*tokenBucket
	swept   time.Time
}

type tokenBucket struct {
	tokens float64
	seen   time.Time
}

func newClientLimiter(perSecond, burst float64, idle time.Duration) *clientLimiter {
	return &clientLimiter{perSecond: perSecond, burst: burst, idle: idle, buckets: map[string]*tokenBucket{}, swept: time.Now()}
}

// take takes a token from client's bucket and returns 0 or, when the bucket
// is empty, how long until it holds a token again.
func (l *clientLimiter) take(client string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) >= l.idle {
		for c, b := range l.buckets {
			if now.Sub(b.seen) >= l.idle {
				delete(l.buckets, c)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[client]
	if !ok {
		b = &tokenBucket{tokens: l.burst, seen: now}
		l.buckets[client] = b
	}
	if elapsed := now.Sub(b.seen); elapsed > 0 {
		b.tokens += elapsed.Seconds() * l.perSecond
		if b.tokens > l.burst {
			b.tokens = l.burst
		}
		b.seen = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return time.Duration((1 - b.tokens) / l.perSecond * float64(time.Second))
}
`
