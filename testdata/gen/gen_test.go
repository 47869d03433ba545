package gen

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGenerate writes a module spanning two store and two handler packages
// and checks that it builds and vets clean and is reproducible.
func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	st, err := Generate(dir, 5*FilesPerPackage+3)
	if err != nil {
		t.Fatal(err)
	}
	// 51 resources of 5 handlers; 2 store + 2 api + auth, respond, router, main.
	if st.Handlers != 255 || st.Packages != 8 {
		t.Errorf("stats = %+v, want 255 handlers in 8 packages", st)
	}
	if st.Lines < 30*st.Handlers {
		t.Errorf("%d lines for %d handlers, want at least 30 per handler", st.Lines, st.Handlers)
	}
	routes, err := os.ReadFile(filepath.Join(dir, "internal/router/router.go"))
	if err != nil {
		t.Fatal(err)
	}
	again := t.TempDir()
	if _, err := Generate(again, 5*FilesPerPackage+3); err != nil {
		t.Fatal(err)
	}
	routes2, _ := os.ReadFile(filepath.Join(again, "internal/router/router.go"))
	if string(routes) != string(routes2) {
		t.Error("two runs wrote different router.go")
	}
	if testing.Short() {
		t.Skip("go vet of the generated module skipped in -short mode")
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet in generated module: %v\n%s", err, out)
	}
}

func TestGenerateRejectsZero(t *testing.T) {
	if _, err := Generate(t.TempDir(), 0); err == nil {
		t.Error("Generate(dir, 0) succeeded")
	}
}
