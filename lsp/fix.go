package lsp

import (
	"bytes"
	"fmt"
	"sort"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// codeContentModified is LSP's ContentModified error code.
const codeContentModified jsonrpc2.Code = -32801

// applyFix runs a fix's transformation on the package it edits, as it was
// analysed.
func (s *Server) applyFix(fs *fileState, f *finding, fix patterns.Fix) (rewrite.Result, error) {
	pkg, err := fs.run.fixPackage(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fix.Pattern.ID, err)
	}
	res, err := rewrite.Rewrite(fs.run.rewritePackage(pkg), fix.Apply)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fix.Pattern.ID, err)
	}
	if len(res) == 0 {
		return nil, fmt.Errorf("%s changes nothing here", fix.Pattern.ID)
	}
	return res, nil
}

// toWorkspaceEdit converts a rewrite result into edits of the client's
// documents: byte offsets into the analysed content become UTF-16 ranges,
// open documents are addressed with their version, and a file whose
// content changed since it was analysed fails the whole edit.
func (s *Server) toWorkspaceEdit(r *run, res rewrite.Result) (*workspaceEdit, error) {
	s.mu.Lock()
	caps := s.caps
	s.mu.Unlock()
	we := &workspaceEdit{}
	for _, fe := range res {
		u := s.uriOf(fe.Filename)
		if fe.Create {
			if !caps.createFiles {
				return nil, fmt.Errorf("the pattern creates %s, and the client cannot create files", fe.Filename)
			}
			we.DocumentChanges = append(we.DocumentChanges,
				documentChange{Create: &protocol.CreateFile{Kind: protocol.CreateResourceOperation, URI: uri.File(fe.Filename), Options: &protocol.CreateFileOptions{IgnoreIfExists: false}}},
				documentChange{Edit: &protocol.TextDocumentEdit{
					TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri.File(fe.Filename)}},
					Edits:        []protocol.TextEdit{{NewText: string(fe.NewContent)}},
				}})
			continue
		}
		m := r.mappers[fe.Filename]
		if m == nil {
			src, err := readDisk(fe.Filename)
			if err != nil {
				return nil, err
			}
			m = NewMapper(src)
		}
		if err := fe.Guard.Check(fe.Filename, m.Content()); err != nil {
			return nil, err
		}
		var version *int32
		if d, ok := s.docs.byFilename(fe.Filename); ok {
			if !bytes.Equal(d.content, m.Content()) {
				return nil, jsonrpc2.Errorf(codeContentModified, "%s changed since it was analysed", fe.Filename)
			}
			v := d.version
			version = &v
		} else if cur, err := readDisk(fe.Filename); err != nil || !bytes.Equal(cur, m.Content()) {
			return nil, jsonrpc2.Errorf(codeContentModified, "%s changed on disk since it was analysed", fe.Filename)
		}
		edits := make([]protocol.TextEdit, 0, len(fe.Edits))
		for _, e := range fe.Edits {
			rng, err := m.Range(e.Start, e.End)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", fe.Filename, err)
			}
			edits = append(edits, protocol.TextEdit{Range: rng, NewText: e.New})
		}
		if caps.documentChanges {
			we.DocumentChanges = append(we.DocumentChanges, documentChange{Edit: &protocol.TextDocumentEdit{
				TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: version},
				Edits:        edits,
			}})
		} else {
			if we.Changes == nil {
				we.Changes = map[protocol.DocumentURI][]protocol.TextEdit{}
			}
			we.Changes[u] = append(we.Changes[u], edits...)
		}
	}
	return we, nil
}

// mergeResults adds b's edits to a when none of them overlaps or touches
// one of a's in the same file, and reports whether it did. Files created
// by both conflict.
func mergeResults(a rewrite.Result, b rewrite.Result) (rewrite.Result, bool) {
	byName := map[string]int{}
	for i, fe := range a {
		byName[fe.Filename] = i
	}
	for _, fe := range b {
		i, ok := byName[fe.Filename]
		if !ok {
			continue
		}
		if fe.Create || a[i].Create || fe.Guard != a[i].Guard {
			return a, false
		}
		for _, x := range fe.Edits {
			for _, y := range a[i].Edits {
				if x.Start <= y.End && y.Start <= x.End {
					return a, false
				}
			}
		}
	}
	out := make(rewrite.Result, len(a))
	for i, fe := range a {
		fe.Edits = append([]rewrite.TextEdit(nil), fe.Edits...)
		out[i] = fe
	}
	for _, fe := range b {
		if i, ok := byName[fe.Filename]; ok {
			out[i].Edits = append(out[i].Edits, fe.Edits...)
			sort.Slice(out[i].Edits, func(x, y int) bool { return out[i].Edits[x].Start < out[i].Edits[y].Start })
			out[i].NewContent = nil // no longer describes the merged edits
			continue
		}
		out = append(out, fe)
	}
	return out, true
}
