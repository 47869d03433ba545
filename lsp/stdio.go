package lsp

import (
	"errors"
	"io"
	"os"
	"syscall"
)

// Stdio returns the process's standard input and output as the stream for
// Serve. Closing it closes both, and ends a read in progress: after the
// client's exit notification the server stops at once, even when the
// client keeps its end of the pipe open until the process is gone.
func Stdio() io.ReadWriteCloser { return stdio{pollableStdin(), os.Stdout} }

// pollableStdin returns standard input as a file the runtime polls, whose
// Close interrupts a blocked Read. It does so only for pipes and sockets,
// which belong to this process and its client; a terminal's blocking mode is
// shared with the shell and is left alone.
func pollableStdin() *os.File {
	fi, err := os.Stdin.Stat()
	if err != nil || fi.Mode()&(os.ModeNamedPipe|os.ModeSocket) == 0 {
		return os.Stdin
	}
	if err := syscall.SetNonblock(syscall.Stdin, true); err != nil {
		return os.Stdin
	}
	return os.NewFile(uintptr(syscall.Stdin), "/dev/stdin")
}

type stdio struct {
	in  *os.File
	out *os.File
}

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.out.Write(p) }
func (s stdio) Close() error                { return errors.Join(s.in.Close(), s.out.Close()) }
