package lsp

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/prodready/prodready/analysis/rules"
)

// hover answers textDocument/hover on a finding: what the rule reports and
// why, and the patterns that fix it.
func (s *Server) hover(ctx context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	fs, err := s.fileFor(ctx, params.TextDocument.URI)
	if err != nil || fs == nil {
		return nil, err
	}
	off, err := fs.mapper.Offset(params.Position)
	if err != nil {
		return nil, nil
	}
	found := fs.findingsAt(off, off)
	if len(found) == 0 {
		return nil, nil
	}
	var b strings.Builder
	seen := map[string]bool{}
	for _, f := range found {
		if seen[f.rule] {
			continue
		}
		seen[f.rule] = true
		if b.Len() > 0 {
			b.WriteString("\n\n---\n\n")
		}
		writeRuleDoc(&b, f.rule)
	}
	rng, err := fs.mapper.Range(found[0].start, found[0].end)
	if err != nil {
		return nil, nil
	}
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: b.String()}, Range: &rng}, nil
}

func writeRuleDoc(b *strings.Builder, id string) {
	r, ok := rules.Lookup(id)
	if !ok {
		fmt.Fprintf(b, "**%s** (prodready)", id)
		return
	}
	fmt.Fprintf(b, "**%s** — `%s` (%s)\n\n%s", r.Title, r.ID, r.Concern, r.Help)
	if len(r.Patterns) > 0 {
		b.WriteString("\n\nPatterns that fix it, preferred first:\n")
		for _, p := range r.Patterns {
			fmt.Fprintf(b, "\n- %s (`%s`)", p.Title, p.ID)
		}
	}
	if r.DocURL != "" {
		fmt.Fprintf(b, "\n\n[Documentation](%s)", r.DocURL)
	}
}
