package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// stream is a jsonrpc2.Stream with LSP's Content-Length framing that
// survives bad input. jsonrpc2 v0.10.0 closes the whole connection when one
// message does not decode; here a message that is not JSON-RPC is answered
// with a parse or invalid-request error (id null, as JSON-RPC 2.0 asks) and
// reading goes on. Only a failure of the underlying reader ends the stream.
type stream struct {
	log  *zap.Logger
	conn io.ReadWriteCloser
	in   *bufio.Reader
	mu   sync.Mutex // serialises writes
}

func newStream(conn io.ReadWriteCloser, log *zap.Logger) *stream {
	return &stream{log: log, conn: conn, in: bufio.NewReader(conn)}
}

// maxMessage bounds a message's declared length (64 MiB), so a bad header
// cannot make the server allocate without limit.
const maxMessage = 64 << 20

func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return nil, total, err
		}
		length, n, err := s.readHeader()
		total += n
		if err != nil {
			return nil, total, err
		}
		if length < 0 {
			continue // bad header, already answered
		}
		data := make([]byte, length)
		m, err := io.ReadFull(s.in, data)
		total += int64(m)
		if err != nil {
			return nil, total, fmt.Errorf("read message body: %w", err)
		}
		msg, err := jsonrpc2.DecodeMessage(data)
		if err != nil {
			s.log.Warn("malformed message", zap.Error(err), zap.ByteString("message", truncate(data, 200)))
			code := jsonrpc2.ParseError
			if json.Valid(data) {
				code = jsonrpc2.InvalidRequest
			}
			s.writeError(code, err.Error())
			continue
		}
		return msg, total, nil
	}
}

// readHeader reads the header block up to its empty line and returns the
// content length, or -1 when the header was unusable (and answered).
func (s *stream) readHeader() (length int64, n int64, err error) {
	length = -1
	bad := ""
	seen := false // a header line was read
	for {
		line, err := s.in.ReadString('\n')
		n += int64(len(line))
		if err != nil {
			return 0, n, fmt.Errorf("read header: %w", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if !seen {
				continue // stray blank line between messages
			}
			break
		}
		seen = true
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			bad = fmt.Sprintf("invalid header line %q", line)
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			v, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || v <= 0 || v > maxMessage {
				bad = fmt.Sprintf("invalid Content-Length %q", strings.TrimSpace(value))
				continue
			}
			length = v
		}
	}
	if bad == "" && length < 0 {
		bad = "missing Content-Length header"
	}
	if bad != "" {
		s.log.Warn("malformed header", zap.String("problem", bad))
		s.writeError(jsonrpc2.ParseError, bad)
		return -1, n, nil
	}
	return length, n, nil
}

// writeError sends an error response with a null id.
func (s *stream) writeError(code jsonrpc2.Code, msg string) {
	data, err := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      *int            `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", nil, jsonrpc2.NewError(code, msg)})
	if err != nil {
		s.log.Error("encode error response", zap.Error(err))
		return
	}
	if _, err := s.write(data); err != nil {
		s.log.Warn("write error response", zap.Error(err))
	}
}

func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("encode message: %w", err)
	}
	return s.write(data)
}

func (s *stream) write(data []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := fmt.Fprintf(s.conn, "Content-Length: %d\r\n\r\n", len(data))
	if err != nil {
		return int64(n), err
	}
	m, err := s.conn.Write(data)
	return int64(n + m), err
}

func (s *stream) Close() error { return s.conn.Close() }

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
