package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// rawSession writes bytes to a server and reads its framed replies.
type rawSession struct {
	t    *testing.T
	conn net.Conn
	in   *bufio.Reader
}

// rawReply is a response as JSON-RPC 2.0 defines it; jsonrpc2 v0.10.0
// cannot decode one whose id is null.
type rawReply struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    jsonrpc2.Code `json:"code"`
		Message string        `json:"message"`
	} `json:"error"`
}

func (r *rawReply) code() jsonrpc2.Code {
	if r.Error == nil {
		return 0
	}
	return r.Error.Code
}

func startRaw(t *testing.T) *rawSession {
	serverEnd, clientEnd := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, serverEnd, Options{}) }()
	t.Cleanup(func() {
		cancel()
		clientEnd.Close()
		<-done
	})
	return &rawSession{t: t, conn: clientEnd, in: bufio.NewReader(clientEnd)}
}

func (r *rawSession) send(body string) {
	r.t.Helper()
	go fmt.Fprintf(r.conn, "Content-Length: %d\r\n\r\n%s", len(body), body) // net.Pipe blocks until read
}

// reply reads messages until a response arrives.
func (r *rawSession) reply() *rawReply {
	r.t.Helper()
	r.conn.SetReadDeadline(time.Now().Add(time.Minute))
	for {
		length := 0
		for {
			line, err := r.in.ReadString('\n')
			if err != nil {
				r.t.Fatalf("read: %v", err)
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r.in, body); err != nil {
			r.t.Fatalf("read: %v", err)
		}
		var msg rawReply
		if err := json.Unmarshal(body, &msg); err != nil {
			r.t.Fatalf("reply %s: %v", body, err)
		}
		if msg.Method == "" {
			return &msg
		}
	}
}

// TestMalformedMessages: bad JSON, a message that is not JSON-RPC, bad
// params and unknown methods each get an error reply, and the connection
// keeps serving.
func TestMalformedMessages(t *testing.T) {
	r := startRaw(t)
	r.send(`{"jsonrpc":"2.0","id":1,"method":`)
	if resp := r.reply(); resp.code() != jsonrpc2.ParseError || string(resp.ID) != "null" {
		t.Errorf("truncated JSON: %+v", resp)
	}
	r.send(`[1,2,3]`)
	if resp := r.reply(); resp.code() != jsonrpc2.InvalidRequest {
		t.Errorf("JSON that is not a message: %+v", resp)
	}
	r.send(`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{}}`)
	if resp := r.reply(); resp.code() != jsonrpc2.ServerNotInitialized {
		t.Errorf("request before initialize: %+v", resp)
	}
	r.send(`{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"rootUri":"file:///nonexistent","capabilities":{}}}`)
	if resp := r.reply(); resp.Error != nil || !strings.Contains(string(resp.Result), "codeActionProvider") {
		t.Fatalf("initialize after bad input: %+v %s", resp.Error, resp.Result)
	}
	r.send(`{"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{"textDocument":5}}`)
	if resp := r.reply(); resp.code() != jsonrpc2.InvalidParams {
		t.Errorf("bad params: %+v", resp)
	}
	r.send(`{"jsonrpc":"2.0","id":5,"method":"prodready/nonsense","params":{}}`)
	if resp := r.reply(); resp.code() != jsonrpc2.MethodNotFound {
		t.Errorf("unknown method: %+v", resp)
	}
	// A header without Content-Length, then a good request.
	go fmt.Fprint(r.conn, "Content-Type: x\r\n\r\n")
	if resp := r.reply(); resp.code() != jsonrpc2.ParseError {
		t.Errorf("bad header: %+v", resp)
	}
	r.send(`{"jsonrpc":"2.0","id":6,"method":"shutdown"}`)
	if resp := r.reply(); resp.Error != nil || string(resp.ID) != "6" {
		t.Errorf("shutdown: %+v", resp)
	}
}

// TestPanicRecovered: a handler that panics is answered with an error and
// the next request is served.
func TestPanicRecovered(t *testing.T) {
	s := newServer(Options{})
	s.state = stateInitialized
	table := map[string]method{
		"boom": func(context.Context, json.RawMessage) (any, error) { panic("kaboom") },
		"ok":   func(context.Context, json.RawMessage) (any, error) { return "fine", nil },
	}
	var got []error
	var results []any
	reply := func(ctx context.Context, result any, err error) error {
		got = append(got, err)
		results = append(results, result)
		return nil
	}
	for i, m := range []string{"boom", "ok"} {
		call, err := jsonrpc2.NewCall(jsonrpc2.NewNumberID(int32(i)), m, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.dispatch(context.Background(), table, reply, call); err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 2 || got[0] == nil || !strings.Contains(got[0].Error(), "kaboom") || got[1] != nil || results[1] != "fine" {
		t.Errorf("replies %v %v", got, results)
	}
}

// TestCancelledRequest: a request cancelled while it runs is answered with
// RequestCancelled, also when its handler returns the context's error, so
// clients do not report it as a failure.
func TestCancelledRequest(t *testing.T) {
	s := newServer(Options{})
	s.state = stateInitialized
	table := map[string]method{
		"gives-up": func(ctx context.Context, _ json.RawMessage) (any, error) {
			return nil, fmt.Errorf("compute fixes: %w", ctx.Err())
		},
		"finishes": func(context.Context, json.RawMessage) (any, error) { return "late", nil },
		"fails":    func(context.Context, json.RawMessage) (any, error) { return nil, fmt.Errorf("no such file") },
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for m, want := range map[string]jsonrpc2.Code{"gives-up": protocol.CodeRequestCancelled, "finishes": protocol.CodeRequestCancelled, "fails": 0} {
		call, err := jsonrpc2.NewCall(jsonrpc2.NewNumberID(1), m, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got error
		reply := func(_ context.Context, _ any, err error) error { got = err; return nil }
		if err := s.dispatch(ctx, table, reply, call); err != nil {
			t.Fatal(err)
		}
		var code jsonrpc2.Code
		var jerr *jsonrpc2.Error
		if errors.As(got, &jerr) {
			code = jerr.Code
		}
		if got == nil || code != want {
			t.Errorf("%s: reply error %v (code %d), want code %d", m, got, code, want)
		}
	}
}

// TestShutdownExit: the lifecycle ends Serve cleanly.
func TestShutdownExit(t *testing.T) {
	serverEnd, clientEnd := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- Serve(context.Background(), serverEnd, Options{}) }()
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
	conn.Go(context.Background(), jsonrpc2.MethodNotFoundHandler)
	ctx := context.Background()
	var res protocol.InitializeResult
	if _, err := conn.Call(ctx, protocol.MethodInitialize, &protocol.InitializeParams{RootURI: "file:///nonexistent"}, &res); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := conn.Notify(ctx, protocol.MethodExit, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve after shutdown and exit: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Serve did not return after exit")
	}
}
