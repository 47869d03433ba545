package lsp

import (
	"context"
)

// didChange applies the edits to the buffer and analyses once the edits
// pause (the debounce delay), cancelling an analysis they made stale.
func (s *Server) didChange(ctx context.Context, params *didChangeParams) (any, error) {
	if _, err := s.docs.change(params.TextDocument.URI, params.TextDocument.Version, params.ContentChanges); err != nil {
		// The buffer is out of sync; drop it so that the disk content is
		// analysed rather than a wrong overlay. The client's next
		// didOpen or full change restores it.
		s.docs.close(params.TextDocument.URI)
		s.sched.schedule(0)
		return nil, err
	}
	s.sched.schedule(s.debounce)
	return nil, nil
}
