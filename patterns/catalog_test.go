package patterns_test

import (
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
