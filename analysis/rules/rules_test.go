package rules_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/prodready/prodready/analysis/rules"
)

// designRules are the rule IDs of the design's v1 catalog, in its order.
var designRules = []string{
	"missing-auth", "unscoped-query", "sensitive-field", "ignored-error", "missing-return",
	"error-detail", "unbounded-body", "sql-concat", "no-rate-limit", "server-timeouts",
	"no-request-log", "no-context", rules.InvalidSuppression,
}

func TestCatalogMatchesDesign(t *testing.T) {
	if got := rules.IDs(); !slices.Equal(got, designRules) {
		t.Errorf("rule IDs = %v, want %v", got, designRules)
	}
	for _, id := range []string{"missing-auth", "unscoped-query", "sensitive-field", "sql-concat"} {
		if r, _ := rules.Lookup(id); r.Severity != rules.SeverityError {
			t.Errorf("%s: default severity %q, want error", id, r.Severity)
		}
	}
	if r, _ := rules.Lookup("unscoped-query"); r.Patterns[0] != (rules.Pattern{ID: "authz/scope-query", Title: "Scope the query to the current user"}) {
		t.Errorf("unscoped-query preferred pattern = %+v", r.Patterns[0])
	}
}

var (
	kebab     = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	patternID = regexp.MustCompile(`^[a-z]+/[a-z]+(-[a-z]+)*$`)
	sentence  = regexp.MustCompile(`[.!?](\s|$)`)
)

func TestRegistryEntries(t *testing.T) {
	seenPattern := map[string]string{}
	for _, r := range rules.All() {
		if !kebab.MatchString(r.ID) {
			t.Errorf("%q: ID is not kebab-case", r.ID)
		}
		if got, ok := rules.Lookup(r.ID); !ok || got.ID != r.ID {
			t.Errorf("Lookup(%q) = %v, %v", r.ID, got.ID, ok)
		}
		if !r.Severity.Valid() || r.Severity == rules.SeverityOff {
			t.Errorf("%s: default severity %q", r.ID, r.Severity)
		}
		if r.Concern == "" {
			t.Errorf("%s: no concern", r.ID)
		}
		checkTitle(t, r.ID, r.Title)
		if n := len(sentence.FindAllString(r.Help, -1)); n < 3 || n > 6 {
			t.Errorf("%s: help has %d sentences, want 3 to 6", r.ID, n)
		}
		if want := rules.DocBase + "#" + r.ID; r.DocURL != want {
			t.Errorf("%s: DocURL %q, want %q", r.ID, r.DocURL, want)
		}
		if r.ID != rules.InvalidSuppression && len(r.Patterns) == 0 {
			t.Errorf("%s: no patterns", r.ID)
		}
		for _, p := range r.Patterns {
			if !patternID.MatchString(p.ID) {
				t.Errorf("%s: pattern ID %q is not concern/kebab-name", r.ID, p.ID)
			}
			checkTitle(t, p.ID, p.Title)
			if other, dup := seenPattern[p.ID]; dup {
				t.Errorf("pattern %s listed by both %s and %s", p.ID, other, r.ID)
			}
			seenPattern[p.ID] = r.ID
		}
	}
	if _, ok := rules.Lookup("no-such-rule"); ok {
		t.Error("Lookup found an unknown rule")
	}
}

func checkTitle(t *testing.T, id, title string) {
	t.Helper()
	if title == "" || !unicode.IsUpper([]rune(title)[0]) || strings.HasSuffix(title, ".") {
		t.Errorf("%s: title %q must be capitalised without a final period", id, title)
	}
}

func TestPreferred(t *testing.T) {
	r, _ := rules.Lookup("missing-auth")
	if p, ok := r.Preferred(); !ok || p.ID != "auth/require-user" {
		t.Errorf("missing-auth preferred = %v, %v", p, ok)
	}
	r, _ = rules.Lookup(rules.InvalidSuppression)
	if _, ok := r.Preferred(); ok {
		t.Error("invalid-suppression has a preferred pattern")
	}
}

func TestAllReturnsCopy(t *testing.T) {
	all := rules.All()
	all[0].ID = "changed"
	if rules.All()[0].ID == "changed" {
		t.Error("All exposes the registry")
	}
}

func TestSeverityValid(t *testing.T) {
	for _, s := range rules.Severities {
		if !s.Valid() {
			t.Errorf("%q not valid", s)
		}
	}
	for _, s := range []rules.Severity{"", "Error", "fatal"} {
		if s.Valid() {
			t.Errorf("%q valid", s)
		}
	}
}

// TestDocsUpToDate fails when docs/rules.md differs from the registry.
func TestDocsUpToDate(t *testing.T) {
	path := filepath.Join("..", "..", filepath.FromSlash(rules.DocPath))
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, rules.Markdown()) {
		t.Errorf("%s is stale; run: go generate ./analysis/rules", rules.DocPath)
	}
}

func TestDocsAnchors(t *testing.T) {
	md := string(rules.Markdown())
	for _, r := range rules.All() {
		anchor := r.DocURL[strings.LastIndex(r.DocURL, "#")+1:]
		if !strings.Contains(md, "\n## "+anchor+"\n") {
			t.Errorf("%s: no heading for anchor %q", r.ID, anchor)
		}
	}
}
