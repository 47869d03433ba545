package rewrite

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestApplyEdits(t *testing.T) {
	src := []byte("héllo, wörld 😀\n")
	for _, tc := range []struct {
		name  string
		edits []TextEdit
		want  string
		err   string
	}{
		{name: "none", want: "héllo, wörld 😀\n"},
		{name: "unordered", edits: []TextEdit{{8, 14, "world"}, {0, 6, "hello"}}, want: "hello, world 😀\n"},
		{name: "insert before replace at one offset", edits: []TextEdit{{0, 1, "H"}, {0, 0, ">"}}, want: ">Héllo, wörld 😀\n"},
		{name: "insertions keep their order", edits: []TextEdit{{0, 0, "a"}, {0, 0, "b"}}, want: "abhéllo, wörld 😀\n"},
		{name: "after emoji", edits: []TextEdit{{19, 19, "!"}}, want: "héllo, wörld 😀!\n"},
		{name: "overlap", edits: []TextEdit{{0, 5, "x"}, {3, 8, "y"}}, err: "overlaps"},
		{name: "past end", edits: []TextEdit{{10, 99, "x"}}, err: "out of range"},
		{name: "backwards", edits: []TextEdit{{5, 3, "x"}}, err: "out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ApplyEdits(src, tc.edits)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if string(src) != "héllo, wörld 😀\n" {
		t.Fatal("ApplyEdits modified its input")
	}
}

// memFS is a file system in a map, for Apply.
type memFS map[string][]byte

func (m memFS) read(name string) ([]byte, error) {
	b, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return b, nil
}

func (m memFS) write(name string, b []byte) error {
	m[name] = b
	return nil
}

func TestApplyGuards(t *testing.T) {
	orig := []byte("package a\n\nvar x = 1\n")
	result := Result{
		{Filename: "a.go", Edits: []TextEdit{{19, 20, "2"}}, NewContent: []byte("package a\n\nvar x = 2\n"), Guard: GuardOf(orig)},
		{Filename: "b.go", Create: true, Edits: []TextEdit{{0, 0, "package a\n"}}, NewContent: []byte("package a\n")},
	}

	files := memFS{"a.go": orig}
	if err := Apply(result, files.read, files.write); err != nil {
		t.Fatal(err)
	}
	if string(files["a.go"]) != "package a\n\nvar x = 2\n" || string(files["b.go"]) != "package a\n" {
		t.Fatalf("after Apply: %q", files)
	}

	// The user typed in a.go since the analysis: nothing is written.
	files = memFS{"a.go": []byte("package a\n\nvar x = 10\n")}
	err := Apply(result, files.read, files.write)
	if err == nil || !strings.Contains(err.Error(), "file changed since it was analysed: a.go") {
		t.Fatalf("stale Apply error = %v", err)
	}
	if _, ok := files["b.go"]; ok || string(files["a.go"]) != "package a\n\nvar x = 10\n" {
		t.Fatalf("stale Apply wrote: %q", files)
	}

	// The file to create appeared meanwhile.
	files = memFS{"a.go": orig, "b.go": []byte("package a // mine\n")}
	if err := Apply(result, files.read, files.write); err == nil || !strings.Contains(err.Error(), "already exists: b.go") {
		t.Fatalf("create over existing: err = %v", err)
	}
	if string(files["a.go"]) != string(orig) {
		t.Fatal("a.go written although b.go was refused")
	}

	// The file to edit is gone.
	files = memFS{}
	if err := Apply(result, files.read, files.write); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: err = %v", err)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "new", "dir", "x.go")
	if err := WriteFile(name, []byte("package x\n")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(name, []byte("package y\n")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(name)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode after rewrite = %v, %v", fi.Mode(), err)
	}
}

// TestDiffKeepsAppendsApart: two fixes appending the same declarations to a
// file, one of them also editing the code above, must append them with
// identical edits, so that a merge of both fixes (go vet -fix, analysistest)
// declares them once. The texts are ratelimit/token-bucket's on two routers
// of one package, which a byte diff of the whole file aligned differently.
func TestDiffKeepsAppendsApart(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", "appends", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	before, decl, imports := read("before.txt"), read("decl.txt"), read("imports.txt")
	appendOnly := strings.Replace(before, `import "net/http"`, imports, 1) + decl
	wrapAndAppend := strings.Replace(appendOnly, "Handler: mux}", "Handler: rateLimit()(mux)}", 1)
	alone := diff([]byte(before), []byte(appendOnly))
	both := diff([]byte(before), []byte(wrapAndAppend))
	for _, e := range alone {
		if !slices.Contains(both, e) {
			t.Errorf("edit %+v of the append alone is not among the edits with the wrap:\n%+v", e, both)
		}
	}
	for _, after := range []string{appendOnly, wrapAndAppend} {
		got, err := ApplyEdits([]byte(before), diff([]byte(before), []byte(after)))
		if err != nil || string(got) != after {
			t.Errorf("the edits do not rebuild the new text (%v):\n%s", err, got)
		}
	}
}
