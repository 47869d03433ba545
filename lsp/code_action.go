package lsp

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// creates reports whether a result creates a file.
func creates(res rewrite.Result) bool {
	for _, fe := range res {
		if fe.Create {
			return true
		}
	}
	return false
}

// codeAction answers textDocument/codeAction: for each prodready diagnostic
// in the request's context, one quick fix per applicable pattern, titled
// "Apply pattern: <title> (<id>)", preferred first; and a
// source.fixAll.prodready action applying every finding's preferred pattern.
// Edits are computed on codeAction/resolve when the client can resolve
// them, else now.
func (s *Server) codeAction(ctx context.Context, params *protocol.CodeActionParams) ([]codeAction, error) {
	fs, err := s.fileFor(ctx, params.TextDocument.URI)
	if err != nil || fs == nil {
		return []codeAction{}, err
	}
	s.mu.Lock()
	lazy := s.caps.resolveEdit
	s.mu.Unlock()
	doc, _ := s.docs.get(params.TextDocument.URI)
	version := fs.version
	if doc != nil {
		version = doc.version
	}

	out := []codeAction{}
	if wants(params.Context.Only, protocol.QuickFix) {
		for _, m := range s.matchFindings(fs, params) {
			for i, fix := range fs.run.fixes(m.f) {
				a := codeAction{
					Title:       actionTitle(fix.Pattern),
					Kind:        protocol.QuickFix,
					Diagnostics: []protocol.Diagnostic{m.diag},
					IsPreferred: i == 0,
					Data:        &actionData{URI: params.TextDocument.URI, Version: version, Rule: m.f.rule, Start: m.f.start, End: m.f.end, Pattern: fix.Pattern.ID},
				}
				if !lazy {
					if a.Edit, err = s.fixEdit(fs, m.f, fix); err != nil {
						s.log.Info("fix not offered", zap.String("pattern", fix.Pattern.ID), zap.Error(err))
						continue
					}
					a.Data = nil
				}
				out = append(out, a)
			}
		}
	}
	if wants(params.Context.Only, fixAllKind) && hasFixes(fs) {
		a := codeAction{
			Title: "Apply the preferred pattern to every finding in this file",
			Kind:  fixAllKind,
			Data:  &actionData{URI: params.TextDocument.URI, Version: version},
		}
		if !lazy {
			if a.Edit, err = s.fixAllEdit(fs); err != nil {
				s.log.Info("fix-all not offered", zap.Error(err))
				return out, nil
			}
			a.Data = nil
		}
		out = append(out, a)
	}
	return out, nil
}

func actionTitle(p *patterns.Pattern) string {
	return fmt.Sprintf("Apply pattern: %s (%s)", p.Title, p.ID)
}

// wants reports whether a request restricted to only accepts kind.
func wants(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, k := range only {
		if k == kind || strings.HasPrefix(string(kind), string(k)+".") {
			return true
		}
	}
	return false
}

func hasFixes(fs *fileState) bool {
	for _, f := range fs.findings {
		if len(fs.run.fixes(f)) > 0 {
			return true
		}
	}
	return false
}

type matched struct {
	f    *finding
	diag protocol.Diagnostic
}

// matchFindings pairs the client's diagnostics with findings by code and
// range (messages may be shortened or reflowed by the client). With no
// diagnostics in the context, the findings overlapping the range are used.
func (s *Server) matchFindings(fs *fileState, params *protocol.CodeActionParams) []matched {
	var out []matched
	seen := map[*finding]bool{}
	for _, d := range params.Context.Diagnostics {
		if d.Source != "" && d.Source != source {
			continue
		}
		code, _ := d.Code.(string)
		var best *finding
		for _, f := range fs.findings {
			if f.rule != code {
				continue
			}
			rng, err := fs.mapper.Range(f.start, f.end)
			if err != nil {
				continue
			}
			if rng == d.Range {
				best = f
				break
			}
			if best == nil && overlaps(rng, d.Range) {
				best = f
			}
		}
		if best != nil && !seen[best] {
			seen[best] = true
			out = append(out, matched{best, d})
		}
	}
	if len(params.Context.Diagnostics) > 0 {
		return out
	}
	start, end, err := fs.mapper.Offsets(params.Range)
	if err != nil {
		return nil
	}
	for _, f := range fs.findingsAt(start, end) {
		if d, err := s.toDiagnostic(fs, f, nil); err == nil {
			out = append(out, matched{f, d})
		}
	}
	return out
}

func overlaps(a, b protocol.Range) bool {
	before := func(p, q protocol.Position) bool {
		return p.Line < q.Line || p.Line == q.Line && p.Character <= q.Character
	}
	return before(a.Start, b.End) && before(b.Start, a.End)
}

// fixEdit computes the edit of one fix.
func (s *Server) fixEdit(fs *fileState, f *finding, fix patterns.Fix) (*workspaceEdit, error) {
	res, err := s.applyFix(fs, f, fix)
	if err != nil {
		return nil, err
	}
	return s.toWorkspaceEdit(fs.run, res)
}

// fixAllEdit applies each finding's first working pattern, skipping those
// whose edits would collide with an earlier one's (run it again for them).
func (s *Server) fixAllEdit(fs *fileState) (*workspaceEdit, error) {
	s.mu.Lock()
	canCreate := s.caps.createFiles
	s.mu.Unlock()
	var merged rewrite.Result
	for _, f := range fs.findings {
		for _, fix := range fs.run.fixes(f) {
			res, err := s.applyFix(fs, f, fix)
			if err != nil || !canCreate && creates(res) {
				continue
			}
			if next, ok := mergeResults(merged, res); ok {
				merged = next
			}
			break
		}
	}
	if len(merged) == 0 {
		return nil, fmt.Errorf("no finding in %s has a fix that applies", fs.filename)
	}
	return s.toWorkspaceEdit(fs.run, merged)
}
