package driver

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/prodready/prodready/testdata/gen"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// benchModule generates the synthetic module (200 handlers, or
// PRODREADY_BENCH_HANDLERS) and loads it once untimed, so the go command's
// build cache holds the export data of its standard-library dependencies.
func benchModule(b *testing.B) string {
	b.Helper()
	n := 200
	if s := os.Getenv("PRODREADY_BENCH_HANDLERS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	dir := b.TempDir()
	if _, err := gen.Generate(dir, n); err != nil {
		b.Fatal(err)
	}
	if _, err := Load(context.Background(), LoadConfig{Dir: dir}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// funcsAnalyzer is trivial: it counts the function declarations.
var funcsAnalyzer = &analysis.Analyzer{
	Name: "funcs",
	Doc:  "count function declarations",
	Run: func(pass *analysis.Pass) (any, error) {
		n := 0
		for _, f := range pass.Files {
			n += len(f.Decls)
		}
		return n, nil
	},
}

const typedMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
	packages.NeedTypes | packages.NeedTypesInfo | packages.NeedSyntax | packages.NeedTypesSizes | packages.NeedModule

// BenchmarkLoad is the baseline: go/packages with types and syntax for the
// matched packages and export data for the rest (no NeedDeps).
func BenchmarkLoad(b *testing.B) {
	dir := benchModule(b)
	b.ReportAllocs()
	for b.Loop() {
		pkgs, err := packages.Load(&packages.Config{Mode: typedMode, Dir: dir}, "./...")
		if err != nil || packages.PrintErrors(pkgs) > 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadAllSource is go/packages with NeedDeps: every dependency,
// the standard library included, parsed and type-checked from source.
func BenchmarkLoadAllSource(b *testing.B) {
	dir := benchModule(b)
	b.ReportAllocs()
	for b.Loop() {
		pkgs, err := packages.Load(&packages.Config{Mode: typedMode | packages.NeedDeps, Dir: dir}, "./...")
		if err != nil || packages.PrintErrors(pkgs) > 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkDriverLoad is this package's Load alone.
func BenchmarkDriverLoad(b *testing.B) {
	dir := benchModule(b)
	b.ReportAllocs()
	for b.Loop() {
		prog, err := Load(context.Background(), LoadConfig{Dir: dir})
		if err != nil || len(prog.Errors()) > 0 {
			b.Fatal(err, prog.Errors())
		}
	}
}

// BenchmarkLoadAndRun is Load and Run with a trivial analyzer.
func BenchmarkLoadAndRun(b *testing.B) {
	dir := benchModule(b)
	b.ReportAllocs()
	for b.Loop() {
		prog, err := Load(context.Background(), LoadConfig{Dir: dir})
		if err != nil || len(prog.Errors()) > 0 {
			b.Fatal(err, prog.Errors())
		}
		res, err := prog.Run([]*analysis.Analyzer{funcsAnalyzer})
		if err != nil || len(res.Errors()) > 0 {
			b.Fatal(err, res.Errors())
		}
	}
}

// BenchmarkUpdateAndRerun edits the router package, which imports every
// handler package and which only the main package imports: the
// incremental path of the language server.
func BenchmarkUpdateAndRerun(b *testing.B) {
	dir := benchModule(b)
	prog, err := Load(context.Background(), LoadConfig{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	res, err := prog.Run([]*analysis.Analyzer{funcsAnalyzer})
	if err != nil {
		b.Fatal(err)
	}
	file := dir + "/internal/router/router.go"
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		edited := append(append([]byte{}, src...), "\nvar _ = "+strconv.Itoa(i)+"\n"...)
		next, changed, err := prog.Update(context.Background(), map[string][]byte{file: edited})
		if err != nil || len(changed) != 2 { // router and main
			b.Fatal(err, len(changed))
		}
		if _, err := res.Rerun(next); err != nil {
			b.Fatal(err)
		}
	}
}
