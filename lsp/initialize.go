package lsp

import (
	"context"
	"slices"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// clientCaps is what the server needs to know of the client's capabilities.
type clientCaps struct {
	resolveEdit     bool // codeAction/resolve can fill in the edit
	documentChanges bool // versioned edits in WorkspaceEdit.documentChanges
	createFiles     bool // documentChanges may hold CreateFile operations
	progress        bool // window/workDoneProgress
	watchRegister   bool // didChangeWatchedFiles can be registered dynamically
}

func capsOf(c protocol.ClientCapabilities) clientCaps {
	var caps clientCaps
	if td := c.TextDocument; td != nil && td.CodeAction != nil && td.CodeAction.ResolveSupport != nil {
		caps.resolveEdit = slices.Contains(td.CodeAction.ResolveSupport.Properties, "edit")
	}
	if ws := c.Workspace; ws != nil {
		if we := ws.WorkspaceEdit; we != nil {
			caps.documentChanges = we.DocumentChanges
			caps.createFiles = we.DocumentChanges && slices.Contains(we.ResourceOperations, "create")
		}
		if w := ws.DidChangeWatchedFiles; w != nil {
			caps.watchRegister = w.DynamicRegistration
		}
	}
	if w := c.Window; w != nil {
		caps.progress = w.WorkDoneProgress
	}
	return caps
}

// textDocumentSync is protocol.TextDocumentSyncOptions with the save
// option, which protocol v0.12.0 leaves out.
type textDocumentSync struct {
	OpenClose bool                          `json:"openClose"`
	Change    protocol.TextDocumentSyncKind `json:"change"`
	Save      *protocol.SaveOptions         `json:"save,omitempty"`
}

// fixAllKind is the code action kind of "apply every preferred pattern in
// this file".
const fixAllKind protocol.CodeActionKind = "source.fixAll.prodready"

func (s *Server) initialize(ctx context.Context, params *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	var folders []string
	for _, f := range params.WorkspaceFolders {
		if name := filenameOf(protocol.DocumentURI(f.URI)); name != "" {
			folders = append(folders, name)
		}
	}
	if len(folders) == 0 && params.RootURI != "" {
		if name := filenameOf(params.RootURI); name != "" {
			folders = append(folders, name)
		}
	}
	if len(folders) == 0 && params.RootPath != "" {
		folders = append(folders, params.RootPath)
	}
	s.views.setFolders(folders)
	s.mu.Lock()
	s.caps = capsOf(params.Capabilities)
	s.state = stateInitialized
	if params.InitializationOptions != nil {
		if err := s.settings.apply(params.InitializationOptions); err != nil {
			s.log.Warn("initializationOptions", zap.Error(err))
		}
	}
	s.mu.Unlock()
	client := "unknown"
	if params.ClientInfo != nil {
		client = params.ClientInfo.Name + " " + params.ClientInfo.Version
	}
	s.log.Info("initialize", zap.String("client", client), zap.Strings("folders", folders), zap.Any("caps", s.caps))

	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: textDocumentSync{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindIncremental,
				Save:      &protocol.SaveOptions{},
			},
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, fixAllKind},
				ResolveProvider: true,
			},
			CodeLensProvider: &protocol.CodeLensOptions{},
			HoverProvider:    true,
			Workspace: &protocol.ServerCapabilitiesWorkspace{
				WorkspaceFolders: &protocol.ServerCapabilitiesWorkspaceFolders{Supported: true, ChangeNotifications: true},
			},
		},
		ServerInfo: &protocol.ServerInfo{Name: "prodready"},
	}, nil
}

// initialized starts loading the workspace, with progress reported when the
// client supports it, and asks to be told about changes to go.mod and
// .prodready.yaml files.
func (s *Server) initialized(ctx context.Context, _ *protocol.InitializedParams) (any, error) {
	s.mu.Lock()
	caps := s.caps
	s.mu.Unlock()
	if caps.watchRegister {
		go s.registerWatchers()
	}
	if caps.progress {
		go func() {
			done := s.beginProgress("Loading workspace", "prodready: analysing packages")
			s.sched.whenLoaded(done)
		}()
	}
	s.sched.schedule(0)
	return nil, nil
}
