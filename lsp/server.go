package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/patterns"
)

// Options configures Serve.
type Options struct {
	// Logger receives the server's log; never stdout, which carries the
	// protocol. Nil means no logging.
	Logger *zap.Logger
	// Analyzers to run; nil means DefaultAnalyzers.
	Analyzers []*analysis.Analyzer
	// Debounce is how long the server waits after an edit before analysing;
	// zero means 150ms.
	Debounce time.Duration
}

// Serve runs a language server on stream (normally stdin and stdout) until
// the client sends exit or the stream closes, or ctx is cancelled. It
// returns nil after an orderly shutdown.
func Serve(ctx context.Context, stream io.ReadWriteCloser, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := newServer(opts)
	conn := jsonrpc2.NewConn(newStream(stream, s.log))
	s.client = protocol.ClientDispatcher(conn, s.log.Named("client"))
	s.conn = conn
	s.exit = cancel
	conn.Go(ctx, s.handler())
	defer s.stop()
	select {
	case <-ctx.Done():
		conn.Close()
		<-conn.Done()
	case <-conn.Done():
	}
	if s.exitedCleanly() {
		return nil
	}
	if err := conn.Err(); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) && ctx.Err() == nil {
		return fmt.Errorf("connection: %w", err)
	}
	if !s.shutdownRequested() && ctx.Err() == nil {
		return errors.New("client closed the connection without shutdown")
	}
	return nil
}

// Server is the state of one language-server session: the client's
// capabilities, the workspace folders, the open documents and the latest
// analysis.
type Server struct {
	log       *zap.Logger
	analyzers []*analysis.Analyzer
	debounce  time.Duration
	client    protocol.Client
	conn      jsonrpc2.Conn
	exit      context.CancelFunc

	docs  *documents
	views *views
	sched *scheduler

	// Owned by the running analysis (one at a time).
	lastRun map[string]*run // by view key
	reload  atomic.Bool     // the next analysis must Load from scratch

	mu        sync.Mutex
	caps      clientCaps
	state     serverState
	settings  settings
	published map[string]string // JSON of the diagnostics last sent, by document key
	notified  map[string]bool   // messages shown to the user once
}

type serverState int

const (
	stateNew serverState = iota
	stateInitialized
	stateShutdown
	stateExited
)

func newServer(opts Options) *Server {
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	analyzers := opts.Analyzers
	if analyzers == nil {
		analyzers = DefaultAnalyzers()
	}
	debounce := opts.Debounce
	if debounce == 0 {
		debounce = 150 * time.Millisecond
	}
	// The server computes fixes only when a client asks for them; analysing
	// on every keystroke must not rewrite code nobody will look at.
	patterns.SetEager(false)
	s := &Server{log: log, analyzers: analyzers, debounce: debounce, docs: newDocuments(), lastRun: map[string]*run{}}
	s.views = newViews(s)
	s.sched = newScheduler(s)
	return s
}

func (s *Server) stop() { s.sched.stop() }

// requestReload makes the next analysis load every view from scratch: the
// go command's answers, the configuration or files on disk changed.
func (s *Server) requestReload() {
	s.reload.Store(true)
	s.sched.schedule(0)
}

func (s *Server) takeReload() bool { return s.reload.Swap(false) }

func (s *Server) exitedCleanly() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state == stateExited
}

func (s *Server) shutdownRequested() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state >= stateShutdown
}

// method is the handler of one LSP method: it decodes its own params and
// returns the result to send (ignored for notifications).
type method func(ctx context.Context, params json.RawMessage) (any, error)

// handle adapts a typed handler to a method. Params that do not decode are
// answered with InvalidParams.
func handle[P any, R any](fn func(ctx context.Context, params *P) (R, error)) method {
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		p := new(P)
		if len(raw) > 0 && string(raw) != "null" {
			if err := json.Unmarshal(raw, p); err != nil {
				return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%v", err)
			}
		}
		return fn(ctx, p)
	}
}

// methods is the dispatch table. protocol.ServerHandler is not used: in
// v0.12.0 it ignores its fallback handler (so codeAction/resolve could not
// be served), its $/cancelRequest handling cannot cancel numeric request
// IDs, and its didChange params lose the difference between a full and an
// incremental change.
func (s *Server) methods() map[string]method {
	return map[string]method{
		protocol.MethodInitialize:                         handle(s.initialize),
		protocol.MethodInitialized:                        handle(s.initialized),
		protocol.MethodShutdown:                           handle(s.shutdown),
		protocol.MethodExit:                               handle(s.exitNotification),
		protocol.MethodTextDocumentDidOpen:                handle(s.didOpen),
		protocol.MethodTextDocumentDidChange:              handle(s.didChange),
		protocol.MethodTextDocumentDidSave:                handle(s.didSave),
		protocol.MethodTextDocumentDidClose:               handle(s.didClose),
		protocol.MethodTextDocumentCodeAction:             handle(s.codeAction),
		methodCodeActionResolve:                           handle(s.resolveCodeAction),
		protocol.MethodTextDocumentCodeLens:               handle(s.codeLens),
		protocol.MethodTextDocumentHover:                  handle(s.hover),
		protocol.MethodWorkspaceDidChangeConfiguration:    handle(s.didChangeConfiguration),
		protocol.MethodWorkspaceDidChangeWatchedFiles:     handle(s.didChangeWatchedFiles),
		protocol.MethodWorkspaceDidChangeWorkspaceFolders: handle(s.didChangeWorkspaceFolders),
		protocol.MethodSetTrace:                           handle(ignore[protocol.SetTraceParams]),
		protocol.MethodWorkDoneProgressCancel:             handle(ignore[protocol.WorkDoneProgressCancelParams]),
	}
}

// methodCodeActionResolve is not among protocol v0.12.0's method names.
const methodCodeActionResolve = "codeAction/resolve"

func ignore[P any](context.Context, *P) (any, error) { return nil, nil }

// handler builds the connection's handler: $/cancelRequest cancels the
// context of a running request; requests run one after the other in
// arrival order (so edits apply in order), each in its own goroutine; every
// request gets exactly one reply, an error when its handler panics.
func (s *Server) handler() jsonrpc2.Handler {
	table := s.methods()
	dispatch := func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		return s.dispatch(ctx, table, reply, req)
	}
	h, canceller := jsonrpc2.CancelHandler(jsonrpc2.AsyncHandler(jsonrpc2.ReplyHandler(dispatch)))
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() != protocol.MethodCancelRequest {
			return h(ctx, reply, req)
		}
		var params struct {
			ID jsonrpc2.ID `json:"id"`
		}
		if err := json.Unmarshal(req.Params(), &params); err != nil {
			s.log.Warn("malformed $/cancelRequest", zap.Error(err))
			return nil
		}
		canceller(params.ID)
		return nil
	}
}

func (s *Server) dispatch(ctx context.Context, table map[string]method, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	_, isCall := req.(*jsonrpc2.Call)
	replied := false
	answer := func(result any, err error) {
		if replied {
			return
		}
		replied = true
		// A request cancelled by $/cancelRequest is answered with the
		// protocol's code, whether the handler noticed (its error wraps
		// context.Canceled) or finished regardless: clients show any
		// other error to the user.
		if isCall && ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
			err = jsonrpc2.NewError(protocol.CodeRequestCancelled, "request cancelled")
		}
		if rerr := reply(context.WithoutCancel(ctx), result, err); rerr != nil {
			s.log.Warn("reply", zap.String("method", req.Method()), zap.Error(rerr))
		}
	}
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic in handler", zap.String("method", req.Method()), zap.Any("panic", v), zap.ByteString("stack", debug.Stack()))
			answer(nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "prodready: %s failed: %v", req.Method(), v))
		}
	}()
	m, ok := table[req.Method()]
	if !ok {
		if isCall {
			answer(nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not supported: %s", req.Method()))
		} else {
			answer(nil, nil) // unknown notifications, $/ ones included, are ignored
		}
		return nil
	}
	if err := s.checkState(req.Method()); err != nil {
		answer(nil, err)
		return nil
	}
	start := time.Now()
	result, err := m(ctx, req.Params())
	if err != nil {
		s.log.Debug("request failed", zap.String("method", req.Method()), zap.Error(err))
	} else {
		s.log.Debug("request", zap.String("method", req.Method()), zap.Duration("took", time.Since(start)))
	}
	if !isCall {
		if err != nil {
			s.log.Warn("notification failed", zap.String("method", req.Method()), zap.Error(err))
		}
		answer(nil, nil)
		return nil
	}
	answer(result, err)
	return nil
}

// checkState refuses requests the lifecycle does not allow.
func (s *Server) checkState(method string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case method == protocol.MethodExit:
		return nil
	case s.state == stateNew && method != protocol.MethodInitialize:
		return jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized")
	case s.state != stateNew && method == protocol.MethodInitialize:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server already initialized")
	case s.state == stateShutdown:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shutting down")
	}
	return nil
}
