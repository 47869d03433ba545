package ratelimit_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/ratelimit"
)

func TestNoRateLimit(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ratelimit.Analyzer, "a", "app")
}
