package config

import (
	"path/filepath"
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// Analyzer provides the *Config that applies to the package under analysis:
// the override file if SetOverride was called, else the .prodready.yaml
// found by walking up from the package's directory, else Defaults. An
// invalid file is the analyzer's error. Loaded files are cached by path,
// modification time and size, so a workspace's packages share one parse.
var Analyzer = &analysis.Analyzer{
	Name:       "prodreadyconfig",
	Doc:        "provides the .prodready.yaml configuration to other analyzers",
	Run:        run,
	ResultType: reflect.TypeFor[*Config](),
}

func run(pass *analysis.Pass) (any, error) {
	dir := ""
	if len(pass.Files) > 0 {
		if f := pass.Fset.File(pass.Files[0].Pos()); f != nil {
			dir = filepath.Dir(f.Name())
		}
	}
	if dir == "" && Override() == "" {
		return Defaults(), nil
	}
	return ForDir(dir)
}
