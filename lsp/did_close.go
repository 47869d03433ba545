package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

// didClose drops the overlay (the file on disk is analysed from now on) and
// withdraws the document's diagnostics.
func (s *Server) didClose(ctx context.Context, params *protocol.DidCloseTextDocumentParams) (any, error) {
	s.docs.close(params.TextDocument.URI)
	s.clear(params.TextDocument.URI)
	s.sched.schedule(0)
	return nil, nil
}
