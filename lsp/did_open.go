package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

// didOpen makes the buffer an overlay and analyses at once.
func (s *Server) didOpen(ctx context.Context, params *protocol.DidOpenTextDocumentParams) (any, error) {
	d := s.docs.open(params.TextDocument.URI, params.TextDocument.Version, params.TextDocument.Text)
	s.views.ensure(d.filename)
	s.sched.schedule(0)
	return nil, nil
}
