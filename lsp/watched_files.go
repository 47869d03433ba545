package lsp

import (
	"context"
	"path/filepath"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// registerWatchers asks the client to report changes to the files that
// change what gets loaded or how it is judged.
func (s *Server) registerWatchers() {
	opts := protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
		{GlobPattern: "**/go.mod"}, {GlobPattern: "**/go.sum"}, {GlobPattern: "**/.prodready.yaml"}, {GlobPattern: "**/*.go"},
	}}
	err := s.client.RegisterCapability(context.Background(), &protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID: "prodready-watch", Method: protocol.MethodWorkspaceDidChangeWatchedFiles, RegisterOptions: opts,
	}}})
	if err != nil {
		s.log.Info("file watching not registered", zap.Error(err))
	}
}

// didChangeWatchedFiles re-analyses when a go.mod, go.sum, .prodready.yaml
// or a Go file that is not open changed on disk.
func (s *Server) didChangeWatchedFiles(ctx context.Context, params *protocol.DidChangeWatchedFilesParams) (any, error) {
	reload := false
	for _, ch := range params.Changes {
		name := filenameOf(ch.URI)
		switch filepath.Base(name) {
		case "go.mod", "go.sum", ".prodready.yaml":
			reload = true
			s.log.Info("reloading", zap.String("changed", name))
		default:
			if _, open := s.docs.byFilename(name); !open && filepath.Ext(name) == ".go" {
				reload = true
			}
		}
	}
	if reload {
		s.requestReload()
	}
	return nil, nil
}
