package report

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// SARIF constants. The schema URI is the OASIS errata01 schema that
// GitHub code scanning and the test in this package validate against.
const (
	sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion   = "2.1.0"
	toolName       = "prodready"
	toolURI        = "https://github.com/prodready/prodready"
	srcRoot        = "%SRCROOT%"

	// fingerprintKey names prodready's partial fingerprint. Bump the
	// version whenever the hashed inputs change, so that services do not
	// compare fingerprints computed in different ways.
	fingerprintKey = "prodready/v1"
)

// ReadFileFunc returns the content of a file named as in Finding.File.
type ReadFileFunc func(name string) ([]byte, error)

// SARIF writes findings as a SARIF 2.1.0 log that GitHub code scanning
// accepts, reading each finding's file from the current directory to
// convert columns and compute fingerprints. See SARIFFrom.
func SARIF(w io.Writer, findings []Finding, rules []RuleInfo, toolVersion string) error {
	return SARIFFrom(w, findings, rules, toolVersion, func(name string) ([]byte, error) {
		return os.ReadFile(filepath.FromSlash(name))
	})
}

// SARIFFrom writes findings as a SARIF 2.1.0 log with one run whose tool
// component is prodready, describing rules (sorted by ID; rules that
// findings use but rules lacks get a descriptor holding just the ID).
//
// Columns: Finding columns count bytes, SARIF columns count characters, so
// the run declares columnKind "utf16CodeUnits" (what GitHub and editors
// use) and each column is converted using the line's text from readFile.
// When a file cannot be read (readFile is nil or fails), its columns are
// written unchanged, which is exact for ASCII lines only.
//
// Fingerprints: each result carries partialFingerprints["prodready/v1"], a
// hash of the rule, file, message and the text of the finding's line with
// runs of white space collapsed, followed by ":n" where n counts earlier
// results with the same hash. It survives edits elsewhere in the file and
// re-indentation; when the file cannot be read the line number replaces the
// line's text.
//
// Pattern fixes are not written: SARIF fixes are text edits, and patterns
// are applied by prodready itself. A finding's route, if any, is written as
// the result property "route".
func SARIFFrom(w io.Writer, findings []Finding, rules []RuleInfo, toolVersion string, readFile ReadFileFunc) error {
	findings = sorted(findings)
	src := &sources{read: readFile, files: map[string][][]byte{}}

	descriptors, index, err := sarifRules(rules, findings)
	if err != nil {
		return err
	}

	results := []sarifResult{}
	seen := map[string]int{} // fingerprint hash → results so far
	for _, f := range findings {
		if err := checkSeverity(f); err != nil {
			return err
		}
		r := sarifResult{
			RuleID:    f.Rule,
			RuleIndex: index[f.Rule],
			Level:     sarifLevel(f.Severity),
			Message:   sarifMessage{Text: f.Message},
		}
		if f.File != "" {
			r.Locations = []sarifLocation{{PhysicalLocation: src.physical(f.File, f.Line, f.Column, f.EndLine, f.EndColumn)}}
		}
		for i, rel := range f.Related {
			loc := sarifLocation{ID: i + 1}
			if rel.File != "" {
				loc.PhysicalLocation = src.physical(rel.File, rel.Line, rel.Column, rel.EndLine, rel.EndColumn)
			}
			if rel.Message != "" {
				loc.Message = &sarifMessage{Text: rel.Message}
			}
			r.RelatedLocations = append(r.RelatedLocations, loc)
		}
		hash := src.fingerprint(f)
		seen[hash]++
		r.PartialFingerprints = map[string]string{fingerprintKey: fmt.Sprintf("%s:%d", hash, seen[hash])}
		if f.Route != "" {
			r.Properties = map[string]string{"route": f.Route}
		}
		results = append(results, r)
	}

	return encodeJSON(w, sarifLog{
		Schema:  sarifSchemaURI,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:           toolName,
				InformationURI: toolURI,
				Version:        toolVersion,
				Rules:          descriptors,
			}},
			ColumnKind: "utf16CodeUnits",
			Results:    results,
		}},
	})
}

// sarifRules returns the reporting descriptors, sorted by ID, and each
// rule's index among them.
func sarifRules(rules []RuleInfo, findings []Finding) ([]sarifRule, map[string]int, error) {
	known := map[string]bool{}
	all := slices.Clone(rules)
	for _, r := range rules {
		if r.ID == "" {
			return nil, nil, fmt.Errorf("rule with empty ID (title %q)", r.Title)
		}
		if known[r.ID] {
			return nil, nil, fmt.Errorf("rule %s described twice", r.ID)
		}
		known[r.ID] = true
	}
	for _, f := range findings {
		if !known[f.Rule] {
			known[f.Rule] = true
			all = append(all, RuleInfo{ID: f.Rule})
		}
	}
	slices.SortFunc(all, func(a, b RuleInfo) int { return cmp.Compare(a.ID, b.ID) })

	out := []sarifRule{}
	index := map[string]int{}
	for i, r := range all {
		index[r.ID] = i
		d := sarifRule{ID: r.ID, Name: pascalCase(r.ID), HelpURI: r.DocURL}
		if r.Title != "" {
			d.ShortDescription = &sarifMessage{Text: r.Title}
		}
		if r.Help != "" {
			d.FullDescription = &sarifMessage{Text: firstParagraph(r.Help)}
		}
		if r.Help != "" || r.DocURL != "" {
			d.Help = sarifHelp(r)
		}
		switch r.DefaultSeverity {
		case "":
		case "error", "warning", "info":
			d.DefaultConfiguration = &sarifConfiguration{Level: sarifLevel(r.DefaultSeverity)}
		case "off":
			disabled := false
			d.DefaultConfiguration = &sarifConfiguration{Enabled: &disabled}
		default:
			return nil, nil, fmt.Errorf("rule %s: unknown default severity %q", r.ID, r.DefaultSeverity)
		}
		out = append(out, d)
	}
	return out, index, nil
}

// sarifHelp renders a rule's help. The help is plain text, which reads
// correctly as Markdown too (indented examples become code blocks); the
// Markdown form adds a link to the rule's documentation.
func sarifHelp(r RuleInfo) *sarifMultiformat {
	text, md := r.Help, r.Help
	if r.DocURL != "" {
		link := "Documentation: " + r.DocURL
		mdLink := fmt.Sprintf("[Documentation for %s](%s)", r.ID, r.DocURL)
		if text == "" {
			text, md = link, mdLink
		} else {
			text += "\n\n" + link
			md += "\n\n" + mdLink
		}
	}
	return &sarifMultiformat{Text: text, Markdown: md}
}

func sarifLevel(severity string) string {
	if severity == "info" {
		return "note"
	}
	return severity // "error" and "warning" are SARIF levels already
}

// pascalCase turns a rule ID into a SARIF rule name: missing-auth → MissingAuth.
func pascalCase(id string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(id, "-") {
		if part == "" {
			continue
		}
		r, size := utf8.DecodeRuneInString(part)
		b.WriteString(strings.ToUpper(string(r)))
		b.WriteString(part[size:])
	}
	return b.String()
}

// firstParagraph returns the text up to the first blank line, on one line.
func firstParagraph(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}

// artifactURI turns a file name into a SARIF artifact URI. Relative names
// become relative references resolved against %SRCROOT%; absolute ones
// become file URIs.
func artifactURI(file string) sarifArtifactLocation {
	switch {
	case strings.HasPrefix(file, "/"):
		return sarifArtifactLocation{URI: (&url.URL{Scheme: "file", Path: file}).String()}
	case len(file) >= 3 && file[1] == ':' && file[2] == '/' && isLetter(file[0]): // C:/dir/file.go
		return sarifArtifactLocation{URI: (&url.URL{Scheme: "file", Path: "/" + file}).String()}
	}
	// String, unlike EscapedPath, prefixes "./" when the first segment
	// holds a colon, so that the reference cannot be read as a scheme.
	return sarifArtifactLocation{URI: (&url.URL{Path: file}).String(), URIBaseID: srcRoot}
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// sources reads each file once and converts positions in it.
type sources struct {
	read  ReadFileFunc
	files map[string][][]byte // file → its lines without "\n"; nil when unreadable
}

// line returns the text of the 1-based line n of file, or false.
func (s *sources) line(file string, n int) ([]byte, bool) {
	lines, ok := s.files[file]
	if !ok {
		if s.read != nil {
			if content, err := s.read(file); err == nil {
				lines = bytes.Split(content, []byte("\n"))
			}
		}
		s.files[file] = lines
	}
	if n < 1 || n > len(lines) {
		return nil, false
	}
	return lines[n-1], true
}

// column converts a 1-based byte column on line n of file to a 1-based
// UTF-16 column. Zero stays zero (unknown), and so does anything that
// cannot be converted for want of the line.
func (s *sources) column(file string, n, col int) int {
	if col < 1 {
		return 0
	}
	text, ok := s.line(file, n)
	if !ok {
		return col
	}
	return utf16Column(text, col)
}

// utf16Column converts a 1-based byte column in line to a 1-based column in
// UTF-16 code units. A column past the end of the line (such as the end of
// a range that takes in the newline) keeps its excess bytes as units; bytes
// that are not valid UTF-8 count one unit each, as U+FFFD would.
func utf16Column(line []byte, col int) int {
	prefix := col - 1
	extra := 0
	if prefix > len(line) {
		extra = prefix - len(line)
		prefix = len(line)
	}
	units := 0
	for b := line[:prefix]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		units += utf16Len(r)
		b = b[size:]
	}
	return units + extra + 1
}

func utf16Len(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

func (s *sources) physical(file string, line, col, endLine, endCol int) *sarifPhysicalLocation {
	p := &sarifPhysicalLocation{ArtifactLocation: artifactURI(file)}
	if line < 1 {
		return p // the whole file
	}
	r := &sarifRegion{StartLine: line, StartColumn: s.column(file, line, col)}
	if endLine >= line {
		r.EndLine = endLine
		r.EndColumn = s.column(file, endLine, endCol)
	}
	p.Region = r
	return p
}

// fingerprint hashes what identifies a finding across commits.
func (s *sources) fingerprint(f Finding) string {
	where := fmt.Sprintf("line %d", f.Line)
	if text, ok := s.line(f.File, f.Line); ok {
		where = strings.Join(strings.Fields(string(text)), " ")
	}
	h := sha256.New()
	for _, part := range []string{f.Rule, f.File, f.Message, where} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// The subset of the SARIF 2.1.0 object model that prodready writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Version        string      `json:"version,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string              `json:"id"`
		Name                 string              `json:"name,omitempty"`
		ShortDescription     *sarifMessage       `json:"shortDescription,omitempty"`
		FullDescription      *sarifMessage       `json:"fullDescription,omitempty"`
		Help                 *sarifMultiformat   `json:"help,omitempty"`
		HelpURI              string              `json:"helpUri,omitempty"`
		DefaultConfiguration *sarifConfiguration `json:"defaultConfiguration,omitempty"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifMultiformat struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifConfiguration struct {
		Enabled *bool  `json:"enabled,omitempty"`
		Level   string `json:"level,omitempty"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations,omitempty"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Properties          map[string]string `json:"properties,omitempty"`
	}
	sarifLocation struct {
		ID               int                    `json:"id,omitempty"`
		PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
		Message          *sarifMessage          `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
)
