package printf

import (
	"slices"
	"testing"
)

func TestVerbs(t *testing.T) {
	for _, tc := range []struct {
		format string
		want   []Verb
		ok     bool
	}{
		{"SELECT 1", nil, true},
		{"a = %s AND b = '%v'", []Verb{{4, 6, "%s", false}, {16, 18, "%v", false}}, true},
		{"LIKE '%%%s%%'", []Verb{{6, 8, "%%", true}, {8, 10, "%s", false}, {10, 12, "%%", true}}, true},
		{"LIMIT %-3.1d", []Verb{{6, 12, "%-3.1d", false}}, true},
		{"%[1]s", nil, false},
		{"%*d", nil, false},
		{"trailing %", nil, false},
		{"trailing %5", nil, false},
	} {
		got, ok := Verbs(tc.format)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("Verbs(%q) = %v, %v; want %v, %v", tc.format, got, ok, tc.want, tc.ok)
		}
	}
}
