package lsp

import (
	"encoding/json"
	"fmt"

	"go.lsp.dev/protocol"
)

// workspaceEdit is protocol.WorkspaceEdit whose documentChanges may hold
// file creations, which protocol v0.12.0's []TextDocumentEdit cannot.
type workspaceEdit struct {
	Changes         map[protocol.DocumentURI][]protocol.TextEdit `json:"changes,omitempty"`
	DocumentChanges []documentChange                             `json:"documentChanges,omitempty"`
}

// documentChange is one entry of documentChanges: an edit of a document,
// or the creation of a file.
type documentChange struct {
	Edit   *protocol.TextDocumentEdit
	Create *protocol.CreateFile
}

func (c documentChange) MarshalJSON() ([]byte, error) {
	switch {
	case c.Edit != nil:
		return json.Marshal(c.Edit)
	case c.Create != nil:
		return json.Marshal(c.Create)
	}
	return nil, fmt.Errorf("empty document change")
}

func (c *documentChange) UnmarshalJSON(data []byte) error {
	var probe struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return err
	}
	if probe.Kind == string(protocol.CreateResourceOperation) {
		c.Create = new(protocol.CreateFile)
		return json.Unmarshal(data, c.Create)
	}
	if probe.Kind != "" {
		return fmt.Errorf("unsupported document change %q", probe.Kind)
	}
	c.Edit = new(protocol.TextDocumentEdit)
	return json.Unmarshal(data, c.Edit)
}

// codeAction is protocol.CodeAction with workspaceEdit.
type codeAction struct {
	Title       string                  `json:"title"`
	Kind        protocol.CodeActionKind `json:"kind,omitempty"`
	Diagnostics []protocol.Diagnostic   `json:"diagnostics,omitempty"`
	IsPreferred bool                    `json:"isPreferred,omitempty"`
	Edit        *workspaceEdit          `json:"edit,omitempty"`
	Data        *actionData             `json:"data,omitempty"`
}

// actionData is what a code action carries to codeAction/resolve: which
// finding of which document version, and which pattern ("" for fix-all).
type actionData struct {
	URI     protocol.DocumentURI `json:"uri"`
	Version int32                `json:"version"`
	Rule    string               `json:"rule,omitempty"`
	Start   int                  `json:"start"`
	End     int                  `json:"end"`
	Pattern string               `json:"pattern,omitempty"`
}
