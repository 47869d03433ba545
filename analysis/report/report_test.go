package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// sample is a realistic set of findings, deliberately out of order. Its
// positions refer to the files under testdata/src; line 16 of api/tasks.go
// holds "é" and "😀" before the flagged err, so its byte and UTF-16 columns
// differ (37 bytes, 34 units).
func sample() []Finding {
	return []Finding{
		{
			Rule: "error-detail", Severity: "warning", File: "api/tasks.go",
			Line: 16, Column: 37, EndLine: 16, EndColumn: 40,
			Message: "error text sent to the client in getTask reveals internals to attackers",
			Route:   "GET /tasks/{id}",
			Fixes:   []Fix{{Pattern: "errors/generic-message", Title: "Log the error and send the status text"}},
		},
		{
			Rule: "no-request-log", Severity: "info", File: "cmd/server/main.go",
			Line:    11,
			Message: "router mux has no request-logging middleware, so requests leave no trace",
			Fixes:   []Fix{{Pattern: "logging/request-logger", Title: "Log every request"}},
		},
		{
			Rule: "missing-auth", Severity: "error", File: "api/tasks.go",
			Line: 11, Column: 18, EndLine: 11, EndColumn: 25,
			Message: "handler getTask reads data but no authentication guards its route, so anyone can call it",
			Route:   "GET /tasks/{id}",
			Fixes: []Fix{
				{Pattern: "auth/require-user", Title: "Require an authenticated user"},
				{Pattern: "auth/wrap-route", Title: "Wrap the route with the auth middleware"},
			},
			Related: []Related{
				{File: "cmd/server/main.go", Line: 12, Column: 2, EndLine: 12, EndColumn: 46, Message: "route GET /tasks/{id} registered here"},
				{File: "api/tasks.go", Line: 9, Column: 6, EndLine: 9, EndColumn: 12, Message: "Server declared here"},
			},
		},
		{
			Rule: "bad-suppression", Severity: "warning", File: "internal/legacy/old.go",
			Line: 3, Column: 5, EndLine: 3, EndColumn: 30,
			Message: `suppression of "sql-concat" has no reason: write //prodready:ignore sql-concat <reason>`,
		},
		{
			Rule: "sql-concat", Severity: "warning", File: "api/tasks.go",
			Line: 13, Column: 23, EndLine: 13, EndColumn: 65,
			Message: "SQL text built by concatenating id lets the client inject SQL",
			Fixes:   []Fix{{Pattern: "sql/parameterize", Title: "Pass id as a query argument"}},
		},
		{
			Rule: "server-timeouts", Severity: "error", File: "cmd/server/main.go",
			Line: 13, Column: 2, EndLine: 13, EndColumn: 35,
			Message: "http.ListenAndServe starts a server without timeouts, so slow clients can exhaust it",
			Fixes:   []Fix{{Pattern: "server/timeouts", Title: "Use an http.Server with timeouts"}},
		},
		{
			Rule: "no-context", Severity: "info", File: "api/tasks.go",
			Line: 13, Column: 9, EndLine: 13, EndColumn: 66,
			Message: "query in getTask does not pass the request's context, so it outlives a cancelled request",
			Fixes:   []Fix{{Pattern: "context/propagate", Title: "Pass the request's context"}},
		},
	}
}

// sampleRules stands in for the rule registry.
func sampleRules() []RuleInfo {
	return []RuleInfo{
		{
			ID: "missing-auth", Title: "Route without authentication",
			Help:            "A route whose handler reads or changes data has no authentication in its middleware chain\nand no check in the handler.\n\nAdd a guard at the top of the handler:\n\n\tuser, ok := auth.UserFrom(r.Context())\n\tif !ok {\n\t\thttp.Error(w, \"unauthorized\", http.StatusUnauthorized)\n\t\treturn\n\t}",
			DocURL:          "https://github.com/prodready/prodready/blob/main/docs/rules.md#missing-auth",
			DefaultSeverity: "error",
		},
		{ID: "sql-concat", Title: "SQL built from strings", Help: "SQL text is built from non-constant strings.", DocURL: "https://github.com/prodready/prodready/blob/main/docs/rules.md#sql-concat", DefaultSeverity: "error"},
		{ID: "error-detail", Title: "Error detail sent to the client", Help: "An error's text reaches the response.", DefaultSeverity: "warning"},
		{ID: "no-context", Title: "Request context not propagated", DocURL: "https://github.com/prodready/prodready/blob/main/docs/rules.md#no-context", DefaultSeverity: "warning"},
		{ID: "no-request-log", Title: "No request logging", Help: "No request-logging middleware.", DefaultSeverity: "info"},
		{ID: "server-timeouts", Title: "Server without timeouts", Help: "A server has no timeouts.", DefaultSeverity: "error"},
		{ID: "unscoped-query", Title: "Query not scoped to its owner", Help: "A query loads a record by a client-supplied id.", DefaultSeverity: "off"},
	}
}

// readTestdata reads the files findings refer to from testdata/src.
func readTestdata(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("testdata", "src", filepath.FromSlash(name)))
}

func sarifSample(t *testing.T, findings []Finding) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIFFrom(&buf, findings, sampleRules(), "1.2.3", readTestdata); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"text", func(b *bytes.Buffer) error { return Text(b, sample()) }},
		{"json", func(b *bytes.Buffer) error { return JSON(b, sample()) }},
		{"sarif", func(b *bytes.Buffer) error { return SARIFFrom(b, sample(), sampleRules(), "1.2.3", readTestdata) }},
		{"github", func(b *bytes.Buffer) error { return GitHub(b, sample()) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.render(&buf); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("%s output differs from %s (run go test -update if the change is intended)\ngot:\n%s\nwant:\n%s", tc.name, golden, got, want)
			}
		})
	}
}

// TestDeterministic renders findings in many input orders and expects the
// same bytes every time, and the caller's slice untouched.
func TestDeterministic(t *testing.T) {
	render := func(fs []Finding) string {
		var b bytes.Buffer
		for _, err := range []error{
			Text(&b, fs), JSON(&b, fs), GitHub(&b, fs),
			SARIFFrom(&b, fs, sampleRules(), "1.2.3", readTestdata),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
		return b.String()
	}
	base := sample()
	want := render(base)
	if !reflect.DeepEqual(base, sample()) {
		t.Fatal("rendering modified its input")
	}
	for shift := 1; shift < len(base); shift++ {
		fs := append(append([]Finding(nil), base[shift:]...), base[:shift]...)
		for i, j := 0, len(fs)-1; i < j; i, j = i+1, j-1 { // reverse too
			fs[i], fs[j] = fs[j], fs[i]
		}
		if got := render(fs); got != want {
			t.Fatalf("input rotated by %d gives different output", shift)
		}
	}
}

func TestEmpty(t *testing.T) {
	for _, fs := range [][]Finding{nil, {}} {
		var text, gh, js, sarif bytes.Buffer
		if err := Text(&text, fs); err != nil {
			t.Fatal(err)
		}
		if err := GitHub(&gh, fs); err != nil {
			t.Fatal(err)
		}
		if text.Len() != 0 || gh.Len() != 0 {
			t.Errorf("text %q, github %q; want no output", text.String(), gh.String())
		}

		if err := JSON(&js, fs); err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(strings.Fields(js.String()), ""), `{"findings":[]}`; got != want {
			t.Errorf("JSON = %s, want %s", got, want)
		}

		if err := SARIF(&sarif, fs, nil, ""); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				Tool struct {
					Driver struct {
						Rules json.RawMessage `json:"rules"`
					} `json:"driver"`
				} `json:"tool"`
				Results json.RawMessage `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(sarif.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		if len(log.Runs) != 1 || string(log.Runs[0].Results) != "[]" || string(log.Runs[0].Tool.Driver.Rules) != "[]" {
			t.Errorf("empty SARIF should have one run with empty rules and results arrays:\n%s", sarif.Bytes())
		}
	}
}

func TestTextEscaping(t *testing.T) {
	var b bytes.Buffer
	err := Text(&b, []Finding{{
		Rule: "r", Severity: "error", File: "a.go", Line: 1, Column: 2,
		Message: "first\nsecond\r\nthird",
		Related: []Related{{File: "b.go", Line: 3, Column: 4, Message: "x\ny"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := "a.go:1:2: first\\nsecond\\r\\nthird [r]\n\tb.go:3:4: x\\ny\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestJSONShape(t *testing.T) {
	var b bytes.Buffer
	err := JSON(&b, []Finding{{
		Rule: "r", Severity: "info", File: "a.go", Line: 1, Column: 2, EndLine: 1, EndColumn: 5,
		Message: `a < b && "c"`,
	}})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string][]map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	f := got["findings"][0]
	for _, key := range []string{"route", "related"} {
		if _, ok := f[key]; ok {
			t.Errorf("%q present although empty", key)
		}
	}
	if fixes, ok := f["fixes"].([]any); !ok || len(fixes) != 0 {
		t.Errorf("fixes = %#v, want []", f["fixes"])
	}
	if f["message"] != `a < b && "c"` {
		t.Errorf("message = %q", f["message"])
	}
	if strings.Contains(b.String(), `\u003c`) {
		t.Error("HTML characters escaped; messages should read as written")
	}
	keys := []string{"rule", "severity", "file", "line", "column", "endLine", "endColumn", "message", "fixes"}
	if len(f) != len(keys) {
		t.Errorf("finding has keys %v, want exactly %v", f, keys)
	}
	for _, k := range keys {
		if _, ok := f[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	var b bytes.Buffer
	err := GitHub(&b, []Finding{{
		Rule: "sql-concat", Severity: "info", File: "odd,dir/a:b%c.go",
		Line: 7, Column: 3,
		Message: "100% sure: a, b\r\nnext line",
		Related: []Related{{File: "x.go", Line: 1, Column: 1, Message: "here"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := "::notice file=odd%2Cdir/a%3Ab%25c.go,line=7,col=3,title=sql-concat::100%25 sure: a, b%0D%0Anext line%0Ax.go:1:1: here\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}

	for in, want := range map[string]string{
		"plain":        "plain",
		"a:b,c":        "a%3Ab%2Cc",
		"%0A":          "%250A",
		"line\rfeed\n": "line%0Dfeed%0A",
	} {
		if got := escapeProperty(in); got != want {
			t.Errorf("escapeProperty(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := escapeData("a:b,c%\n"), "a:b,c%25%0A"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
}

func TestUnknownSeverity(t *testing.T) {
	fs := []Finding{{Rule: "r", Severity: "fatal", File: "a.go", Line: 1}}
	var b bytes.Buffer
	if err := GitHub(&b, fs); err == nil || !strings.Contains(err.Error(), `"fatal"`) {
		t.Errorf("GitHub: err = %v, want unknown severity", err)
	}
	if err := SARIFFrom(&b, fs, nil, "", nil); err == nil || !strings.Contains(err.Error(), `"fatal"`) {
		t.Errorf("SARIF: err = %v, want unknown severity", err)
	}
	if err := SARIFFrom(&b, nil, []RuleInfo{{ID: "r", DefaultSeverity: "loud"}}, "", nil); err == nil {
		t.Error("SARIF accepted an unknown default severity")
	}
	if err := SARIFFrom(&b, nil, []RuleInfo{{ID: "r"}, {ID: "r"}}, "", nil); err == nil {
		t.Error("SARIF accepted a rule described twice")
	}
}

func TestWriteError(t *testing.T) {
	w := failingWriter{}
	for name, err := range map[string]error{
		"text":   Text(w, sample()),
		"json":   JSON(w, sample()),
		"github": GitHub(w, sample()),
		"sarif":  SARIFFrom(w, sample(), sampleRules(), "", nil),
	} {
		if !errors.Is(err, errWrite) {
			t.Errorf("%s: err = %v, want the writer's error", name, err)
		}
	}
}

var errWrite = errors.New("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }
