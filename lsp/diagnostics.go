package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/rules"
)

// source is the Diagnostic.source of every diagnostic the server sends.
const source = "prodready"

// publish sends the diagnostics of the open documents that changed between
// two snapshots. A stale file is left alone (the client keeps moving its
// last diagnostics with the edits); a document whose buffer moved on since
// it was analysed waits for the analysis already scheduled.
func (s *Server) publish(prev, next *snapshot) {
	for _, d := range s.docs.all() {
		if d.filename == "" {
			continue
		}
		fs := next.file(d.filename)
		if fs != nil && (fs.stale || fs.version != d.version) {
			continue
		}
		diags := []protocol.Diagnostic{}
		if fs != nil {
			diags = s.toDiagnostics(fs, next)
		}
		s.send(d.uri, d.version, diags)
	}
}

// send publishes diags for a document unless they equal what was last sent.
func (s *Server) send(u protocol.DocumentURI, version int32, diags []protocol.Diagnostic) {
	data, _ := json.Marshal(diags)
	s.mu.Lock()
	if s.published == nil {
		s.published = map[string]string{}
	}
	k := key(u)
	if old, ok := s.published[k]; ok && old == string(data) {
		s.mu.Unlock()
		return
	}
	s.published[k] = string(data)
	s.mu.Unlock()
	params := &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: diags}
	if version > 0 {
		params.Version = uint32(version)
	}
	if err := s.client.PublishDiagnostics(context.Background(), params); err != nil {
		s.log.Warn("publish diagnostics", zap.String("uri", string(u)), zap.Error(err))
	}
}

// clear withdraws a closed document's diagnostics.
func (s *Server) clear(u protocol.DocumentURI) {
	s.mu.Lock()
	delete(s.published, key(u))
	s.mu.Unlock()
	if err := s.client.PublishDiagnostics(context.Background(), &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}}); err != nil {
		s.log.Warn("clear diagnostics", zap.String("uri", string(u)), zap.Error(err))
	}
}

func (s *Server) toDiagnostics(fs *fileState, snap *snapshot) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(fs.findings))
	for _, f := range fs.findings {
		d, err := s.toDiagnostic(fs, f, snap)
		if err != nil {
			s.log.Debug("diagnostic dropped", zap.String("rule", f.rule), zap.Error(err))
			continue
		}
		out = append(out, d)
	}
	return out
}

func (s *Server) toDiagnostic(fs *fileState, f *finding, snap *snapshot) (protocol.Diagnostic, error) {
	rng, err := fs.mapper.Range(f.start, f.end)
	if err != nil {
		return protocol.Diagnostic{}, err
	}
	d := protocol.Diagnostic{
		Range:    rng,
		Severity: lspSeverity(f.severity),
		Code:     f.rule,
		Source:   source,
		Message:  f.message,
	}
	if r, ok := rules.Lookup(f.rule); ok && r.DocURL != "" {
		d.CodeDescription = &protocol.CodeDescription{Href: protocol.URI(r.DocURL)}
	}
	for _, rel := range f.related {
		m := fs.run.mappers[rel.filename]
		if m == nil {
			continue
		}
		rr, err := m.Range(rel.start, rel.end)
		if err != nil {
			continue
		}
		d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: s.uriOf(rel.filename), Range: rr},
			Message:  rel.message,
		})
	}
	return d, nil
}

// uriOf returns the URI the client uses for a file: an open document's own
// spelling, else the canonical file: URI.
func (s *Server) uriOf(filename string) protocol.DocumentURI {
	if d, ok := s.docs.byFilename(filename); ok {
		return d.uri
	}
	return uri.File(filename)
}

func lspSeverity(sev rules.Severity) protocol.DiagnosticSeverity {
	switch sev {
	case rules.SeverityError:
		return protocol.DiagnosticSeverityError
	case rules.SeverityInfo:
		return protocol.DiagnosticSeverityInformation
	}
	return protocol.DiagnosticSeverityWarning
}

// severity is a rule's severity: the client's settings first, then the
// .prodready.yaml that applies, then the rule's default.
func (s *Server) severity(cfg *config.Config, rule string) rules.Severity {
	s.mu.Lock()
	sev, ok := s.settings.Rules[rule]
	s.mu.Unlock()
	if ok {
		return sev
	}
	return cfg.Severity(rule)
}
