package patterns_test

import (
	"testing"

	"github.com/prodready/prodready/analysis/rules"
	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

var errorPatterns = []*patterns.Pattern{patterns.CheckAndRespond, patterns.AddReturn, patterns.GenericMessage}

// TestErrorsCatalog checks the entries' wiring: registered, answering the
// rule whose registry entry names them with the same title.
func TestErrorsCatalog(t *testing.T) {
	for _, p := range errorPatterns {
		if got, ok := patterns.Lookup(p.ID); !ok || got != p {
			t.Errorf("%s is not registered", p.ID)
		}
		if p.Concern != "error handling" || len(p.Rules) != 1 || len(p.Params) == 0 {
			t.Errorf("%s: concern %q, rules %v, %d params", p.ID, p.Concern, p.Rules, len(p.Params))
			continue
		}
		r, ok := rules.Lookup(p.Rules[0])
		if pref, _ := r.Preferred(); !ok || pref.ID != p.ID || pref.Title != p.Title {
			t.Errorf("%s: the registry's preferred pattern of %s is %+v, want ID and title %q", p.ID, p.Rules[0], pref, p.Title)
		}
		if !rewrite.GofmtStable([]byte(p.Example.Before)) || !rewrite.GofmtStable([]byte(p.Example.After)) {
			t.Errorf("%s: the example is not gofmt-clean", p.ID)
		}
	}
	fixes := []patterns.Fix{patterns.CheckAndRespondParams{}.Fix(), patterns.AddReturnParams{}.Fix(), patterns.GenericMessageParams{}.Fix()}
	for i, f := range fixes {
		if f.Pattern != errorPatterns[i] || f.Apply == nil {
			t.Errorf("Fix() of %s does not instantiate it", errorPatterns[i].ID)
		}
	}
}
