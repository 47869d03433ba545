package sensitive

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

func TestNetHTTP(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "nethttp")
}
