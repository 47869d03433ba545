package reqlog_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/prodready/prodready/analysis/reqlog"
)

func TestNoRequestLog(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), reqlog.Analyzer, "a")
}
