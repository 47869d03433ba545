package lsp

import "context"

// shutdown stops analysing; exit then ends the session.
func (s *Server) shutdown(ctx context.Context, _ *struct{}) (any, error) {
	s.mu.Lock()
	s.state = stateShutdown
	s.mu.Unlock()
	s.sched.stop()
	return nil, nil
}

// exitNotification ends Serve; after a shutdown it returns nil, otherwise an
// error, as the protocol asks of the process's exit code.
func (s *Server) exitNotification(ctx context.Context, _ *struct{}) (any, error) {
	s.mu.Lock()
	clean := s.state == stateShutdown
	if clean {
		s.state = stateExited
	}
	s.mu.Unlock()
	// Close after the notification's handler has returned.
	go func() {
		s.conn.Close()
		s.exit()
	}()
	return nil, nil
}
