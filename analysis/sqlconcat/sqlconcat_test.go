package sqlconcat_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/sqlconcat"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlconcat.Analyzer,
		"example.com/store", "example.com/api", "example.com/wrapper")
}
