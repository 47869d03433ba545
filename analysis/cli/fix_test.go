package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// copyTree copies a fixture module into a temporary directory.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestFixExample runs check -fix on a copy of the example API: the result
// builds, a second -fix finds nothing more to apply, and what remains are
// findings without a safe automatic pattern.
func TestFixExample(t *testing.T) {
	dir := copyTree(t, filepath.Join(repoRoot(t), "testdata", "example"))
	_, stderr, code := run(t, dir, "check", "-fix")
	if code == ExitError {
		t.Fatalf("check -fix failed: %s", stderr)
	}
	if !strings.Contains(stderr, "fixed ") {
		t.Fatalf("check -fix applied nothing: %s", stderr)
	}
	t.Logf("applied:\n%s", stderr)
	build := exec.Command("go", "build", "./...")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("the fixed example does not build: %v\n%s", err, out)
	}
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = dir
	if out, err := vet.CombinedOutput(); err != nil {
		t.Fatalf("the fixed example fails go vet: %v\n%s", err, out)
	}
	diff, stderr, code := run(t, dir, "check", "-diff")
	if code == ExitError {
		t.Fatalf("check -diff after -fix failed: %s", stderr)
	}
	if strings.TrimSpace(diff) != "" {
		t.Errorf("a second run still offers fixes (not idempotent):\n%s", diff)
	}
	// Only findings without a safe automatic pattern remain: the store
	// method that takes no context would need its signature changed in
	// another package, which no pattern does behind the user's back.
	left, _, _ := run(t, dir, "check", "-format", "json")
	var doc struct {
		Findings []struct {
			Rule string `json:"rule"`
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(left), &doc); err != nil {
		t.Fatalf("%v\n%s", err, left)
	}
	var got []string
	for _, f := range doc.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Rule))
	}
	if want := []string{"internal/api/projects.go:20 no-context"}; !slices.Equal(got, want) {
		t.Errorf("left after -fix: %v, want %v", got, want)
	}
}

// TestFixRefusesChangedFile checks a fix is never written over content it
// was not computed for.
func TestFixRefusesChangedFile(t *testing.T) {
	dir := copyTree(t, filepath.Join(repoRoot(t), "testdata", "example"))
	res, err := collect(t.Context(), CheckOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan(res)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.result) == 0 {
		t.Skip("no fixes to apply yet")
	}
	target := p.result[0].Filename
	if err := os.WriteFile(target, append(p.orig[target], []byte("\n// edited meanwhile\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	err = p.apply()
	if err == nil || !strings.Contains(err.Error(), "changed since it was analysed") {
		t.Fatalf("apply over a changed file: err = %v", err)
	}
	got, _ := os.ReadFile(target)
	if !strings.HasSuffix(string(got), "// edited meanwhile\n") {
		t.Error("the changed file was overwritten")
	}
}

// TestFixInAnotherPackage: a gin engine that package ginrouter builds and
// package ginmain serves is reported in ginmain, and check -fix adds the
// limiter in ginrouter, after the engine's creation, where gin's Use still
// reaches every route.
func TestFixInAnotherPackage(t *testing.T) {
	dir := copyTree(t, filepath.Join(repoRoot(t), "analysis", "ratelimit", "testdata", "fw"))
	_, stderr, code := run(t, dir, "check", "-fix", "-rules", "no-rate-limit", "./ginmain", "./ginrouter")
	if code == ExitError {
		t.Fatalf("check -fix failed: %s", stderr)
	}
	if !strings.Contains(stderr, "no-rate-limit (ratelimit/token-bucket)") {
		t.Fatalf("check -fix applied no limiter: %s", stderr)
	}
	src, err := os.ReadFile(filepath.Join(dir, "ginrouter", "ginrouter.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "\tg := gin.New()\n\tg.Use(gin.Logger())\n\tg.Use(rateLimit())\n\tg.POST(") {
		t.Errorf("the limiter is not used before the routes:\n%s", src)
	}
	out, stderr, code := run(t, dir, "check", "-rules", "no-rate-limit", "./ginmain", "./ginrouter")
	if code != ExitClean || out != "" {
		t.Errorf("after -fix, exit %d:\n%s%s", code, out, stderr)
	}
}

// TestUnifiedDiffLines checks the hunk headers of -diff: after a hunk that
// joins two insertions, the next hunk starts in the new file two lines
// further down, as diff -u and patch count.
func TestUnifiedDiffLines(t *testing.T) {
	var old, new []string
	for i := 1; i <= 30; i++ {
		l := fmt.Sprintf("l%d", i)
		old = append(old, l)
		switch i {
		case 5, 8:
			new = append(new, l, "inserted")
		case 25:
			new = append(new, "changed")
		default:
			new = append(new, l)
		}
	}
	d, err := unifiedDiff("a/f", "b/f", strings.Join(old, "\n")+"\n", strings.Join(new, "\n")+"\n")
	if err != nil {
		t.Fatal(err)
	}
	var headers []string
	for _, l := range strings.Split(d, "\n") {
		if strings.HasPrefix(l, "@@") {
			headers = append(headers, l)
		}
	}
	want := []string{"@@ -3,9 +3,11 @@", "@@ -22,7 +24,7 @@"}
	if !slices.Equal(headers, want) {
		t.Errorf("hunk headers %q, want %q\n%s", headers, want, d)
	}
}
