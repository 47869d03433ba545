package lsp

import (
	"bytes"
	"fmt"
	"sync"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// A document is an open editor buffer: the overlay whose content, not the
// file on disk, is what gets analysed.
type document struct {
	uri      protocol.DocumentURI
	filename string
	version  int32
	content  []byte
}

// contentChange is one entry of didChange's contentChanges. protocol
// v0.12.0 declares Range as a value, which makes a whole-document
// replacement (no range) indistinguishable from an insertion at 0:0; this
// type keeps the difference.
type contentChange struct {
	Range *protocol.Range `json:"range,omitempty"`
	Text  string          `json:"text"`
}

// didChangeParams is protocol.DidChangeTextDocumentParams with contentChange.
type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []contentChange                          `json:"contentChanges"`
}

// applyChanges applies incremental or full changes to content in order,
// each against the result of the previous one.
func applyChanges(content []byte, changes []contentChange) ([]byte, error) {
	for _, ch := range changes {
		if ch.Range == nil {
			content = []byte(ch.Text)
			continue
		}
		start, end, err := NewMapper(content).Offsets(*ch.Range)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		buf.Grow(len(content) - (end - start) + len(ch.Text))
		buf.Write(content[:start])
		buf.WriteString(ch.Text)
		buf.Write(content[end:])
		content = buf.Bytes()
	}
	return content, nil
}

// documents holds the open buffers.
type documents struct {
	mu   sync.Mutex
	byID map[string]*document // by key(uri)
}

func newDocuments() *documents {
	return &documents{byID: map[string]*document{}}
}

func (ds *documents) open(u protocol.DocumentURI, version int32, text string) *document {
	d := &document{uri: u, filename: filenameOf(u), version: version, content: []byte(text)}
	ds.mu.Lock()
	ds.byID[key(u)] = d
	ds.mu.Unlock()
	return d
}

// change applies changes to an open buffer. A document is replaced, never
// modified, so snapshots may keep references to older ones.
func (ds *documents) change(u protocol.DocumentURI, version int32, changes []contentChange) (*document, error) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	d, ok := ds.byID[key(u)]
	if !ok {
		return nil, fmt.Errorf("change of %s, which is not open", u)
	}
	content, err := applyChanges(d.content, changes)
	if err != nil {
		return nil, fmt.Errorf("change of %s to version %d: %w", u, version, err)
	}
	nd := &document{uri: u, filename: d.filename, version: version, content: content}
	ds.byID[key(u)] = nd
	return nd, nil
}

func (ds *documents) close(u protocol.DocumentURI) {
	ds.mu.Lock()
	delete(ds.byID, key(u))
	ds.mu.Unlock()
}

func (ds *documents) get(u protocol.DocumentURI) (*document, bool) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	d, ok := ds.byID[key(u)]
	return d, ok
}

func (ds *documents) byFilename(name string) (*document, bool) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	d, ok := ds.byID[name]
	return d, ok
}

// all returns the open documents.
func (ds *documents) all() []*document {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	out := make([]*document, 0, len(ds.byID))
	for _, d := range ds.byID {
		out = append(out, d)
	}
	return out
}

// filenameOf returns the file path of a file: URI, or "" for other schemes.
func filenameOf(u protocol.DocumentURI) string {
	if !uri.URI(u).IsFile() {
		return ""
	}
	return uri.URI(u).FsPath()
}

// key identifies a document: its file path, so that two spellings of one
// file: URI (percent-encoding differs between clients) name one buffer.
func key(u protocol.DocumentURI) string {
	if name := filenameOf(u); name != "" {
		return name
	}
	return string(u)
}
