// Package vscode is the VS Code extension, written in TypeScript; its Go test
// keeps the extension's settings schema in step with the rule registry.
package vscode

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/prodready/prodready/analysis/rules"
)

// TestRulesSetting checks that the prodready.rules setting in package.json
// offers exactly the registry's rules, each with the registry's severities
// and title, so that VS Code completes and validates what the server accepts.
func TestRulesSetting(t *testing.T) {
	data, err := os.ReadFile("package.json")
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Contributes struct {
			Configuration struct {
				Properties map[string]struct {
					AdditionalProperties *bool `json:"additionalProperties"`
					Properties           map[string]struct {
						Enum        []string `json:"enum"`
						Description string   `json:"description"`
					} `json:"properties"`
				} `json:"properties"`
			} `json:"configuration"`
		} `json:"contributes"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		t.Fatalf("package.json: %v", err)
	}
	setting, ok := manifest.Contributes.Configuration.Properties["prodready.rules"]
	if !ok {
		t.Fatal("package.json contributes no prodready.rules setting")
	}
	if setting.AdditionalProperties == nil || *setting.AdditionalProperties {
		t.Error("prodready.rules: additionalProperties should be false, so that VS Code flags unknown rules")
	}
	var severities []string
	for _, s := range rules.Severities {
		severities = append(severities, string(s))
	}
	for _, r := range rules.All() {
		p, ok := setting.Properties[r.ID]
		if !ok {
			t.Errorf("prodready.rules lacks rule %s", r.ID)
			continue
		}
		if !slices.Equal(p.Enum, severities) {
			t.Errorf("prodready.rules.%s: enum %q, want %q", r.ID, p.Enum, severities)
		}
		if p.Description != r.Title {
			t.Errorf("prodready.rules.%s: description %q, want the rule's title %q", r.ID, p.Description, r.Title)
		}
	}
	for id := range setting.Properties {
		if _, ok := rules.Lookup(id); !ok {
			t.Errorf("prodready.rules offers %s, which is no rule", id)
		}
	}
}
