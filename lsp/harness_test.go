package lsp

import (
	"context"
	"encoding/json"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
)

// testClient is an editor talking to an in-process server through a real
// jsonrpc2 connection over net.Pipe.
type testClient struct {
	t    testing.TB
	dir  string
	conn jsonrpc2.Conn
	done chan error

	mu       sync.Mutex
	diags    map[string]protocol.PublishDiagnosticsParams // by filename
	changed  chan struct{}
	progress []string
	messages []string
	versions map[string]int32
	buffers  map[string]string
}

type clientOptions struct {
	caps     protocol.ClientCapabilities
	debounce time.Duration
}

// lazyCaps is a client like VS Code: versioned edits, file creation,
// codeAction/resolve for edits, progress.
func lazyCaps() protocol.ClientCapabilities {
	return protocol.ClientCapabilities{
		Workspace: &protocol.WorkspaceClientCapabilities{
			WorkspaceEdit: &protocol.WorkspaceClientCapabilitiesWorkspaceEdit{DocumentChanges: true, ResourceOperations: []string{"create"}},
		},
		TextDocument: &protocol.TextDocumentClientCapabilities{CodeAction: &protocol.CodeActionClientCapabilities{
			ResolveSupport: &protocol.CodeActionClientCapabilitiesResolveSupport{Properties: []string{"edit"}},
		}},
		Window: &protocol.WindowClientCapabilities{WorkDoneProgress: true},
	}
}

// copyExample copies testdata/example of the repository to a new
// directory and returns it.
func copyExample(t testing.TB) string {
	t.Helper()
	src, err := filepath.Abs("../testdata/example")
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func startClient(t testing.TB, dir string, opts clientOptions) *testClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	serverEnd, clientEnd := net.Pipe()
	var log *zap.Logger
	if tt, ok := t.(*testing.T); ok && testing.Verbose() {
		log = zaptest.NewLogger(tt)
	}
	c := &testClient{t: t, dir: dir, done: make(chan error, 1), diags: map[string]protocol.PublishDiagnosticsParams{},
		changed: make(chan struct{}), versions: map[string]int32{}, buffers: map[string]string{}}
	go func() { c.done <- Serve(ctx, serverEnd, Options{Logger: log, Debounce: opts.debounce}) }()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
	c.conn.Go(ctx, c.handle)
	t.Cleanup(func() {
		cancel()
		c.conn.Close()
		select {
		case <-c.done:
		case <-time.After(30 * time.Second):
			t.Errorf("server did not stop")
		}
	})
	var res protocol.InitializeResult
	c.call(protocol.MethodInitialize, &protocol.InitializeParams{
		RootURI:      uri.File(dir),
		Capabilities: opts.caps,
		ClientInfo:   &protocol.ClientInfo{Name: "test"},
	}, &res)
	c.notify(protocol.MethodInitialized, &protocol.InitializedParams{})
	return c
}

// handle answers the server's requests and records its notifications.
func (c *testClient) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	switch req.Method() {
	case protocol.MethodTextDocumentPublishDiagnostics:
		var p protocol.PublishDiagnosticsParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
		}
		c.mu.Lock()
		c.diags[filenameOf(p.URI)] = p
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
	case protocol.MethodProgress:
		c.mu.Lock()
		c.progress = append(c.progress, string(req.Params()))
		c.mu.Unlock()
	case protocol.MethodWindowShowMessage, protocol.MethodWindowLogMessage:
		c.mu.Lock()
		c.messages = append(c.messages, string(req.Params()))
		c.mu.Unlock()
	}
	return reply(ctx, nil, nil)
}

func (c *testClient) call(method string, params, result any) error {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

func (c *testClient) mustCall(method string, params, result any) {
	c.t.Helper()
	if err := c.call(method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *testClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *testClient) path(rel string) string { return filepath.Join(c.dir, filepath.FromSlash(rel)) }

func (c *testClient) uri(rel string) protocol.DocumentURI { return uri.File(c.path(rel)) }

// open opens a file of the workspace with its content on disk.
func (c *testClient) open(rel string) string {
	c.t.Helper()
	data, err := os.ReadFile(c.path(rel))
	if err != nil {
		c.t.Fatal(err)
	}
	c.openText(rel, string(data))
	return string(data)
}

func (c *testClient) openText(rel, text string) {
	c.mu.Lock()
	c.versions[rel] = 1
	c.buffers[rel] = text
	c.mu.Unlock()
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: c.uri(rel), LanguageID: "go", Version: 1, Text: text,
	}})
}

// change sends incremental changes, applying them to the client's copy of
// the buffer too.
func (c *testClient) change(rel string, changes ...contentChange) {
	c.t.Helper()
	c.mu.Lock()
	c.versions[rel]++
	v := c.versions[rel]
	next, err := applyChanges([]byte(c.buffers[rel]), changes)
	if err != nil {
		c.mu.Unlock()
		c.t.Fatal(err)
	}
	c.buffers[rel] = string(next)
	c.mu.Unlock()
	c.notify(protocol.MethodTextDocumentDidChange, &didChangeParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: c.uri(rel)}, Version: v},
		ContentChanges: changes,
	})
}

func (c *testClient) buffer(rel string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buffers[rel]
}

func (c *testClient) version(rel string) int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.versions[rel]
}

// waitDiags waits until the diagnostics published for rel satisfy ok, and
// returns them. The deadline only keeps a broken server from hanging the
// test; nothing here measures time.
func (c *testClient) waitDiags(rel string, ok func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
	c.t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		c.mu.Lock()
		p, have := c.diags[c.path(rel)]
		ch := c.changed
		c.mu.Unlock()
		if have && ok(p.Diagnostics) {
			return p.Diagnostics
		}
		select {
		case <-ch:
		case <-deadline:
			c.t.Fatalf("diagnostics for %s never satisfied the condition; last: %+v", rel, p.Diagnostics)
		}
	}
}

func hasRule(rule string) func([]protocol.Diagnostic) bool {
	return func(ds []protocol.Diagnostic) bool { return findRule(ds, rule) != nil }
}

func lacksRule(rule string) func([]protocol.Diagnostic) bool {
	return func(ds []protocol.Diagnostic) bool { return findRule(ds, rule) == nil }
}

func findRule(ds []protocol.Diagnostic, rule string) *protocol.Diagnostic {
	for i := range ds {
		if ds[i].Code == rule {
			return &ds[i]
		}
	}
	return nil
}

// lineOf returns the zero-based line of the first occurrence of s in text.
func lineOf(t testing.TB, text, s string) uint32 {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not found", s)
	}
	return uint32(strings.Count(text[:i], "\n"))
}

// applyEdit applies a code action's edit the way an editor does: edits of
// open documents become didChange notifications (after checking the
// version), other files are opened with their new content, created files
// are opened as new buffers.
func (c *testClient) applyEdit(we *workspaceEdit) {
	c.t.Helper()
	if we == nil {
		c.t.Fatal("code action without edit")
	}
	apply := func(u protocol.DocumentURI, version *int32, edits []protocol.TextEdit) {
		rel, err := filepath.Rel(c.dir, filenameOf(u))
		if err != nil {
			c.t.Fatal(err)
		}
		rel = filepath.ToSlash(rel)
		c.mu.Lock()
		_, open := c.buffers[rel]
		cur := c.versions[rel]
		c.mu.Unlock()
		if !open {
			data, err := os.ReadFile(c.path(rel))
			if err != nil && !os.IsNotExist(err) {
				c.t.Fatal(err)
			}
			c.openText(rel, string(data))
			cur = 1
		} else if version != nil && *version != cur {
			c.t.Fatalf("edit of %s version %d, buffer is at %d", rel, *version, cur)
		}
		// Edits refer to the original content: apply the last first.
		changes := make([]contentChange, 0, len(edits))
		for i := len(edits) - 1; i >= 0; i-- {
			r := edits[i].Range
			changes = append(changes, contentChange{Range: &r, Text: edits[i].NewText})
		}
		c.change(rel, changes...)
	}
	for u, edits := range we.Changes {
		apply(u, nil, edits)
	}
	for _, dc := range we.DocumentChanges {
		switch {
		case dc.Create != nil:
			rel, _ := filepath.Rel(c.dir, filenameOf(dc.Create.URI))
			c.openText(filepath.ToSlash(rel), "")
		case dc.Edit != nil:
			apply(dc.Edit.TextDocument.URI, dc.Edit.TextDocument.Version, dc.Edit.Edits)
		}
	}
}

// overlay returns the client's buffers by absolute path.
func (c *testClient) overlay() map[string][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string][]byte{}
	for rel, text := range c.buffers {
		out[c.path(rel)] = []byte(text)
	}
	return out
}

// codeActions asks for the code actions of one diagnostic.
func (c *testClient) codeActions(rel string, d protocol.Diagnostic, only ...protocol.CodeActionKind) []codeAction {
	c.t.Helper()
	var actions []codeAction
	c.mustCall(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(rel)},
		Range:        d.Range,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}, Only: only},
	}, &actions)
	return actions
}
