package lsp

import (
	"errors"
	"io"
	"os"
)

// Stdio returns the process's standard input and output as the stream for
// Serve. Closing it closes both.
func Stdio() io.ReadWriteCloser { return stdio{os.Stdin, os.Stdout} }

type stdio struct {
	in  *os.File
	out *os.File
}

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.out.Write(p) }
func (s stdio) Close() error                { return errors.Join(s.in.Close(), s.out.Close()) }
