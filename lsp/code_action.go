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

// matchFindings pairs the client's diagnostics with findings by rule code
// and range, never by message text: clients fold or shorten messages (ALE
// joins lines), drop source (ALE), or report columns in bytes rather than
// UTF-16 units (Neovim 0.7). When no diagnostic in the context is one of
// ours — none was sent, or only other servers' — the findings overlapping
// the requested range are used.
func (s *Server) matchFindings(fs *fileState, params *protocol.CodeActionParams) []matched {
	var out []matched
	seen := map[*finding]bool{}
	for _, d := range params.Context.Diagnostics {
		if d.Source != "" && d.Source != source {
			continue
		}
		code, _ := d.Code.(string)
		if f := matchFinding(fs, code, d.Range); f != nil && !seen[f] {
			seen[f] = true
			out = append(out, matched{f, d})
		}
	}
	if len(out) > 0 {
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

// matchFinding returns the finding of rule code that a client's diagnostic
// at rng stands for: the one with that exact range, else one overlapping
// it, else the one starting nearest to it on the same line; nil if none.
func matchFinding(fs *fileState, code string, rng protocol.Range) *finding {
	const (
		overlapping = iota
		sameLine
		none
	)
	var best *finding
	bestClass, bestDist := none, uint32(0)
	for _, f := range fs.findings {
		if f.rule != code {
			continue
		}
		fr, err := fs.mapper.Range(f.start, f.end)
		if err != nil {
			continue
		}
		if fr == rng {
			return f
		}
		class, dist := none, uint32(0)
		switch {
		case overlaps(fr, rng):
			class = overlapping
		case fr.Start.Line == rng.Start.Line:
			class = sameLine
			dist = max(fr.Start.Character, rng.Start.Character) - min(fr.Start.Character, rng.Start.Character)
		}
		if class < bestClass || class == bestClass && class != none && dist < bestDist {
			best, bestClass, bestDist = f, class, dist
		}
	}
	return best
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
