package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

// didSave analyses at once: other packages read the file from disk.
func (s *Server) didSave(ctx context.Context, params *protocol.DidSaveTextDocumentParams) (any, error) {
	s.sched.schedule(0)
	return nil, nil
}
