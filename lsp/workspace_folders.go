package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

// didChangeWorkspaceFolders updates the views and re-analyses.
func (s *Server) didChangeWorkspaceFolders(ctx context.Context, params *protocol.DidChangeWorkspaceFoldersParams) (any, error) {
	for _, f := range params.Event.Removed {
		if name := filenameOf(protocol.DocumentURI(f.URI)); name != "" {
			s.views.removeFolder(name)
		}
	}
	for _, f := range params.Event.Added {
		if name := filenameOf(protocol.DocumentURI(f.URI)); name != "" {
			s.views.addFolder(name)
		}
	}
	s.requestReload()
	return nil, nil
}
