package sqlconcat_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/sqlconcat"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlconcat.Analyzer,
		"example.com/store", "example.com/api", "example.com/wrapper")
}

// TestModules runs the sqlx, pgx, gorm and MySQL fixtures in module mode;
// CI runs `go mod download` in testdata/mod first.
func TestModules(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "mod"), sqlconcat.Analyzer,
		"example.com/app/sqlxapp", "example.com/app/pgxapp", "example.com/app/gormapp", "example.com/app/mysqlapp")
}
