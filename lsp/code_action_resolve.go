package lsp

import (
	"context"
	"fmt"

	"go.lsp.dev/jsonrpc2"
)

// resolveCodeAction answers codeAction/resolve: it computes the edit of an
// action that textDocument/codeAction returned without one.
func (s *Server) resolveCodeAction(ctx context.Context, a *codeAction) (*codeAction, error) {
	if a.Data == nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "code action has no data to resolve")
	}
	data := a.Data
	fs, err := s.fileFor(ctx, data.URI)
	if err != nil {
		return nil, err
	}
	if fs == nil || fs.version != data.Version {
		if d, ok := s.docs.get(data.URI); !ok || d.version != data.Version || fs == nil {
			return nil, jsonrpc2.Errorf(codeContentModified, "%s changed since the code action was offered", data.URI)
		}
	}
	if data.Pattern == "" {
		if a.Edit, err = s.fixAllEdit(fs); err != nil {
			return nil, err
		}
		return a, nil
	}
	for _, f := range fs.findings {
		if f.rule != data.Rule || f.start != data.Start || f.end != data.End {
			continue
		}
		for _, fix := range fs.run.fixes(f) {
			if fix.Pattern.ID == data.Pattern {
				if a.Edit, err = s.fixEdit(fs, f, fix); err != nil {
					return nil, err
				}
				return a, nil
			}
		}
		return nil, fmt.Errorf("pattern %s no longer applies here", data.Pattern)
	}
	return nil, jsonrpc2.Errorf(codeContentModified, "the %s finding is gone", data.Rule)
}
