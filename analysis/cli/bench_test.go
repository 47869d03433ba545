package cli

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/prodready/prodready/testdata/gen"
)

// The check benchmarks run the whole command (load, analyse, report); the
// load benchmarks are the floor any tool pays: go/packages with types and
// syntax for the same packages.

func BenchmarkCheckExample(b *testing.B) {
	benchCheck(b, filepath.Join("..", "..", "testdata", "example"))
}

func BenchmarkLoadExample(b *testing.B) {
	benchLoad(b, filepath.Join("..", "..", "testdata", "example"))
}

func BenchmarkCheckGenerated200(b *testing.B) {
	benchCheck(b, generated(b, 200))
}

func BenchmarkLoadGenerated200(b *testing.B) {
	benchLoad(b, generated(b, 200))
}

func generated(b *testing.B, handlers int) string {
	b.Helper()
	dir := b.TempDir()
	if _, err := gen.Generate(dir, handlers); err != nil {
		b.Fatal(err)
	}
	return dir
}

func benchCheck(b *testing.B, dir string) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(context.Background(), CheckOptions{Dir: dir, Format: "json", Out: io.Discard}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchLoad(b *testing.B, dir string) {
	b.ReportAllocs()
	for b.Loop() {
		cfg := &packages.Config{Dir: dir, Mode: packages.LoadSyntax}
		pkgs, err := packages.Load(cfg, "./...")
		if err != nil {
			b.Fatal(err)
		}
		if packages.PrintErrors(pkgs) > 0 {
			b.Fatal("load errors")
		}
	}
}
