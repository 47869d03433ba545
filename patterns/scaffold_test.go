package patterns

import (
	"go/ast"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prodready/prodready/rewrite"
)

// scaffoldCase is one generated middleware: a router package, the fix
// applied to it, and a test run against what the fix generated.
type scaffoldCase struct {
	name string
	src  string
	fix  func(pkg *rewrite.Package) Fix
	test string
}

// TestScaffoldsBehave generates every scaffold variant into a module and
// runs real tests of each against it: the limiter lets a burst through,
// then answers 429 with Retry-After, tells clients apart by the
// connection's address whatever X-Forwarded-For says, is safe for
// concurrent use and forgets idle clients; the logger logs method, path,
// status, duration and request id.
func TestScaffoldsBehave(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests a module")
	}
	root := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join("testdata", "scaffold", f))
		must(t, err)
		must(t, os.WriteFile(filepath.Join(root, f), data, 0o644))
	}
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
	cases := scaffoldCases()
	for _, c := range cases {
		must(t, os.MkdirAll(filepath.Join(root, c.name), 0o755))
		must(t, os.WriteFile(filepath.Join(root, c.name, c.name+".go"), []byte(strings.Replace(c.src, "PKG", c.name, 1)), 0o644))
	}
	pkgs, err := rewrite.Load(root, nil, "./...")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		var pkg *rewrite.Package
		for _, p := range pkgs {
			if p.Types.Name() == c.name {
				pkg = p
			}
		}
		res, err := rewrite.Rewrite(pkg, c.fix(pkg).Apply)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		contents, err := res.Contents(os.ReadFile)
		must(t, err)
		for name, data := range contents {
			if !rewrite.GofmtStable(data) {
				t.Errorf("%s: %s is not gofmt-stable", c.name, name)
			}
			must(t, os.WriteFile(name, data, 0o644))
		}
		must(t, os.WriteFile(filepath.Join(root, c.name, c.name+"_test.go"), []byte("package "+c.name+"\n"+c.test), 0o644))
	}
	for _, args := range [][]string{{"vet", "./..."}, {"test", "-count=1", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// served finds the handler argument of the package's ListenAndServe call.
func served(pkg *rewrite.Package) RouterSite {
	var site RouterSite
	for _, f := range pkg.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "ListenAndServe" && len(call.Args) == 2 {
					site = RouterSite{Style: RouterWrap, Expr: call.Args[1].Pos(), ExprEnd: call.Args[1].End()}
				}
			}
			return true
		})
	}
	return site
}

// created finds the statement creating the package's router (gin.New,
// echo.New).
func created(pkg *rewrite.Package) RouterSite {
	var site RouterSite
	for _, f := range pkg.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok {
				if call, ok := as.Rhs[0].(*ast.CallExpr); ok {
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "New" {
						site = RouterSite{Style: RouterUse, Assign: call.Pos(), After: as.Pos()}
					}
				}
			}
			return true
		})
	}
	return site
}

func scaffoldCases() []scaffoldCase {
	netRate := func(xrate bool) func(*rewrite.Package) Fix {
		return func(pkg *rewrite.Package) Fix {
			return TokenBucketFix(TokenBucketParams{Site: served(pkg), Framework: "net/http", XRate: xrate})
		}
	}
	netLog := func(kind LoggerKind) func(*rewrite.Package) Fix {
		return func(pkg *rewrite.Package) Fix {
			p := RequestLoggerParams{Site: served(pkg), Framework: "net/http"}
			if kind != "" {
				p.Logger = &LoggerRef{Kind: kind, Expr: Template{Text: "logger"}}
			}
			return RequestLoggerFix(p)
		}
	}
	return []scaffoldCase{
		{name: "netstd", src: netRouter(""), fix: netRate(false), test: limiterTest},
		{name: "netxrate", src: netRouter(""), fix: netRate(true), test: limiterTest},
		{name: "ginrate", src: engineRouter("gin", "github.com/gin-gonic/gin", "*gin.Engine", ""), test: ginRateTest,
			fix: func(pkg *rewrite.Package) Fix {
				return TokenBucketFix(TokenBucketParams{Site: created(pkg), Framework: "gin", FrameworkPath: "github.com/gin-gonic/gin"})
			}},
		{name: "echorate", src: engineRouter("echo", "github.com/labstack/echo/v4", "*echo.Echo", ""), test: echoRateTest,
			fix: func(pkg *rewrite.Package) Fix {
				return TokenBucketFix(TokenBucketParams{Site: created(pkg), Framework: "echo", FrameworkPath: "github.com/labstack/echo/v4"})
			}},
		{name: "netslog", src: netRouter("logger *slog.Logger"), fix: netLog(LoggerSlog), test: slogTest("logRequests(logger)")},
		{name: "netdefault", src: netRouter(""), fix: netLog(""), test: slogTest("logRequests()")},
		{name: "netzap", src: netRouter("logger *zap.Logger"), fix: netLog(LoggerZap), test: zapTest("logger")},
		{name: "netsugar", src: netRouter("logger *zap.SugaredLogger"), fix: netLog(LoggerZapSugared), test: zapTest("logger.Sugar()")},
		{name: "netzerolog", src: netRouter("logger zerolog.Logger"), fix: netLog(LoggerZerolog), test: zerologTest},
		{name: "ginlog", src: engineRouter("gin", "github.com/gin-gonic/gin", "*gin.Engine", "logger *slog.Logger"), test: ginLogTest,
			fix: func(pkg *rewrite.Package) Fix {
				return RequestLoggerFix(RequestLoggerParams{Site: created(pkg), Framework: "gin", FrameworkPath: "github.com/gin-gonic/gin",
					Logger: &LoggerRef{Kind: LoggerSlog, Expr: Template{Text: "logger"}}})
			}},
		{name: "echolog", src: engineRouter("echo", "github.com/labstack/echo/v4", "*echo.Echo", "logger *slog.Logger"), test: echoLogTest,
			fix: func(pkg *rewrite.Package) Fix {
				return RequestLoggerFix(RequestLoggerParams{Site: created(pkg), Framework: "echo", FrameworkPath: "github.com/labstack/echo/v4",
					Logger: &LoggerRef{Kind: LoggerSlog, Expr: Template{Text: "logger"}}})
			}},
	}
}

// netRouter is a package serving a ServeMux; param is Serve's logger
// parameter, if any.
func netRouter(param string) string {
	imports := `"net/http"`
	args := "addr string"
	if param != "" {
		args += ", " + param
		switch {
		case strings.Contains(param, "slog"):
			imports += "\n\t\"log/slog\""
		case strings.Contains(param, "zap"):
			imports += "\n\t\"go.uber.org/zap\""
		case strings.Contains(param, "zerolog"):
			imports += "\n\t\"github.com/rs/zerolog\""
		}
	}
	return "package PKG\n\nimport (\n\t" + imports + "\n)\n\n" +
		"// Serve serves an empty API.\nfunc Serve(" + args + ") error {\n\tmux := http.NewServeMux()\n\treturn http.ListenAndServe(addr, mux)\n}\n" +
		useParam(param)
}

// useParam keeps an otherwise unused import of the logger's package used.
func useParam(param string) string {
	switch {
	case strings.Contains(param, "slog"):
		return "\nvar _ = slog.Default\n"
	case strings.Contains(param, "zap"):
		return "\nvar _ = zap.NewNop\n"
	case strings.Contains(param, "zerolog"):
		return "\nvar _ = zerolog.Nop\n"
	}
	return ""
}

// engineRouter is a package whose New creates a gin or echo router.
func engineRouter(pkgName, path, typ, param string) string {
	imports := "\t\"" + path + "\"\n"
	if param != "" {
		imports = "\t\"log/slog\"\n\n" + imports
	}
	return "package PKG\n\nimport (\n" + imports + ")\n\n" +
		"// New returns the router.\nfunc New(" + param + ") " + typ + " {\n\tr := " + pkgName + ".New()\n\treturn r\n}\n"
}

const limiterTest = `
import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

func TestBucket(t *testing.T) {
	l := newClientLimiter(rateLimitPerSecond, rateLimitBurst, rateLimitIdle)
	t0 := time.Now()
	for i := 0; i < rateLimitBurst; i++ {
		if wait := l.take("a", t0); wait != 0 {
			t.Fatalf("request %d of the burst waits %v", i, wait)
		}
	}
	wait := l.take("a", t0)
	if wait <= 0 || wait > time.Second/rateLimitPerSecond {
		t.Fatalf("after the burst: wait %v, want (0, %v]", wait, time.Second/rateLimitPerSecond)
	}
	if w := l.take("b", t0); w != 0 {
		t.Errorf("another client waits %v", w)
	}
	if w := l.take("a", t0.Add(wait)); w != 0 {
		t.Errorf("after waiting %v the client still waits %v", wait, w)
	}
	l.take("c", t0.Add(wait+rateLimitIdle))
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets after every client but one went idle, want 1", len(l.buckets))
	}
}

func TestConcurrent(t *testing.T) {
	l := newClientLimiter(rateLimitPerSecond, rateLimitBurst, rateLimitIdle)
	now := time.Now()
	var mu sync.Mutex
	var wg sync.WaitGroup
	allowed := 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if l.take("a", now) == 0 {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if allowed != rateLimitBurst {
		t.Errorf("%d of 200 concurrent requests allowed, want %d", allowed, rateLimitBurst)
	}
}

func TestMiddleware(t *testing.T) {
	h := rateLimit()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	get := func(addr, forwarded string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = addr
		if forwarded != "" {
			r.Header.Set("X-Forwarded-For", forwarded)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	n := 0
	var last *httptest.ResponseRecorder
	for ; n < 100000; n++ {
		// A new X-Forwarded-For each time: it must not make a new client.
		if last = get("192.0.2.1:1234", "198.51.100."+strconv.Itoa(n%250)); last.Code != http.StatusNoContent {
			break
		}
	}
	if n < rateLimitBurst || last.Code != http.StatusTooManyRequests {
		t.Fatalf("after %d requests: %d, want 429 after at least %d", n, last.Code, rateLimitBurst)
	}
	if s, err := strconv.Atoi(last.Header().Get("Retry-After")); err != nil || s < 1 {
		t.Errorf("Retry-After %q, want whole seconds", last.Header().Get("Retry-After"))
	}
	if w := get("192.0.2.2:1234", ""); w.Code != http.StatusNoContent {
		t.Errorf("another client gets %d", w.Code)
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "[2001:db8::1]:443"
	r.Header.Set("X-Forwarded-For", "192.0.2.1")
	if ip := clientIP(r); ip != "2001:db8::1" {
		t.Errorf("clientIP = %q, want the connection's address", ip)
	}
}
`

// untilLimited is the loop gin's and echo's tests share: requests until one
// is refused, then checks the refusal.
const untilLimited = `
	n := 0
	var last *httptest.ResponseRecorder
	for ; n < 100000; n++ {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "192.0.2.1:1234"
		last = httptest.NewRecorder()
		h.ServeHTTP(last, r)
		if last.Code != http.StatusNoContent {
			break
		}
	}
	if n < rateLimitBurst || last.Code != http.StatusTooManyRequests {
		t.Fatalf("after %d requests: %d, want 429 after at least %d", n, last.Code, rateLimitBurst)
	}
	if s, err := strconv.Atoi(last.Header().Get("Retry-After")); err != nil || s < 1 {
		t.Errorf("Retry-After %q, want whole seconds", last.Header().Get("Retry-After"))
	}
}
`

const ginRateTest = `
import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestGinLimit(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	r := New()
	r.GET("/", func(c *gin.Context) { c.Status(http.StatusNoContent) })
	h := http.Handler(r)
` + untilLimited

const echoRateTest = `
import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestEchoLimit(t *testing.T) {
	e := New()
	e.GET("/", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
	h := http.Handler(e)
` + untilLimited

// checkRecord checks one logged request, as a map of its fields.
const checkRecord = `
func checkRecord(t *testing.T, rec map[string]any, status float64, id string) {
	t.Helper()
	if rec["method"] != "POST" || rec["path"] != "/tasks" || rec["status"] != status {
		t.Errorf("logged %v, want method POST, path /tasks, status %v", rec, status)
	}
	if _, ok := rec["duration"]; !ok {
		t.Errorf("logged %v, want a duration", rec)
	}
	if got, _ := rec["request_id"].(string); id != "" && got != id || id == "" && got == "" {
		t.Errorf("logged request id %q, want %q", got, id)
	}
}
`

func slogTest(mw string) string {
	setup := "logger := slog.New(slog.NewJSONHandler(&buf, nil))"
	if mw == "logRequests()" {
		setup = "slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))"
	}
	return `
import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	` + setup + `
	h := ` + mw + `(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Request-ID") == "" {
			t.Error("the handler sees no request id")
		}
		if r.URL.Path == "/tasks" {
			w.WriteHeader(http.StatusCreated)
		}
		w.Write([]byte("ok"))
	}))
	send := func(method, target, id string) (map[string]any, *httptest.ResponseRecorder) {
		buf.Reset()
		r := httptest.NewRequest(method, target, nil)
		if id != "" {
			r.Header.Set("X-Request-ID", id)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		var rec map[string]any
		if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
			t.Fatalf("log %q: %v", buf.String(), err)
		}
		return rec, w
	}
	rec, w := send("POST", "/tasks?page=2", "req-42")
	checkRecord(t, rec, 201, "req-42")
	if w.Header().Get("X-Request-ID") != "req-42" {
		t.Errorf("response X-Request-ID %q", w.Header().Get("X-Request-ID"))
	}
	rec, w = send("POST", "/tasks", "bad id\n")
	checkRecord(t, rec, 201, "")
	if id := rec["request_id"].(string); id == "bad id\n" || len(id) != 16 || w.Header().Get("X-Request-ID") != id {
		t.Errorf("request id %q (response %q), want a new 16-digit one", id, w.Header().Get("X-Request-ID"))
	}
	rec, _ = send("GET", "/other", "")
	if rec["status"] != float64(200) {
		t.Errorf("a handler writing only a body: status %v, want 200", rec["status"])
	}
}
` + checkRecord
}

func zapTest(logger string) string {
	return `
import (
	"net/http"
	"net/http/httptest"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

func TestLogger(t *testing.T) {
	core, logs := observer.New(zap.InfoLevel)
	logger := zap.New(core)
	h := logRequests(` + logger + `)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	}))
	r := httptest.NewRequest("POST", "/tasks", nil)
	r.Header.Set("X-Request-ID", "req-42")
	h.ServeHTTP(httptest.NewRecorder(), r)
	entries := logs.All()
	if len(entries) != 1 {
		t.Fatalf("%d log entries, want 1", len(entries))
	}
	rec := map[string]any{}
	for k, v := range entries[0].ContextMap() {
		switch v := v.(type) {
		case int64:
			rec[k] = float64(v)
		default:
			rec[k] = v
		}
	}
	checkRecord(t, rec, 201, "req-42")
}
` + checkRecord
}

const zerologTest = `
import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rs/zerolog"
)

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	h := logRequests(zerolog.New(&buf))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	}))
	r := httptest.NewRequest("POST", "/tasks", nil)
	r.Header.Set("X-Request-ID", "req-42")
	h.ServeHTTP(httptest.NewRecorder(), r)
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("log %q: %v", buf.String(), err)
	}
	checkRecord(t, rec, 201, "req-42")
}
` + checkRecord

const ginLogTest = `
import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestGinLogger(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	var buf bytes.Buffer
	r := New(slog.New(slog.NewJSONHandler(&buf, nil)))
	r.POST("/tasks", func(c *gin.Context) { c.Status(http.StatusCreated) })
	req := httptest.NewRequest("POST", "/tasks", nil)
	req.Header.Set("X-Request-ID", "req-42")
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("log %q: %v", buf.String(), err)
	}
	checkRecord(t, rec, 201, "req-42")
	if w.Header().Get("X-Request-ID") != "req-42" {
		t.Errorf("response X-Request-ID %q", w.Header().Get("X-Request-ID"))
	}
}
` + checkRecord

const echoLogTest = `
import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestEchoLogger(t *testing.T) {
	var buf bytes.Buffer
	e := New(slog.New(slog.NewJSONHandler(&buf, nil)))
	e.POST("/tasks", func(c echo.Context) error { return c.NoContent(http.StatusCreated) })
	req := httptest.NewRequest("POST", "/tasks", nil)
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("log %q: %v", buf.String(), err)
	}
	checkRecord(t, rec, 201, w.Header().Get("X-Request-ID"))
}
` + checkRecord
