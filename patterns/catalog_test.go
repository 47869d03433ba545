package patterns_test

import (
	"go/token"
	"testing"

	"github.com/prodready/prodready/analysis/rules"
	"github.com/prodready/prodready/patterns"
)

// TestCatalogMatchesRules keeps the two catalogs one: every pattern a rule
// lists is registered under the same title and names the rule back, and
// every registered pattern is listed by the rules it answers. A code
// action, check's JSON and docs/patterns.md then all show one title.
func TestCatalogMatchesRules(t *testing.T) {
	for _, r := range rules.All() {
		for _, rp := range r.Patterns {
			p, ok := patterns.Lookup(rp.ID)
			if !ok {
				t.Errorf("rule %s lists %s, which is not registered", r.ID, rp.ID)
				continue
			}
			if p.Title != rp.Title {
				t.Errorf("%s: rule %s titles it %q, the pattern %q", rp.ID, r.ID, rp.Title, p.Title)
			}
			if !contains(p.Rules, r.ID) {
				t.Errorf("%s does not name rule %s, which lists it (it names %v)", rp.ID, r.ID, p.Rules)
			}
		}
	}
	for _, p := range patterns.All() {
		if len(p.Rules) == 0 {
			t.Errorf("%s names no rule", p.ID)
		}
		for _, id := range p.Rules {
			r, ok := rules.Lookup(id)
			if !ok {
				t.Errorf("%s names unknown rule %s", p.ID, id)
				continue
			}
			if !contains(patternIDs(r), p.ID) {
				t.Errorf("rule %s does not list %s", id, p.ID)
			}
		}
	}
}

func patternIDs(r rules.Rule) []string {
	ids := make([]string, len(r.Patterns))
	for i, p := range r.Patterns {
		ids[i] = p.ID
	}
	return ids
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSiteOf: a diagnostic's site is the one at its exact range, else the
// innermost of its rule that holds its position.
func TestSiteOf(t *testing.T) {
	sites := []patterns.Site{
		{Rule: "r", Pos: 10, End: 50},
		{Rule: "r", Pos: 20, End: 30},
		{Rule: "other", Pos: 25, End: 26},
		{Rule: "r", Pos: 25, End: 40},
	}
	for _, tc := range []struct {
		rule     string
		pos, end token.Pos
		want     int // index in sites, -1 for none
	}{
		{"r", 20, 30, 1},
		{"r", 25, 26, 3},
		{"r", 12, 12, 0},
		{"other", 25, 26, 2},
		{"r", 60, 61, -1},
		{"none", 20, 30, -1},
	} {
		got := patterns.SiteOf(sites, tc.rule, tc.pos, tc.end)
		if (tc.want < 0) != (got == nil) || got != nil && got != &sites[tc.want] {
			t.Errorf("SiteOf(%s, %d, %d) = %v, want site %d", tc.rule, tc.pos, tc.end, got, tc.want)
		}
	}
}
