// Command gen writes docs/patterns.md from the pattern catalog.
package main

import (
	"log"
	"os"

	"github.com/prodready/prodready/patterns"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: gen OUTPUT")
	}
	if err := os.WriteFile(os.Args[1], patterns.Markdown(), 0o644); err != nil {
		log.Fatal(err)
	}
}
