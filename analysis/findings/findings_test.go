package findings_test

import (
	"context"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/analysis/authn"
	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/analysis/errhandling"
	"github.com/prodready/prodready/analysis/findings"
	"github.com/prodready/prodready/analysis/reqlog"
	"github.com/prodready/prodready/analysis/rules"
)

// The fixture (testdata/place): package api declares handlers, package
// router registers them, cmd/server serves the router, so missing-auth
// and no-request-log are reported in cmd/server, where the routes are
// mounted, and shown at the handler and at the router's creation.
// Package legacy is excluded by the fixture's .prodready.yaml.
var analyzers = []*analysis.Analyzer{authn.Analyzer, errhandling.Analyzer, reqlog.Analyzer}

func fixture(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("testdata/place")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func analyse(t *testing.T, overlay map[string][]byte) *driver.Result {
	t.Helper()
	prog, err := driver.Load(context.Background(), driver.LoadConfig{Dir: fixture(t), Overlay: overlay})
	if err != nil {
		t.Fatal(err)
	}
	if errs := prog.Errors(); len(errs) > 0 {
		t.Fatalf("load: %v", errs)
	}
	res, err := prog.Run(analyzers)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// format writes findings as "dir/file:line:col rule severity (route)
// [related message at dir/file:line:col]...".
func format(res *driver.Result, fs []findings.Finding) []string {
	fset := res.Program().Fset
	at := func(pos token.Pos) string {
		p := fset.Position(pos)
		return fmt.Sprintf("%s/%s:%d:%d", filepath.Base(filepath.Dir(p.Filename)), filepath.Base(p.Filename), p.Line, p.Column)
	}
	var out []string
	for _, f := range fs {
		s := at(f.Pos) + " " + f.Rule + " " + string(f.Severity)
		if f.Route != "" {
			s += " (" + f.Route + ")"
		}
		for _, r := range f.Related {
			s += " [" + r.Message + " at " + at(r.Pos) + "]"
		}
		out = append(out, s)
	}
	return out
}

func check(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

const (
	getItem = "api/api.go:14:20 missing-auth error (GET /items/{id}) [routes mounted here at server/main.go:18:46] [route registered here at router/router.go:17:2]"
	detail  = "api/api.go:17:17 error-detail warning (GET /items/{id})"
	delItem = "api/api.go:36:20 missing-auth error (DELETE /items/{id}) [routes mounted here at server/main.go:18:46] [route registered here at router/router.go:19:2]"
	noLog   = "router/router.go:16:9 no-request-log info [router built and served here at server/main.go:18:46]"
	// The suppression above unused has no reason and suppresses nothing.
	noReason = "api/api.go:53:1 invalid-suppression warning"
	legacy   = "legacy/legacy.go:10:6 missing-auth error (GET /export) [routes mounted here at server/main.go:18:46] [route registered here at router/router.go:21:2]"
)

// TestPlace: route-level findings move to the handler and the router's
// creation; the suppression at ListItems' declaration, where its finding
// is shown, holds; the finding shown in the excluded package is dropped;
// the finding inside GetItem names its route.
func TestPlace(t *testing.T) {
	res := analyse(t, nil)
	check(t, format(res, findings.Place(res, findings.Options{Routes: true})), []string{detail, delItem, getItem, noLog, noReason, noReason})

	withoutRoutes := format(res, findings.Place(res, findings.Options{}))
	if strings.Contains(strings.Join(withoutRoutes, "\n"), "(GET") {
		t.Errorf("routes named without Options.Routes:\n%s", strings.Join(withoutRoutes, "\n"))
	}
}

// TestPlaceExclusions: the legacy finding exists, and configuration
// without exclusions shows it.
func TestPlaceExclusions(t *testing.T) {
	res := analyse(t, nil)
	got := format(res, findings.Place(res, findings.Options{Routes: true, Config: func(string) *config.Config { return config.Defaults() }}))
	check(t, got, []string{detail, delItem, legacy, getItem, noLog, noReason, noReason})
}

// TestPlaceSeverity: Options.Severity sets each finding's severity, and a
// rule that is off has no findings and makes no suppression of it look
// unused.
func TestPlaceSeverity(t *testing.T) {
	res := analyse(t, nil)
	got := format(res, findings.Place(res, findings.Options{Severity: func(cfg *config.Config, rule string) rules.Severity {
		switch rule {
		case authn.Rule:
			return rules.SeverityOff
		case "no-request-log":
			return rules.SeverityError
		}
		return cfg.Severity(rule)
	}}))
	check(t, got, []string{
		"api/api.go:17:17 error-detail warning",
		"router/router.go:16:9 no-request-log error [router built and served here at server/main.go:18:46]",
		noReason, // no reason: reported whichever rules ran
	})
}

// TestPlaceSuppressedWhereReported: a suppression where the analyzer
// reported a moved finding (the call serving the router) holds too.
func TestPlaceSuppressedWhereReported(t *testing.T) {
	main := filepath.Join(fixture(t), "cmd/server/main.go")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "\tsrv := ", "\t//prodready:ignore no-request-log the proxy logs every request\n\tsrv := ", 1)
	res := analyse(t, map[string][]byte{main: []byte(edited)})
	check(t, format(res, findings.Place(res, findings.Options{Routes: true})), []string{
		detail,
		strings.ReplaceAll(delItem, "main.go:18:", "main.go:19:"),
		strings.ReplaceAll(getItem, "main.go:18:", "main.go:19:"),
		noReason, noReason,
	})
}

// TestPlaceAfterUpdate edits a handler body without changing what other
// packages see of package api: cmd/server keeps its analysis, whose
// missing-auth diagnostics point into api's previous parse, and Place
// shows them in api's current parse, as a fresh analysis does.
func TestPlaceAfterUpdate(t *testing.T) {
	res := analyse(t, nil)
	api := filepath.Join(fixture(t), "api/api.go")
	src, err := os.ReadFile(api)
	if err != nil {
		t.Fatal(err)
	}
	edit := map[string][]byte{api: []byte(strings.Replace(string(src), "err.Error()", `"internal error: "+err.Error()`, 1))}
	next, changed, err := res.Program().Update(context.Background(), edit)
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) != 1 || changed[0].PkgPath != "example.com/place/api" {
		t.Fatalf("Update type-checked %d packages, want api alone", len(changed))
	}
	again, err := res.Rerun(next)
	if err != nil {
		t.Fatal(err)
	}
	placed := findings.Place(again, findings.Options{Routes: true})
	fresh := analyse(t, edit)
	check(t, format(again, placed), format(fresh, findings.Place(fresh, findings.Options{Routes: true})))

	checkCurrentParse(t, "", again, placed)
}

// checkCurrentParse checks that every position of the placed findings is
// in the current parse of its file, not in one a kept outcome holds.
func checkCurrentParse(t *testing.T, what string, res *driver.Result, placed []findings.Finding) {
	t.Helper()
	prog := res.Program()
	current := map[*token.File]bool{}
	for _, pkg := range prog.SourcePackages() {
		for _, f := range pkg.Syntax {
			current[prog.Fset.File(f.FileStart)] = true
		}
	}
	for _, f := range placed {
		for _, pos := range append([]token.Pos{f.Pos}, relatedPos(f)...) {
			if !current[prog.Fset.File(pos)] {
				t.Errorf("%s%s finding at %s: position in an earlier parse", what, f.Rule, prog.Fset.Position(pos))
			}
		}
	}
}

func relatedPos(f findings.Finding) []token.Pos {
	var out []token.Pos
	for _, r := range f.Related {
		out = append(out, r.Pos)
	}
	return out
}

// TestPlaceCache: across edits analysed incrementally, Place with a Cache
// kept from call to call gives what Place without one gives, with the
// severities of each call: a body edit (cmd/server keeps its outcome, its
// findings shown in api's new parse), a suppression added at the end of
// a handler's line (shown in api, reported from the kept cmd/server), the
// file as it was, and a rule switched off.
func TestPlaceCache(t *testing.T) {
	res := analyse(t, nil)
	api := filepath.Join(fixture(t), "api/api.go")
	src, err := os.ReadFile(api)
	if err != nil {
		t.Fatal(err)
	}
	decl := "func (h *Handlers) GetItem(w http.ResponseWriter, r *http.Request) {"
	off := func(cfg *config.Config, rule string) rules.Severity {
		if rule == "error-detail" {
			return rules.SeverityOff
		}
		return cfg.Severity(rule)
	}
	steps := []struct {
		name     string
		src      string
		severity func(*config.Config, string) rules.Severity
	}{
		{"body edit", strings.Replace(string(src), "err.Error()", `"internal error: "+err.Error()`, 1), nil},
		{"suppressed at the end of the line", strings.Replace(string(src), decl, decl+" //prodready:ignore missing-auth behind the VPN", 1), nil},
		{"as it was", string(src), nil},
		{"error-detail off", string(src), off},
	}
	cache := &findings.Cache{}
	opts := func(sev func(*config.Config, string) rules.Severity, c *findings.Cache) findings.Options {
		return findings.Options{Routes: true, Severity: sev, Cache: c}
	}
	check(t, format(res, findings.Place(res, opts(nil, cache))), format(res, findings.Place(res, opts(nil, nil))))
	for _, st := range steps {
		next, _, err := res.Program().Update(context.Background(), map[string][]byte{api: []byte(st.src)})
		if err != nil {
			t.Fatal(err)
		}
		if res, err = res.Rerun(next); err != nil {
			t.Fatal(err)
		}
		placed := findings.Place(res, opts(st.severity, cache))
		checkCurrentParse(t, st.name+": ", res, placed)
		got := format(res, placed)
		want := format(res, findings.Place(res, opts(st.severity, nil)))
		if !slices.Equal(got, want) {
			t.Errorf("%s: with the cache:\n\t%s\nwithout:\n\t%s", st.name, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
		if st.name == "suppressed at the end of the line" && slices.Contains(got, getItem) {
			t.Errorf("%s: the suppressed finding is shown", st.name)
		}
	}
}

// TestPlaceSpansHandlerName: a missing-auth finding moved to its handler
// underlines the handler's name, not a point before it.
func TestPlaceSpansHandlerName(t *testing.T) {
	res := analyse(t, nil)
	fset := res.Program().Fset
	n := 0
	for _, f := range findings.Place(res, findings.Options{}) {
		if f.Rule != "missing-auth" {
			continue
		}
		n++
		start, end := fset.Position(f.Pos), fset.Position(f.End)
		src, err := os.ReadFile(start.Filename)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(src[start.Offset:end.Offset]); got != "GetItem" && got != "DeleteItem" && got != "ListItems" && got != "Export" {
			t.Errorf("missing-auth at %s spans %q, want the handler's name", start, got)
		}
	}
	if n == 0 {
		t.Fatal("no missing-auth finding")
	}
}
