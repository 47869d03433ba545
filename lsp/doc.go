// Package lsp is prodready's language server: Serve speaks the Language
// Server Protocol over one stream, analyses the open buffers with the
// analysis driver, and offers the patterns as code actions.
//
// A Server owns the session: the documents (overlays whose unsaved content
// is what gets analysed), the views (workspace folders, plus a module or a
// single file for a buffer outside them), and a scheduler that runs the
// analysis after edits pause, cancels a run that a newer edit made stale,
// and publishes each run's snapshot. A snapshot maps every analysed file to
// its content and findings; requests wait for the snapshot of the current
// buffers and read it. One Mapper per content converts between byte
// offsets, UTF-16 positions and token.Pos; nothing else converts.
//
// Each LSP method has its own file (code_action.go, hover.go, …) with a
// thin handler; dispatch and robustness live in server.go (every request
// answered exactly once, panics recovered and answered as errors,
// $/cancelRequest honoured) and stream.go (malformed messages answered
// with JSON-RPC errors instead of closing the connection).
package lsp
