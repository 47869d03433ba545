package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestUTF16Column(t *testing.T) {
	for _, tc := range []struct {
		line      string
		col, want int
	}{
		{"abc", 1, 1},
		{"abc", 3, 3},
		{"abc", 4, 4}, // just past the end: exclusive end of a range
		{"abc", 6, 6}, // beyond the end: excess bytes kept
		{"é=x", 4, 3}, // é is 2 bytes, 1 unit
		{"😀x", 5, 3},  // 😀 is 4 bytes, 2 units (a surrogate pair)
		{"\t\"échec 😀: %v\", err", 20, 17},
		{"\xffx", 2, 2}, // an invalid byte counts as one unit
		{"日本語x", 10, 4}, // 3 bytes, 1 unit each
		{"😀x", 3, 3},    // a column inside a rune: its bytes count as invalid
	} {
		if got := utf16Column([]byte(tc.line), tc.col); got != tc.want {
			t.Errorf("utf16Column(%q, %d) = %d, want %d", tc.line, tc.col, got, tc.want)
		}
	}
}

func TestArtifactURI(t *testing.T) {
	for _, tc := range []struct {
		file, uri, base string
	}{
		{"api/tasks.go", "api/tasks.go", "%SRCROOT%"},
		{"my dir/a#b?.go", "my%20dir/a%23b%3F.go", "%SRCROOT%"},
		{"100%.go", "100%25.go", "%SRCROOT%"},
		{"c:x.go", "./c:x.go", "%SRCROOT%"}, // not a scheme
		{"../other/x.go", "../other/x.go", "%SRCROOT%"},
		{"/abs/x.go", "file:///abs/x.go", ""},
		{"C:/src/x.go", "file:///C:/src/x.go", ""},
		{"dir/é.go", "dir/%C3%A9.go", "%SRCROOT%"},
	} {
		got := artifactURI(tc.file)
		if got.URI != tc.uri || got.URIBaseID != tc.base {
			t.Errorf("artifactURI(%q) = %+v, want {%s %s}", tc.file, got, tc.uri, tc.base)
		}
	}
}

func TestPascalCase(t *testing.T) {
	for in, want := range map[string]string{"missing-auth": "MissingAuth", "sql-concat": "SqlConcat", "x": "X", "a--b-": "AB"} {
		if got := pascalCase(in); got != want {
			t.Errorf("pascalCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// decodeSARIF reads the parts of a log that the tests below inspect.
type decodedLog struct {
	Runs []struct {
		ColumnKind string `json:"columnKind"`
		Tool       struct {
			Driver struct {
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
						EndLine     int `json:"endLine"`
						EndColumn   int `json:"endColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			RelatedLocations []struct {
				ID int `json:"id"`
			} `json:"relatedLocations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func decodeSARIF(t *testing.T, data []byte) decodedLog {
	t.Helper()
	var log decodedLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return log
}

// TestSARIFStructure checks what the schema cannot: that indexes point at
// the right rule, levels are mapped, and columns are converted.
func TestSARIFStructure(t *testing.T) {
	log := decodeSARIF(t, sarifSample(t, sample()))
	run := log.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
	rules := run.Tool.Driver.Rules
	if len(rules) != len(sampleRules())+1 { // + bad-suppression, used but not described
		t.Errorf("%d rules, want %d", len(rules), len(sampleRules())+1)
	}
	levels := map[string]string{}
	for _, r := range run.Results {
		if r.RuleIndex < 0 || r.RuleIndex >= len(rules) || rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result for %s has ruleIndex %d, which names another rule", r.RuleID, r.RuleIndex)
		}
		levels[r.RuleID] = r.Level
		if len(r.Locations) != 1 || r.Locations[0].PhysicalLocation.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result for %s: want one location relative to %%SRCROOT%%", r.RuleID)
		}
		for i, rel := range r.RelatedLocations {
			if rel.ID != i+1 {
				t.Errorf("result for %s: related location %d has id %d", r.RuleID, i, rel.ID)
			}
		}
	}
	for rule, want := range map[string]string{"missing-auth": "error", "sql-concat": "warning", "no-context": "note"} {
		if levels[rule] != want {
			t.Errorf("level of %s = %q, want %q", rule, levels[rule], want)
		}
	}

	region := func(rule string) [4]int {
		for _, r := range run.Results {
			if r.RuleID == rule {
				g := r.Locations[0].PhysicalLocation.Region
				if g == nil {
					return [4]int{}
				}
				return [4]int{g.StartLine, g.StartColumn, g.EndLine, g.EndColumn}
			}
		}
		t.Fatalf("no result for %s", rule)
		return [4]int{}
	}
	for rule, want := range map[string][4]int{
		"error-detail":    {16, 34, 16, 37}, // after é and 😀: bytes 37..40
		"sql-concat":      {13, 23, 13, 65}, // ASCII: unchanged
		"no-request-log":  {11, 0, 0, 0},    // unknown column and end omitted
		"bad-suppression": {3, 5, 3, 30},    // file unreadable: bytes kept
	} {
		if got := region(rule); got != want {
			t.Errorf("region of %s = %v, want %v", rule, got, want)
		}
	}
}

func TestSARIFFingerprints(t *testing.T) {
	fingerprints := func(fs []Finding, read ReadFileFunc) []string {
		var buf bytes.Buffer
		if err := SARIFFrom(&buf, fs, nil, "", read); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range decodeSARIF(t, buf.Bytes()).Runs[0].Results {
			out = append(out, r.PartialFingerprints[fingerprintKey])
		}
		return out
	}
	file := func(content string) ReadFileFunc {
		return func(string) ([]byte, error) { return []byte(content), nil }
	}
	f := Finding{Rule: "sql-concat", Severity: "warning", File: "a.go", Line: 2, Column: 5, Message: "m"}
	moved := f
	moved.Line = 4

	before := fingerprints([]Finding{f}, file("package a\n\tq := \"x\" + id\n"))
	after := fingerprints([]Finding{moved}, file("package a\n\n// added\n        q := \"x\"   +  id\n"))
	if before[0] != after[0] {
		t.Errorf("fingerprint changed when the line moved and was re-indented: %s → %s", before[0], after[0])
	}
	changed := fingerprints([]Finding{f}, file("package a\n\tq := \"y\" + id\n"))
	if changed[0] == before[0] {
		t.Error("fingerprint did not change when the flagged line changed")
	}

	// Identical lines in one file: same hash, told apart by the counter.
	twice := fingerprints([]Finding{f, moved}, file("package a\n\tq := \"x\" + id\n\n\tq := \"x\" + id\n"))
	if len(twice) != 2 || twice[0] != before[0] || twice[1] != before[0][:len(before[0])-1]+"2" {
		t.Errorf("fingerprints of identical lines = %v, want %s and its :2 twin", twice, before[0])
	}

	// Without the file, the line number stands in for its text.
	noFile := fingerprints([]Finding{f}, nil)
	if noFile[0] == before[0] || noFile[0] != fingerprints([]Finding{f}, nil)[0] {
		t.Error("fingerprint without file content should differ from one with it, and be stable")
	}
}
