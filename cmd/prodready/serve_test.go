package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// TestServeHelperProcess is not a test: TestServeStdio runs the test binary
// again with this as its only test, and it then runs main with the
// arguments after "--".
func TestServeHelperProcess(t *testing.T) {
	if os.Getenv("PRODREADY_HELPER_PROCESS") != "1" {
		t.Skip("run by TestServeStdio")
	}
	for i, a := range os.Args {
		if a == "--" {
			os.Args = append([]string{"prodready"}, os.Args[i+1:]...)
			break
		}
	}
	main()
}

// TestServeStdio: `prodready serve --stdio`, the command line that
// vscode-languageclient and others use, speaks LSP on stdin and stdout and
// exits 0 after shutdown and exit.
func TestServeStdio(t *testing.T) {
	for _, args := range [][]string{{"serve"}, {"serve", "--stdio"}} {
		t.Run(fmt.Sprint(args), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestServeHelperProcess$", "--"}, args...)...)
			cmd.Env = append(os.Environ(), "PRODREADY_HELPER_PROCESS=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			in, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			r := bufio.NewReader(out)

			send(t, in, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":null,"capabilities":{}}}`)
			var res struct {
				ID     int `json:"id"`
				Result struct {
					ServerInfo struct{ Name string } `json:"serverInfo"`
				} `json:"result"`
			}
			if err := json.Unmarshal(receive(t, r), &res); err != nil {
				t.Fatal(err)
			}
			if res.ID != 1 || res.Result.ServerInfo.Name != "prodready" {
				t.Errorf("initialize answered %+v", res)
			}
			send(t, in, `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`)
			receive(t, r)
			// stdin stays open, as editors keep it until the process is gone.
			send(t, in, `{"jsonrpc":"2.0","method":"exit"}`)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("prodready %v: %v\n%s", args, err, stderr.Bytes())
				}
			case <-time.After(time.Minute): // only keeps a hang from stalling the suite
				_ = cmd.Process.Kill()
				t.Fatalf("prodready %v still running after exit", args)
			}
		})
	}
}

func send(t *testing.T, w io.Writer, msg string) {
	t.Helper()
	if _, err := fmt.Fprintf(w, "Content-Length: %d\r\n\r\n%s", len(msg), msg); err != nil {
		t.Fatal(err)
	}
}

// receive reads one message, skipping the server's notifications.
func receive(t *testing.T, r *bufio.Reader) []byte {
	t.Helper()
	for {
		h, err := textproto.NewReader(r).ReadMIMEHeader()
		if err != nil {
			t.Fatalf("read header: %v", err)
		}
		n, err := strconv.Atoi(h.Get("Content-Length"))
		if err != nil {
			t.Fatalf("Content-Length %q", h.Get("Content-Length"))
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			t.Fatal(err)
		}
		var m struct {
			ID *json.RawMessage `json:"id"`
		}
		if json.Unmarshal(body, &m) == nil && m.ID != nil {
			return body
		}
	}
}
