package lsp

import (
	"context"
	"fmt"
	"sync/atomic"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

var progressSeq atomic.Int64

// beginProgress creates a window/workDoneProgress token and reports the
// start of a task; the returned function reports its end.
func (s *Server) beginProgress(title, message string) func() {
	token := protocol.NewProgressToken(fmt.Sprintf("prodready-%d", progressSeq.Add(1)))
	ctx := context.Background()
	if err := s.client.WorkDoneProgressCreate(ctx, &protocol.WorkDoneProgressCreateParams{Token: *token}); err != nil {
		s.log.Debug("workDoneProgress/create refused", zap.Error(err))
		return func() {}
	}
	s.progress(token, &protocol.WorkDoneProgressBegin{Kind: protocol.WorkDoneProgressKindBegin, Title: title, Message: message})
	return func() {
		s.progress(token, &protocol.WorkDoneProgressEnd{Kind: protocol.WorkDoneProgressKindEnd, Message: "done"})
	}
}

func (s *Server) progress(token *protocol.ProgressToken, value any) {
	if err := s.client.Progress(context.Background(), &protocol.ProgressParams{Token: *token, Value: value}); err != nil {
		s.log.Debug("$/progress", zap.Error(err))
	}
}

// notifyOnce shows a message to the user the first time it occurs.
func (s *Server) notifyOnce(key, message string) {
	s.mu.Lock()
	if s.notified == nil {
		s.notified = map[string]bool{}
	}
	seen := s.notified[key]
	s.notified[key] = true
	s.mu.Unlock()
	if seen {
		return
	}
	go func() {
		if err := s.client.ShowMessage(context.Background(), &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: message}); err != nil {
			s.log.Debug("showMessage", zap.Error(err))
		}
	}()
}
