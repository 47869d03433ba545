package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	// The official SARIF 2.1.0 schema (OASIS errata01) is not committed to
	// this repository; the go-sarif module ships it, as the constant
	// `schema` in this package's schema.go. The blank import keeps the
	// module in go.mod (go mod tidy would drop a requirement no package
	// imports) and guarantees it is downloaded whenever this test builds.
	_ "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

const (
	schemaModule = "github.com/owenrumney/go-sarif/v3"
	schemaFile   = "pkg/report/v210/sarif/schema.go"
)

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// sarifSchema compiles the official SARIF 2.1.0 JSON schema, read from the
// module cache.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() { schema, schemaErr = loadSARIFSchema() })
	if schemaErr != nil {
		t.Fatal(schemaErr)
	}
	return schema
}

func loadSARIFSchema() (*jsonschema.Schema, error) {
	out, err := exec.Command("go", "list", "-m", "-json", schemaModule).Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m %s: %v", schemaModule, err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil {
		return nil, err
	}
	if mod.Dir == "" {
		return nil, fmt.Errorf("%s is not in the module cache; run go mod download", schemaModule)
	}
	text, err := schemaConstant(filepath.Join(mod.Dir, filepath.FromSlash(schemaFile)))
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("parse schema: %v", err)
	}
	obj, _ := doc.(map[string]any)
	id, _ := obj["id"].(string)
	if title, _ := obj["title"].(string); !strings.Contains(title, "SARIF") || !strings.Contains(title, "2.1.0") || id == "" {
		return nil, fmt.Errorf("%s does not hold the SARIF 2.1.0 schema (title %q, id %q)", schemaFile, title, id)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, doc); err != nil {
		return nil, err
	}
	return c.Compile(id) // draft-04: format assertions (uri, uri-reference) are on
}

// schemaConstant returns the value of the string constant `schema` in a Go
// source file.
func schemaConstant(path string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return "", err
	}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if name.Name != "schema" || i >= len(vs.Values) {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					return strconv.Unquote(lit.Value)
				}
			}
		}
	}
	return "", fmt.Errorf("%s: no string constant named schema", path)
}

func validateSARIF(t *testing.T, data []byte) error {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sarifSchema(t).Validate(doc)
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	odd := []Finding{
		{Rule: "x", Severity: "warning", File: "my dir/a#b?.go", Line: 1, Column: 1, EndLine: 2, EndColumn: 1, Message: "spaces and #"},
		{Rule: "x", Severity: "error", File: "c:x.go", Line: 1, Message: "colon in the first segment"},
		{Rule: "x", Severity: "info", File: "/abs/x.go", Message: "absolute, whole file"},
		{Rule: "y", Severity: "info", File: "../up/é.go", Line: 3, Column: 2, Message: "outside cwd",
			Related: []Related{{File: "a.go", Line: 1}, {Message: "no file"}}},
	}
	for name, data := range map[string][]byte{
		"sample": sarifSample(t, sample()),
		"empty":  sarifSample(t, nil),
		"odd":    sarifSample(t, odd),
	} {
		if err := validateSARIF(t, data); err != nil {
			t.Errorf("%s: %v\n%s", name, err, data)
		}
	}
}

// TestSARIFSchemaRejects proves the validation above can fail: each broken
// variant of a valid log must be rejected.
func TestSARIFSchemaRejects(t *testing.T) {
	valid := sarifSample(t, sample())
	for _, tc := range []struct {
		name   string
		mutate func(log map[string]any)
	}{
		{"no version", func(log map[string]any) { delete(log, "version") }},
		{"wrong version", func(log map[string]any) { log["version"] = "2.0.0" }},
		{"unknown top-level property", func(log map[string]any) { log["findings"] = []any{} }},
		{"no tool", func(log map[string]any) { delete(run(log), "tool") }},
		{"level info", func(log map[string]any) { result(log)["level"] = "info" }},
		{"message without text", func(log map[string]any) { result(log)["message"] = map[string]any{} }},
		{"line 0", func(log map[string]any) { region(log)["startLine"] = 0 }},
		{"column as string", func(log map[string]any) { region(log)["startColumn"] = "5" }},
		{"uri with a backslash", func(log map[string]any) {
			result(log)["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uri"] = `api\tasks.go`
		}},
		{"fingerprint not a string", func(log map[string]any) { result(log)["partialFingerprints"] = map[string]any{"k": 1} }},
		{"bad columnKind", func(log map[string]any) { run(log)["columnKind"] = "bytes" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var log map[string]any
			if err := json.Unmarshal(valid, &log); err != nil {
				t.Fatal(err)
			}
			tc.mutate(log)
			broken, err := json.Marshal(log)
			if err != nil {
				t.Fatal(err)
			}
			if err := validateSARIF(t, broken); err == nil {
				t.Errorf("schema accepted a log with %s", tc.name)
			}
		})
	}
}

func run(log map[string]any) map[string]any {
	return log["runs"].([]any)[0].(map[string]any)
}

func result(log map[string]any) map[string]any {
	return run(log)["results"].([]any)[0].(map[string]any)
}

func region(log map[string]any) map[string]any {
	loc := result(log)["locations"].([]any)[0].(map[string]any)
	return loc["physicalLocation"].(map[string]any)["region"].(map[string]any)
}
