// Command gen writes a synthetic HTTP API module for benchmarks:
//
//	go run ./testdata/gen/cmd -handlers 3000 -out /tmp/synth
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/prodready/prodready/testdata/gen"
)

func main() {
	n := flag.Int("handlers", 200, "number of handlers to generate")
	out := flag.String("out", "", "directory to write the module into (required)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gen -handlers N -out DIR")
		os.Exit(2)
	}
	st, err := gen.Generate(*out, *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("%d handlers, %d packages, %d files, %d lines in %s\n", st.Handlers, st.Packages, st.Files, st.Lines, *out)
}
