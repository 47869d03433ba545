package lsp

import (
	"context"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// scheduler runs analyses: after the debounce delay following the last
// change, one at a time, cancelling a running one that a newer change made
// stale. Requests that need results for the current buffers wait for them.
type scheduler struct {
	s *Server

	mu      sync.Mutex
	timer   *time.Timer
	gen     int // bumped by every change; a run analyses one generation
	done    int // the generation of the latest finished run
	running context.CancelFunc
	latest  *snapshot
	changed chan struct{} // closed and replaced when a run finishes
	stopped bool
	loaded  bool // the first run finished
	onFirst []func()

	runMu sync.Mutex // held by the running analysis
}

func newScheduler(s *Server) *scheduler {
	return &scheduler{s: s, changed: make(chan struct{})}
}

// schedule records a change and starts an analysis after delay, or now.
func (sc *scheduler) schedule(delay time.Duration) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.stopped {
		return
	}
	sc.gen++
	if sc.running != nil {
		sc.running() // its input is stale
	}
	if sc.timer != nil {
		sc.timer.Stop()
	}
	sc.timer = time.AfterFunc(delay, sc.start)
}

// flush starts a pending analysis at once.
func (sc *scheduler) flush() {
	sc.mu.Lock()
	pending := sc.timer != nil && sc.timer.Stop()
	sc.mu.Unlock()
	if pending {
		go sc.start()
	}
}

func (sc *scheduler) start() {
	sc.runMu.Lock()
	defer sc.runMu.Unlock()
	sc.mu.Lock()
	if sc.stopped || sc.done >= sc.gen {
		sc.mu.Unlock()
		return
	}
	gen := sc.gen
	ctx, cancel := context.WithCancel(context.Background())
	sc.running = cancel
	prev := sc.latest
	sc.mu.Unlock()

	start := time.Now()
	snap, err := sc.s.analyze(ctx, gen, prev)
	cancel()

	sc.mu.Lock()
	sc.running = nil
	if err != nil || sc.gen != gen && ctx.Err() != nil {
		sc.mu.Unlock()
		sc.s.log.Debug("analysis cancelled", zap.Int("generation", gen), zap.Duration("after", time.Since(start)))
		return
	}
	sc.latest = snap
	sc.done = gen
	first := !sc.loaded
	sc.loaded = true
	callbacks := sc.onFirst
	sc.onFirst = nil
	close(sc.changed)
	sc.changed = make(chan struct{})
	sc.mu.Unlock()

	sc.s.log.Debug("analysed", zap.Int("generation", gen), zap.Int("files", len(snap.files)), zap.Duration("took", time.Since(start)))
	if first {
		for _, f := range callbacks {
			f()
		}
	}
	sc.s.publish(prev, snap)
}

// whenLoaded calls f after the first analysis finishes.
func (sc *scheduler) whenLoaded(f func()) {
	sc.mu.Lock()
	if !sc.loaded {
		sc.onFirst = append(sc.onFirst, f)
		sc.mu.Unlock()
		return
	}
	sc.mu.Unlock()
	f()
}

// current waits until an analysis of the latest change has finished and
// returns its snapshot.
func (sc *scheduler) current(ctx context.Context) (*snapshot, error) {
	for {
		sc.mu.Lock()
		if sc.done >= sc.gen && sc.latest != nil {
			snap := sc.latest
			sc.mu.Unlock()
			return snap, nil
		}
		ch := sc.changed
		sc.mu.Unlock()
		sc.flush()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (sc *scheduler) stop() {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.stopped = true
	if sc.timer != nil {
		sc.timer.Stop()
	}
	if sc.running != nil {
		sc.running()
	}
}

// fileFor returns the state of an open document in a snapshot that
// analysed its current content, or nil when no analysed package holds it.
func (s *Server) fileFor(ctx context.Context, u protocol.DocumentURI) (*fileState, error) {
	snap, err := s.sched.current(ctx)
	if err != nil {
		return nil, err
	}
	fs := snap.file(key(u))
	if fs == nil || fs.stale {
		return nil, nil
	}
	if d, ok := s.docs.get(u); ok && d.version != fs.version && string(d.content) != string(fs.mapper.Content()) {
		return nil, nil // changed since; a newer analysis is scheduled
	}
	return fs, nil
}
