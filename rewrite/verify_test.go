package rewrite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommentsKept(t *testing.T) {
	old := []byte("package a\n\n// Doc  of\tx.\nvar x = 1 // one\n\n// one\nvar y = 2 /* two */\n")
	moved := []byte("package a\n\n// one\nvar y = 2 /* two */\n\n// Doc of x.\nvar x = 1 // one\n")
	if lost := CommentsKept(old, moved); len(lost) != 0 {
		t.Errorf("moved comments reported lost: %q", lost)
	}
	dropped := []byte("package a\n\n// Doc of x.\nvar x = 1\n\nvar y = 2 /* two */\n")
	lost := CommentsKept(old, dropped)
	if len(lost) != 2 || lost[0] != "// one" || lost[1] != "// one" {
		t.Errorf("CommentsKept = %q, want both // one", lost)
	}
}

func TestGofmtStable(t *testing.T) {
	if !GofmtStable([]byte("package a\n\nvar x = 1\n")) {
		t.Error("formatted source reported unstable")
	}
	if GofmtStable([]byte("package a\nvar x=1\n")) {
		t.Error("unformatted source reported stable")
	}
	if GofmtStable([]byte("package a\nvar x = \n")) {
		t.Error("source that does not parse reported stable")
	}
}

// TestTypeCheckModulePackage checks a package of the fixture module that
// imports another package of the module and a third-party module, with
// the default importer.
func TestTypeCheckModulePackage(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join(appDir, "api"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Join(dir, e.Name())] = b
	}
	if err := TypeCheck(files, "example.com/app/api", nil); err != nil {
		t.Fatalf("fixture does not type-check: %v", err)
	}

	// A use of a name the module's auth package does not export.
	server := filepath.Join(dir, "server.go")
	files[server] = []byte(strings.Replace(string(files[server]),
		"\"example.com/app/store\"", "\"example.com/app/auth\"\n\t\"example.com/app/store\"\n", 1) +
		"\nvar _ = auth.NoSuchThing\n")
	err = TypeCheck(files, "example.com/app/api", nil)
	if err == nil || !strings.Contains(err.Error(), "NoSuchThing") {
		t.Fatalf("TypeCheck error = %v, want one naming NoSuchThing", err)
	}
}
