package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/prodready/prodready/analysis/findings"
	"github.com/prodready/prodready/analysis/httpmodel"
)

// codeLens answers textDocument/codeLens: above each handler, its route and
// which concerns its chain answers (GET /tasks/{id} · auth ✓ · rate limit ✗).
func (s *Server) codeLens(ctx context.Context, params *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	fs, err := s.fileFor(ctx, params.TextDocument.URI)
	if err != nil || fs == nil {
		return nil, err
	}
	out := []protocol.CodeLens{}
	var lenses []lens
	if fs.lenses != nil {
		lenses = fs.lenses.lensesOf(fs.filename)
	}
	for _, l := range lenses {
		pos, err := fs.mapper.Position(l.offset)
		if err != nil {
			continue
		}
		out = append(out, protocol.CodeLens{
			Range:   protocol.Range{Start: pos, End: pos},
			Command: &protocol.Command{Title: l.title},
		})
	}
	return out, nil
}

// lensesOf returns the code lenses of a file, from the run's route table;
// the table is built on the first request, not on every edit.
func (r *run) lensesOf(filename string) []lens {
	r.lensOnce.Do(func() { r.lensTable = r.lenses() })
	return r.lensTable[filename]
}

// lenses computes the code lenses of a run from the route table, by file.
func (r *run) lenses() map[string][]lens {
	routes, _ := findings.Routes(r.res)
	httpmodel.SortRoutes(r.prog.Fset, routes)
	out := map[string][]lens{}
	for _, rt := range routes {
		pos := r.prog.Current(rt.Handler.Pos)
		if !pos.IsValid() {
			continue
		}
		p := r.prog.Fset.Position(pos)
		m := r.mappers[p.Filename]
		if m == nil {
			continue
		}
		off, err := m.PosOffset(r.prog.Fset.File(pos), pos)
		if err != nil {
			continue
		}
		// The lens sits on the declaration's line.
		off = lineStart(m.Content(), off)
		out[p.Filename] = append(out[p.Filename], lens{offset: off, title: lensTitle(rt)})
	}
	return out
}

func lensTitle(rt *httpmodel.Route) string {
	mark := func(b bool) string {
		if b {
			return "✓"
		}
		return "✗"
	}
	return strings.Join([]string{
		rt.String(),
		"auth " + mark(rt.Auth()),
		"rate limit " + mark(rt.RateLimited()),
		"logged " + mark(rt.Logged()),
	}, " · ")
}

func lineStart(content []byte, off int) int {
	for off > 0 && content[off-1] != '\n' {
		off--
	}
	return off
}
