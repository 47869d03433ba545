package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// repoRoot is the repository root, two levels up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func run(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = mainIn(context.Background(), dir, args, &out, &errb)
	return out.String(), errb.String(), code
}

// TestRouteTables compares `routes -format json` on every fixture module
// with its route table, written by hand from the frameworks' own listings.
func TestRouteTables(t *testing.T) {
	root := repoRoot(t)
	for _, dir := range []string{"example", "frameworks/nethttp", "frameworks/chi", "frameworks/gorillamux", "frameworks/gin", "frameworks/echo"} {
		t.Run(dir, func(t *testing.T) {
			mod := filepath.Join(root, "testdata", dir)
			out, stderr, code := run(t, mod, "routes", "-format", "json", "./...")
			if code != ExitClean {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			want, err := os.ReadFile(filepath.Join(mod, "routes.golden.json"))
			if err != nil {
				t.Fatal(err)
			}
			var got, exp RouteTable
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			if err := json.Unmarshal(want, &exp); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, exp) {
				t.Errorf("route table differs from routes.golden.json\n got: %s\nwant: %s", out, want)
			}
		})
	}
}

// TestRoutesText checks the reviewer's table: one line per route with
// marks and the chain, and unresolved registrations listed.
func TestRoutesText(t *testing.T) {
	out, stderr, code := run(t, filepath.Join(repoRoot(t), "testdata", "frameworks", "chi"), "routes")
	if code != ExitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"METHOD", "AUTH", "✓", "✗", " → ", "unresolved registrations", "path is not a constant"} {
		if !strings.Contains(out, want) {
			t.Errorf("text table lacks %q:\n%s", want, out)
		}
	}
}

// TestExampleFindings pins what `check` reports on the example API: the
// findings listed in testdata/example/FINDINGS.md, nothing else.
func TestExampleFindings(t *testing.T) {
	mod := filepath.Join(repoRoot(t), "testdata", "example")
	out, stderr, code := run(t, mod, "check", "./...")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d: %s", code, ExitFindings, stderr)
	}
	golden := filepath.Join(mod, "findings.golden.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("findings differ from %s (go test -update to accept)\n got:\n%s\nwant:\n%s", golden, out, want)
	}
}

// TestCheckJSONContract checks the stable JSON shape of design.md.
func TestCheckJSONContract(t *testing.T) {
	out, stderr, code := run(t, filepath.Join(repoRoot(t), "testdata", "example"), "check", "-format", "json", "./...")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range doc.Findings {
		for _, key := range []string{"rule", "severity", "file", "line", "column", "endLine", "endColumn", "message", "fixes"} {
			if _, ok := f[key]; !ok {
				t.Errorf("finding lacks %q: %v", key, f)
			}
		}
		if file, _ := f["file"].(string); filepath.IsAbs(file) || strings.Contains(file, `\`) {
			t.Errorf("file %q is not relative with forward slashes", file)
		}
	}
}

func TestExitCodes(t *testing.T) {
	root := repoRoot(t)
	example := filepath.Join(root, "testdata", "example")
	tmp := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badCfg := write("bad.yaml", "rules:\n  missing-auth: loud\n")
	write("broken/go.mod", "module example.com/broken\n\ngo 1.26\n")
	write("broken/a.go", "package broken\n\nfunc f() { undefined() }\n")
	write("clean/go.mod", "module example.com/clean\n\ngo 1.26\n")
	write("clean/a.go", "package clean\n\n// Add adds.\nfunc Add(a, b int) int { return a + b }\n")

	for _, tc := range []struct {
		name   string
		dir    string
		args   []string
		code   int
		stderr string
	}{
		{"findings", example, []string{"check"}, ExitFindings, ""},
		{"clean", filepath.Join(tmp, "clean"), []string{"check", "./..."}, ExitClean, ""},
		{"bad config", example, []string{"check", "-config", badCfg}, ExitError, "bad.yaml:2"},
		{"missing config", example, []string{"check", "-config", filepath.Join(tmp, "nope.yaml")}, ExitError, "nope.yaml"},
		{"unknown rule", example, []string{"check", "-rules", "no-such-rule"}, ExitError, "unknown rule"},
		{"unknown format", example, []string{"check", "-format", "xml"}, ExitError, "unknown format"},
		{"type error", filepath.Join(tmp, "broken"), []string{"check"}, ExitError, "undefined"},
		{"unknown command", example, []string{"lint"}, ExitError, "unknown command"},
		{"rules filter", example, []string{"check", "-rules", "server-timeouts"}, ExitFindings, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, tc.dir, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tc.stderr)
			}
			if code == ExitError && strings.Count(strings.TrimSpace(stderr), "\n") > 0 && !strings.Contains(stderr, "Usage") {
				t.Errorf("error is not one line: %q", stderr)
			}
		})
	}
}

// TestRulesFilterKeepsOnlyThatRule checks -rules narrows the output.
func TestRulesFilterKeepsOnlyThatRule(t *testing.T) {
	out, _, _ := run(t, filepath.Join(repoRoot(t), "testdata", "example"), "check", "-format", "json", "-rules", "server-timeouts")
	var doc struct {
		Findings []struct{ Rule string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Rule != "server-timeouts" {
		t.Errorf("findings = %+v, want one server-timeouts", doc.Findings)
	}
}

// TestCheckJSONFixesOffered: a finding lists the patterns planned at its
// site, not every pattern of its rule. On the example, the call into the
// store that takes no context has none (changing the store's signature
// is not done automatically), while the IDOR lists both authz patterns.
func TestCheckJSONFixesOffered(t *testing.T) {
	out, stderr, code := run(t, filepath.Join(repoRoot(t), "testdata", "example"), "check", "-format", "json", "./...")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Findings []struct {
			Rule  string `json:"rule"`
			Fixes []struct {
				Pattern string `json:"pattern"`
			} `json:"fixes"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, f := range doc.Findings {
		ids := []string{}
		for _, x := range f.Fixes {
			ids = append(ids, x.Pattern)
		}
		got[f.Rule] = ids
	}
	for rule, want := range map[string][]string{
		"no-context":     {},
		"unscoped-query": {"authz/scope-query", "authz/ownership-check"},
		"sql-concat":     {"sql/allow-list"},
	} {
		if ids, ok := got[rule]; !ok || !slices.Equal(ids, want) {
			t.Errorf("%s fixes = %v, want %v", rule, ids, want)
		}
	}
}
