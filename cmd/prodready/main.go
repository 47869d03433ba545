// Command prodready finds the production concerns Go HTTP handlers are
// missing and fixes them by applying named patterns. See design.md.
package main

import (
	"os"

	"github.com/prodready/prodready/analysis/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
