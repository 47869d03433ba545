package sensitive

import (
	"go/ast"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

func TestNetHTTP(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), Analyzer, "nethttp")

	// The result carries what the fix patterns need: the written value, the
	// secret field and the function holding the write.
	found := false
	for _, r := range results {
		res, _ := r.Result.(*Result)
		if res == nil {
			continue
		}
		for _, f := range res.Findings {
			decl, ok := f.Func.(*ast.FuncDecl)
			if !ok || decl.Name.Name != "getUser" {
				continue
			}
			found = true
			if id, ok := f.Value.(*ast.Ident); !ok || id.Name != "u" {
				t.Errorf("getUser finding value = %T, want the identifier u", f.Value)
			}
			if len(f.Secrets) != 1 || f.Secrets[0].Field.Name() != "PasswordHash" || f.Secrets[0].JSONName != "password_hash" {
				t.Errorf("getUser finding secrets = %+v", f.Secrets)
			}
			if f.Type.String() != "*nethttp.User" {
				t.Errorf("getUser finding type = %s", f.Type)
			}
		}
	}
	if !found {
		t.Error("no finding in getUser in the analyzer's result")
	}
}

func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "crosspkg/httputil", "crosspkg/handler")
}

// TestConfiguredFields reads testdata/src/configured/.prodready.yaml.
func TestConfiguredFields(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "configured")
}

// TestFrameworks runs on a module of its own that requires gin and echo;
// run `go mod download` in testdata/frameworks first (CI does).
func TestFrameworks(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "frameworks")
	analysistest.Run(t, dir, Analyzer, "./ginapp", "./echoapp")
}
