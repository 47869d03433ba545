package lsp

import (
	"context"
	"encoding/json"
	"fmt"

	"go.lsp.dev/protocol"

	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/rules"
)

// settings are the client's settings, from initializationOptions and
// workspace/didChangeConfiguration, either bare or under "prodready":
//
//	{"prodready": {"rules": {"no-request-log": "off"}, "config": "/path/.prodready.yaml"}}
//
// Rule severities here override .prodready.yaml; config replaces the search
// for .prodready.yaml by one file.
type settings struct {
	Rules  map[string]rules.Severity `json:"rules,omitempty"`
	Config string                    `json:"config,omitempty"`
}

// apply replaces s with the settings in v, checking them.
func (s *settings) apply(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var wrapped struct {
		Prodready *json.RawMessage `json:"prodready"`
	}
	if err := json.Unmarshal(data, &wrapped); err == nil && wrapped.Prodready != nil {
		data = *wrapped.Prodready
	}
	var next settings
	if err := json.Unmarshal(data, &next); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	for id, sev := range next.Rules {
		if _, ok := rules.Lookup(id); !ok {
			return fmt.Errorf("settings: rules: unknown rule %q", id)
		}
		if !sev.Valid() {
			return fmt.Errorf("settings: rules.%s: severity %q is not one of error, warning, info, off", id, sev)
		}
	}
	*s = next
	return nil
}

// didChangeConfiguration takes the new settings and re-analyses.
func (s *Server) didChangeConfiguration(ctx context.Context, params *protocol.DidChangeConfigurationParams) (any, error) {
	s.mu.Lock()
	err := s.settings.apply(params.Settings)
	cfg := s.settings.Config
	s.mu.Unlock()
	if err != nil {
		s.notifyOnce("settings:"+err.Error(), "prodready: "+err.Error())
		return nil, err
	}
	config.SetOverride(cfg)
	s.requestReload()
	return nil, nil
}
