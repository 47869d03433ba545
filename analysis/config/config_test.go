package config

import (
	"errors"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
)

// The example from the design document.
const example = `rules:            # per rule: error | warning | info | off
  no-request-log: off
auth:
  middleware: [example.com/app/auth.Require]       # functions that enforce authentication
  userFromContext: example.com/app/auth.UserFrom   # how patterns obtain the current user
  public: ["GET /healthz", "POST /login", "/static/*"]
scope:
  ownerColumns: [user_id, owner_id, tenant_id, org_id, account_id]
sensitive:
  fields: [password, password_hash, secret, token, api_key, ssn]   # added to the built-in list
limits:
  maxBodyBytes: 4194304   # the request body limit validation/limit-body writes
exclude: ["**/*_test.go", "internal/legacy/**"]
`

func TestParseExample(t *testing.T) {
	got, err := parse("x.yaml", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path:  "x.yaml",
		Rules: map[string]Severity{"no-request-log": SeverityOff},
		Auth: Auth{
			Middleware:      []string{"example.com/app/auth.Require"},
			UserFromContext: "example.com/app/auth.UserFrom",
			Public:          []string{"GET /healthz", "POST /login", "/static/*"},
		},
		Scope:     Scope{OwnerColumns: []string{"user_id", "owner_id", "tenant_id", "org_id", "account_id"}},
		Sensitive: Sensitive{Fields: []string{"password", "password_hash", "secret", "token", "api_key", "ssn"}},
		Limits:    Limits{MaxBodyBytes: 4 << 20},
		Exclude:   []string{"**/*_test.go", "internal/legacy/**"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseDefaultsAndNulls(t *testing.T) {
	for _, src := range []string{
		"",
		"# only a comment\n",
		"~\n",
		"rules:\nauth:\nscope:\nsensitive:\nlimits:\nexclude:\n",
		"limits:\n  maxBodyBytes:\n",
		"auth:\n  public:\n  middleware: ~\nscope:\n  ownerColumns:\n",
	} {
		got, err := parse("x.yaml", []byte(src))
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		want := Defaults()
		want.Path = "x.yaml"
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %+v, want defaults", src, got)
		}
	}
}

func TestParseAliasesAndCustomColumns(t *testing.T) {
	src := "sensitive:\n  fields: &secrets [pin, cvv]\nscope:\n  ownerColumns: [team_id]\nexclude: *secrets\nrules:\n  missing-auth: warning\n  invalid-suppression: off\n"
	got, err := parse("x.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Exclude, []string{"pin", "cvv"}) || !slices.Equal(got.Scope.OwnerColumns, []string{"team_id"}) {
		t.Errorf("got %+v", got)
	}
	if got.Severity("missing-auth") != SeverityWarning || got.Severity("invalid-suppression") != SeverityOff {
		t.Errorf("rules = %v", got.Rules)
	}
}

func TestSeverity(t *testing.T) {
	c := &Config{Rules: map[string]Severity{"no-context": SeverityOff, "sql-concat": SeverityWarning}}
	for _, tt := range []struct {
		c    *Config
		rule string
		want Severity
	}{
		{c, "no-context", SeverityOff},
		{c, "sql-concat", SeverityWarning},
		{c, "missing-auth", SeverityError},   // registry default
		{c, "no-request-log", SeverityInfo},  // registry default
		{nil, "missing-auth", SeverityError}, // nil config
		{c, "no-such-rule", SeverityOff},     // unknown rule
		{Defaults(), "ignored-error", SeverityWarning},
	} {
		if got := tt.c.Severity(tt.rule); got != tt.want {
			t.Errorf("Severity(%q) = %q, want %q", tt.rule, got, tt.want)
		}
		if got := tt.c.Enabled(tt.rule); got != (tt.want != SeverityOff) {
			t.Errorf("Enabled(%q) = %v", tt.rule, got)
		}
	}
}

func TestIsPublic(t *testing.T) {
	c := &Config{Auth: Auth{Public: []string{"GET /healthz", "post /login", "/static/*", "/metrics", "GET /users/{id}", "DELETE /v1/items/:id", "not a route"}}}
	for _, tt := range []struct {
		method, path string
		want         bool
	}{
		{"GET", "/healthz", true},
		{"get", "/healthz", true},
		{"HEAD", "/healthz", true}, // GET serves HEAD
		{"POST", "/healthz", false},
		{"ANY", "/healthz", false}, // all methods, but only GET is public
		{"", "/healthz", false},
		{"GET", "/healthz/", false},
		{"GET", "/healthzx", false},
		{"POST", "/login", true},
		{"GET", "/login", false},
		{"GET", "/static/app.js", true},
		{"POST", "/static/a/b/c.css", true},
		{"ANY", "/static/", true},
		{"GET", "/static", false},
		{"GET", "/staticx", false},
		{"PUT", "/metrics", true}, // no method: any
		{"ANY", "/metrics", true},
		{"GET", "/users/{id}", true},
		{"GET", "/users/42", false},  // placeholders are not wildcards
		{"GET", "/users/:id", false}, // and are compared as written
		{"DELETE", "/v1/items/:id", true},
		{"DELETE", "/v1/items/{id}", false},
		{"GET", "/other", false},
	} {
		if got := c.IsPublic(tt.method, tt.path); got != tt.want {
			t.Errorf("IsPublic(%q, %q) = %v, want %v", tt.method, tt.path, got, tt.want)
		}
	}
	if (*Config)(nil).IsPublic("GET", "/healthz") || Defaults().IsPublic("GET", "/") {
		t.Error("no public routes expected")
	}
	all := &Config{Auth: Auth{Public: []string{"/*"}}}
	if !all.IsPublic("POST", "/anything") {
		t.Error(`"/*" should match every path`)
	}
}

func TestExcluded(t *testing.T) {
	c := &Config{Exclude: []string{"**/*_test.go", "internal/legacy/**", "gen", "/tools/*.go", "docs/", "a/**/z.go", "x?.go", "[0-9]*.sql"}}
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"a_test.go", true},
		{"pkg/api/a_test.go", true},
		{"pkg/api/a.go", false},
		{"internal/legacy/old.go", true},
		{"internal/legacy/deep/er/old.go", true},
		{"internal/legacy", true},
		{"internal/legacyx/old.go", false},
		{"x/internal/legacy/old.go", false}, // patterns with a slash are anchored
		{"gen", true},
		{"gen/a.go", true},     // a matched directory excludes its contents
		{"pkg/gen/a.go", true}, // a pattern without a slash matches at any depth
		{"pkg/generated.go", false},
		{"tools/run.go", true},
		{"tools/sub/run.go", false},
		{"pkg/tools/run.go", false},
		{"docs/a.md", true},
		{"a/z.go", true}, // ** matches zero elements
		{"a/b/c/z.go", true},
		{"b/a/z.go", false},
		{"xy.go", true},
		{"xyz.go", false},
		{"db/01_init.sql", true},
		{"./pkg/a_test.go", true},
		{filepath.Join("pkg", "api", "b_test.go"), true},
		{"../outside_test.go", false}, // outside the configuration's directory
		{"/abs/a_test.go", false},
		{".", false},
	} {
		if got := c.Excluded(tt.path); got != tt.want {
			t.Errorf("Excluded(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
	if (*Config)(nil).Excluded("a_test.go") || Defaults().Excluded("a_test.go") {
		t.Error("nothing is excluded by default")
	}
}

func TestExcludedFile(t *testing.T) {
	dir := t.TempDir()
	c := &Config{Path: filepath.Join(dir, FileName), Exclude: []string{"internal/legacy/**"}}
	if !c.ExcludedFile(filepath.Join(dir, "internal", "legacy", "a.go")) {
		t.Error("file below the config's directory not excluded")
	}
	if c.ExcludedFile(filepath.Join(dir, "internal", "a.go")) {
		t.Error("file excluded wrongly")
	}
	if c.ExcludedFile(filepath.Join(filepath.Dir(dir), "internal", "legacy", "a.go")) {
		t.Error("file outside the config's directory excluded")
	}
}

// writeFile creates path with its parent directories.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
		t.Fatal(err)
	}
}

func TestFindAndForDir(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, FileName), "rules:\n  no-context: off\n")
	writeFile(t, filepath.Join(root, "svc", FileName), "rules:\n  no-context: warning\n")
	deep := filepath.Join(root, "svc", "api", "v1")
	other := filepath.Join(root, "web", "ui")
	for _, d := range []string{deep, other, filepath.Join(root, "dironly", FileName)} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}

	for _, tt := range []struct{ dir, want string }{
		{deep, filepath.Join(root, "svc", FileName)},
		{filepath.Join(root, "svc"), filepath.Join(root, "svc", FileName)},
		{other, filepath.Join(root, FileName)},
		{root, filepath.Join(root, FileName)},
		{filepath.Join(root, "dironly"), filepath.Join(root, FileName)}, // a directory named .prodready.yaml is not a file
	} {
		if got, ok := Find(tt.dir); !ok || got != tt.want {
			t.Errorf("Find(%s) = %q, %v; want %q", tt.dir, got, ok, tt.want)
		}
	}

	cfg, err := ForDir(deep)
	if err != nil || cfg.Severity("no-context") != SeverityWarning || cfg.Path != filepath.Join(root, "svc", FileName) {
		t.Errorf("ForDir(deep) = %+v, %v", cfg, err)
	}
	if again, _ := ForDir(filepath.Join(root, "svc")); again != cfg {
		t.Error("unchanged file was loaded twice")
	}
}

func TestForDirWithoutFile(t *testing.T) {
	dir := t.TempDir()
	if p, ok := Find(dir); ok {
		t.Skipf("a %s above the temporary directory (%s) makes this test meaningless", FileName, p)
	}
	cfg, err := ForDir(dir)
	if err != nil || !reflect.DeepEqual(cfg, Defaults()) {
		t.Errorf("ForDir = %+v, %v; want defaults", cfg, err)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(filepath.Join(dir, "missing.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(dir, FileName)
	writeFile(t, bad, "auth:\n  public: /x\n")
	_, err = Load(bad)
	if want := bad + ":2:11: auth.public: want a list of strings, got a string (write [/x] for a list of one)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if _, err := ForDir(dir); err == nil || err.Error() != bad+":2:11: auth.public: want a list of strings, got a string (write [/x] for a list of one)" {
		t.Errorf("ForDir: %v", err)
	}
}

func TestCacheReloadsChangedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	writeFile(t, path, "rules:\n  no-context: off\n")
	first, err := ForDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if second, _ := ForDir(dir); second != first {
		t.Error("cache miss for an unchanged file")
	}
	writeFile(t, path, "rules:\n  no-context: error\n")
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	changed, err := ForDir(dir)
	if err != nil || changed.Severity("no-context") != SeverityError {
		t.Errorf("changed file not reloaded: %+v, %v", changed, err)
	}
	writeFile(t, path, "rules: [\n")
	if _, err := ForDir(dir); err == nil {
		t.Error("broken file not reported")
	}
}

func TestOverride(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pkg", FileName), "rules:\n  no-context: off\n")
	custom := filepath.Join(dir, "ci.yaml")
	writeFile(t, custom, "rules:\n  no-context: error\n")

	SetOverride(custom)
	t.Cleanup(func() { SetOverride("") })
	if Override() != custom {
		t.Errorf("Override() = %q", Override())
	}
	cfg, err := ForDir(filepath.Join(dir, "pkg"))
	if err != nil || cfg.Path != custom || cfg.Severity("no-context") != SeverityError {
		t.Errorf("with override: %+v, %v", cfg, err)
	}
	SetOverride(filepath.Join(dir, "missing.yaml"))
	if _, err := ForDir(filepath.Join(dir, "pkg")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing override: %v", err)
	}
	SetOverride("")
	cfg, err = ForDir(filepath.Join(dir, "pkg"))
	if err != nil || cfg.Severity("no-context") != SeverityOff {
		t.Errorf("after clearing override: %+v, %v", cfg, err)
	}
}

func runAnalyzer(t *testing.T, files map[string]string) (any, error) {
	t.Helper()
	fset := token.NewFileSet()
	var parsed []*ast.File
	for name, src := range files {
		f, err := goparser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	return Analyzer.Run(&analysis.Pass{Analyzer: Analyzer, Fset: fset, Files: parsed})
}

func TestAnalyzer(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, FileName), "rules:\n  no-request-log: off\n")
	writeFile(t, filepath.Join(dir, "bad", FileName), "rules:\n  no-request-log: silent\n")

	res, err := runAnalyzer(t, map[string]string{filepath.Join(dir, "api", "a.go"): "package api\n"})
	cfg, _ := res.(*Config)
	if err != nil || cfg == nil || cfg.Severity("no-request-log") != SeverityOff {
		t.Errorf("good config: %v, %v", res, err)
	}

	_, err = runAnalyzer(t, map[string]string{filepath.Join(dir, "bad", "b.go"): "package bad\n"})
	want := filepath.Join(dir, "bad", FileName) + `:2:19: rules.no-request-log: unknown severity "silent" (want error, warning, info or off)`
	if err == nil || err.Error() != want {
		t.Errorf("bad config: got %v, want %s", err, want)
	}

	res, err = runAnalyzer(t, nil)
	if err != nil || !reflect.DeepEqual(res, Defaults()) {
		t.Errorf("no files: %v, %v", res, err)
	}

	SetOverride(filepath.Join(dir, FileName))
	t.Cleanup(func() { SetOverride("") })
	res, err = runAnalyzer(t, map[string]string{filepath.Join(dir, "bad", "b.go"): "package bad\n"})
	if cfg, _ := res.(*Config); err != nil || cfg == nil || cfg.Severity("no-request-log") != SeverityOff {
		t.Errorf("override: %v, %v", res, err)
	}
}

func TestForDirConcurrent(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, FileName), "exclude: [gen]\n")
	results := make(chan *Config, 8)
	for range 8 {
		go func() {
			cfg, err := ForDir(dir)
			if err != nil {
				t.Error(err)
			}
			results <- cfg
		}()
	}
	for range 8 {
		if cfg := <-results; cfg == nil || !cfg.Excluded("gen/a.go") {
			t.Errorf("got %+v", cfg)
		}
	}
}
