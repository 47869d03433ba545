package sensitive

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/txtar"

	"github.com/prodready/prodready/analysis/internal/fixtest"
	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

var update = flag.Bool("update", false, "rewrite the fix golden files")

// fixture is a set of packages of the testdata with findings to fix.
type fixture struct {
	name     string   // names the alternatives golden: testdata/fixes/NAME.txtar
	dir      string   // the analysistest directory
	patterns []string // the packages under test, as analysistest takes them
	src      string   // directory whose subdirectories hold the packages
	module   string   // module path of src; empty for GOPATH layout
}

func fixtures() []fixture {
	td := analysistest.TestData()
	fw := filepath.Join(td, "frameworks")
	return []fixture{
		{name: "nethttp", dir: td, patterns: []string{"nethttp"}, src: filepath.Join(td, "src")},
		{name: "crosspkg", dir: td, patterns: []string{"crosspkg/httputil", "crosspkg/handler"}, src: filepath.Join(td, "src")},
		{name: "configured", dir: td, patterns: []string{"configured"}, src: filepath.Join(td, "src")},
		{name: "frameworks", dir: fw, patterns: []string{"./ginapp", "./echoapp"}, src: fw, module: "example.com/frameworks"},
	}
}

// TestFixes checks, per fixture, the SuggestedFix each diagnostic carries
// (the preferred pattern) against .golden files, applied all at once as
// go vet -fix or golangci-lint --fix would, and that the fully fixed
// fixture type-checks and has no finding left; then every alternative of
// every finding, one at a time (see checkEveryFix).
func TestFixes(t *testing.T) {
	for _, fx := range fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			if *update {
				writePreferredGoldens(t, analysistest.Run(t, fx.dir, Analyzer, fx.patterns...))
			}
			results := analysistest.RunWithSuggestedFixes(t, fx.dir, Analyzer, fx.patterns...)
			d := fixtest.NewAnalysis(Analyzer, fixtest.Fixture{Dir: fx.dir, Patterns: fx.patterns, Src: fx.src, Module: fx.module})
			checkAllFixed(t, d, results)
			checkEveryFix(t, d, fx, results)
		})
	}
}

// writePreferredGoldens applies every SuggestedFix, merging identical
// edits as analysistest does, and writes FILE.go.golden.
func writePreferredGoldens(t *testing.T, results []*analysistest.Result) {
	for name, es := range preferredEdits(results) {
		out := applyMerged(t, name, es)
		if err := os.WriteFile(name+".golden", out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func preferredEdits(results []*analysistest.Result) map[string][]rewrite.TextEdit {
	edits := map[string][]rewrite.TextEdit{}
	for _, r := range results {
		if r.Pass == nil || hasTestFiles(r.Pass) {
			continue
		}
		for _, d := range r.Diagnostics {
			for _, sf := range d.SuggestedFixes {
				for _, e := range sf.TextEdits {
					f := r.Pass.Fset.File(e.Pos)
					edits[f.Name()] = append(edits[f.Name()], rewrite.TextEdit{Start: f.Offset(e.Pos), End: f.Offset(e.End), New: string(e.NewText)})
				}
			}
		}
	}
	return edits
}

// checkAllFixed analyses the fixture with every preferred fix applied:
// it must type-check and have no sensitive-field finding left.
func checkAllFixed(t *testing.T, d *fixtest.Analysis, results []*analysistest.Result) {
	t.Helper()
	overlay := map[string][]byte{}
	for name, es := range preferredEdits(results) {
		overlay[name] = applyMerged(t, name, es)
	}
	after, err := d.Findings(overlay)
	if err != nil {
		t.Fatalf("with all preferred fixes applied: %v", err)
	}
	for k, n := range after {
		t.Errorf("with all preferred fixes applied, still %d finding(s) %s", n, k)
	}
}

// applyMerged applies edits of several fixes to a file, coalescing
// identical ones; overlapping different edits are a conflict.
func applyMerged(t *testing.T, name string, es []rewrite.TextEdit) []byte {
	t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[rewrite.TextEdit]bool{}
	var uniq []rewrite.TextEdit
	for _, e := range es {
		if !seen[e] {
			seen[e] = true
			uniq = append(uniq, e)
		}
	}
	out, err := rewrite.ApplyEdits(src, uniq)
	if err != nil {
		t.Errorf("%s: fixes conflict: %v", name, err)
	}
	return out
}

func hasTestFiles(pass *analysis.Pass) bool {
	for _, f := range pass.Files {
		if strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go") {
			return true
		}
	}
	return false
}

// checkEveryFix applies every alternative of every finding of a fixture,
// one at a time, and checks what the product promises: the edits rebuild
// the new content, which is gofmt-clean, loses no comment and type-checks
// with the rest of the fixture; analysing the result again finds no trace
// of the finding and nothing new, so applying again offers nothing there.
// The results of each pattern, merged per file, are compared with
// testdata/fixes/FIXTURE.txtar.
func checkEveryFix(t *testing.T, d *fixtest.Analysis, fx fixture, results []*analysistest.Result) {
	base, err := d.Findings(nil)
	if err != nil {
		t.Fatalf("analysing the fixture: %v", err)
	}
	// per pattern title, per file: the edits of all its fixes.
	merged := map[string]map[string][]rewrite.TextEdit{}
	nfix := 0
	for _, r := range results {
		res, _ := r.Result.(*Result)
		if res == nil || hasTestFiles(r.Pass) {
			continue
		}
		sites := res.FixSites()
		if len(sites) != len(res.Findings) {
			t.Fatalf("%d sites for %d findings", len(sites), len(res.Findings))
		}
		for i, site := range sites {
			f := res.Findings[i]
			key := findingKey(r, f)
			if base[key] == 0 {
				t.Errorf("%s: not among the fixture's findings %v", key, sortedKeys(base))
			}
			if site.Rule != Rule || site.Pos != f.Value.Pos() || site.End != f.Value.End() {
				t.Errorf("%s: site %+v does not match its finding", key, site)
			}
			if len(site.Fixes) == 0 {
				t.Errorf("%s: no fix offered", key)
			}
			for j, fix := range site.Fixes {
				nfix++
				if j == 0 {
					checkAttached(t, r, f, fix)
				}
				edits := checkFix(t, d, base, r.Pass, key, fix)
				title := fix.Pattern.Title
				if merged[title] == nil {
					merged[title] = map[string][]rewrite.TextEdit{}
				}
				for name, es := range edits {
					merged[title][name] = append(merged[title][name], es...)
				}
			}
		}
	}
	t.Logf("%s: %d fixes checked", fx.name, nfix)
	compareAlternatives(t, fx, merged)
}

// checkAttached checks that the diagnostic of f carries the SuggestedFix
// of its preferred fix.
func checkAttached(t *testing.T, r *analysistest.Result, f *Finding, fix patterns.Fix) {
	t.Helper()
	for _, d := range r.Diagnostics {
		if d.Pos != f.Value.Pos() {
			continue
		}
		if len(d.SuggestedFixes) != 1 || d.SuggestedFixes[0].Message != fix.Pattern.Title {
			t.Errorf("%s: diagnostic carries %d fixes, want one %q", findingKey(r, f), len(d.SuggestedFixes), fix.Pattern.Title)
		}
		return
	}
	t.Errorf("%s: no diagnostic", findingKey(r, f))
}

// checkFix applies one fix and checks it; it returns its edits by file.
func checkFix(t *testing.T, d *fixtest.Analysis, base map[string]int, pass *analysis.Pass, key string, fix patterns.Fix) map[string][]rewrite.TextEdit {
	t.Helper()
	what := fmt.Sprintf("%s: %s", key, fix.Pattern.ID)
	res, err := rewrite.Rewrite(patterns.PassPackage(pass), fix.Apply)
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return nil
	}
	if len(res) == 0 {
		t.Errorf("%s: changes nothing", what)
		return nil
	}
	overlay, err := res.Contents(os.ReadFile)
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return nil
	}
	edits := map[string][]rewrite.TextEdit{}
	for _, fe := range res {
		if fe.Create {
			t.Errorf("%s: creates %s", what, fe.Filename)
			continue
		}
		orig, err := os.ReadFile(fe.Filename)
		if err != nil {
			t.Fatal(err)
		}
		got, err := rewrite.ApplyEdits(orig, fe.Edits)
		if err != nil || !bytes.Equal(got, fe.NewContent) {
			t.Errorf("%s: edits do not rebuild the new content of %s (%v)", what, fe.Filename, err)
		}
		if !rewrite.GofmtStable(fe.NewContent) {
			t.Errorf("%s: %s is not gofmt-clean", what, fe.Filename)
		}
		if lost := rewrite.CommentsKept(orig, fe.NewContent); len(lost) > 0 {
			t.Errorf("%s: %s loses comments %q", what, fe.Filename, lost)
		}
		edits[fe.Filename] = canonicalEdits(orig, fe.Edits)
	}
	after, err := d.Findings(overlay)
	if err != nil {
		t.Errorf("%s: result does not type-check: %v", what, err)
		return edits
	}
	if after[key] != 0 && after[key] >= base[key] {
		t.Errorf("%s: the finding is still reported", what)
	}
	for k, n := range after {
		want := base[k]
		if k == key {
			want--
		}
		if n > want {
			t.Errorf("%s: new finding %s", what, k)
		}
	}
	return edits
}

// findingKey names a finding as fixtest's Findings does, independently of
// positions: file, enclosing function, the message of its diagnostic.
func findingKey(r *analysistest.Result, f *Finding) string {
	msg := ""
	for _, d := range r.Diagnostics {
		if d.Pos == f.Value.Pos() {
			msg = d.Message
		}
	}
	return fixtest.Key(r.Pass.Fset, r.Pass.Files, f.Value.Pos(), msg)
}

// compareAlternatives checks the merged results of each pattern against
// testdata/fixes/NAME.txtar: one section per pattern title and file.
func compareAlternatives(t *testing.T, fx fixture, merged map[string]map[string][]rewrite.TextEdit) {
	t.Helper()
	ar := new(txtar.Archive)
	for _, title := range sortedKeys(merged) {
		for _, name := range sortedKeys(merged[title]) {
			rel, err := filepath.Rel(fx.src, name)
			if err != nil {
				t.Fatal(err)
			}
			// Each fix is gofmt-clean on its own; merged, comment
			// alignment may need redoing.
			data, err := format.Source(applyMerged(t, name, merged[title][name]))
			if err != nil {
				t.Errorf("%s: merged fixes of %q do not parse: %v", name, title, err)
			}
			ar.Files = append(ar.Files, txtar.File{Name: title + ": " + filepath.ToSlash(rel), Data: data})
		}
	}
	golden := filepath.Join(analysistest.TestData(), "fixes", fx.name+".txtar")
	got := txtar.Format(ar)
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		wa := txtar.Parse(want)
		wantFiles := map[string][]byte{}
		for _, f := range wa.Files {
			wantFiles[f.Name] = f.Data
		}
		for _, f := range ar.Files {
			if w, ok := wantFiles[f.Name]; !ok {
				t.Errorf("%s: unexpected section %q", golden, f.Name)
			} else if !bytes.Equal(w, f.Data) {
				t.Errorf("%s: section %q differs:\n%s", golden, f.Name, f.Data)
			}
			delete(wantFiles, f.Name)
		}
		for name := range wantFiles {
			t.Errorf("%s: section %q not produced", golden, name)
		}
		t.Errorf("%s differs; run go test -update to accept", golden)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// quiet collects analysistest's complaints instead of failing: the
// catalog examples carry no // want comments.
type quiet struct{ errs []string }

func (q *quiet) Errorf(format string, args ...any) {
	q.errs = append(q.errs, fmt.Sprintf(format, args...))
}

// TestPatternExamples checks the catalog's examples of the dto patterns:
// the analyzer reports Before, and applying the pattern there gives After
// exactly.
func TestPatternExamples(t *testing.T) {
	for _, p := range []*patterns.Pattern{patterns.ResponseStruct, patterns.OmitField} {
		t.Run(p.ID, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "src", "example", "example.go")
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(p.Example.Before), 0o644); err != nil {
				t.Fatal(err)
			}
			var q quiet
			results := analysistest.Run(&q, dir, Analyzer, "example")
			var applied bool
			for _, r := range results {
				res, _ := r.Result.(*Result)
				if res == nil {
					continue
				}
				sites := res.FixSites()
				if len(sites) != 1 {
					t.Fatalf("Before has %d findings, want 1", len(sites))
				}
				for _, fix := range sites[0].Fixes {
					if fix.Pattern != p {
						continue
					}
					out, err := rewrite.Rewrite(patterns.PassPackage(r.Pass), fix.Apply)
					if err != nil {
						t.Fatal(err)
					}
					if len(out) != 1 {
						t.Fatalf("the example edits %d files, want 1", len(out))
					}
					if got := string(out[0].NewContent); got != p.Example.After {
						t.Errorf("applying %s to Before gives\n%s\nwant After\n%s", p.ID, got, p.Example.After)
					}
					applied = true
				}
			}
			if !applied {
				t.Errorf("%s is not offered on Before (%q)", p.ID, q.errs)
			}
		})
	}
}
