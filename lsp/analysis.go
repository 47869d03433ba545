package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/token"
	"maps"
	"path/filepath"
	"sort"
	"strings"

	"go.uber.org/zap"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/prodready/prodready/analysis/authn"
	"github.com/prodready/prodready/analysis/cli"
	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/analysis/httpmodel"
	"github.com/prodready/prodready/analysis/rules"
	"github.com/prodready/prodready/analysis/suppress"
)

// DefaultAnalyzers returns the analyzers the server runs when Options does
// not name them: the same as prodready check.
func DefaultAnalyzers() []*analysis.Analyzer {
	return append([]*analysis.Analyzer{httpmodel.Analyzer}, cli.Analyzers...)
}

// input is what one analysis sees: the open buffers' contents and versions.
type input struct {
	overlay  map[string][]byte
	versions map[string]int32
}

func (s *Server) input() input {
	in := input{overlay: map[string][]byte{}, versions: map[string]int32{}}
	for _, d := range s.docs.all() {
		if d.filename != "" && strings.HasSuffix(d.filename, ".go") {
			in.overlay[d.filename] = d.content
			in.versions[d.filename] = d.version
		}
	}
	return in
}

// analyze loads and analyses every view with the open buffers as overlays
// and returns the new snapshot, built on prev for what could not be
// analysed this time.
func (s *Server) analyze(ctx context.Context, id int, prev *snapshot) (*snapshot, error) {
	in := s.input()
	next := &snapshot{id: id, files: map[string]*fileState{}}
	if s.takeReload() {
		clear(s.lastRun)
	}
	for _, v := range s.views.all() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := s.analyzeView(ctx, v, in, prev, next); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// The go command failed (a broken go.mod, say): keep what was
			// known about this view's files.
			s.log.Warn("load failed", zap.String("view", v.key()), zap.Error(err))
			s.notifyOnce("load:"+v.key(), fmt.Sprintf("prodready: cannot load %s: %v", v.key(), err))
			if prev != nil {
				for name, fs := range prev.files {
					if fs.run != nil && fs.run.view.key() == v.key() {
						next.files[name] = fs
					}
				}
			}
		}
	}
	return next, nil
}

// maxUpdates bounds how many incremental updates build on one Load: they
// share its FileSet, which grows with every re-parsed file.
const maxUpdates = 500

func (s *Server) analyzeView(ctx context.Context, v *view, in input, prev, next *snapshot) error {
	r, err := s.load(ctx, v, in)
	if err != nil {
		return err
	}
	res := r.res
	prog := r.prog
	for _, e := range res.Errors() {
		s.log.Warn("analyzer failed", zap.String("analyzer", e.Analyzer.Name), zap.String("package", e.Package.ID), zap.Error(e.Err))
		if e.Analyzer == config.Analyzer {
			s.notifyOnce("config:"+e.Err.Error(), "prodready: "+e.Err.Error())
		}
	}

	// Files of the matched packages, fresh or carried over.
	broken := false
	good := map[*packages.Package]bool{}
	for _, pkg := range prog.Packages() {
		if pkg.IllTyped {
			broken = true
			s.log.Debug("package not analysed", zap.String("package", pkg.ID), zap.Int("errors", len(pkg.Errors)))
		} else {
			good[pkg] = true
		}
		for _, name := range pkg.CompiledGoFiles {
			m := r.mappers[name]
			if m == nil || next.files[name] != nil {
				continue
			}
			version := int32(-1)
			if ver, ok := in.versions[name]; ok {
				version = ver
			}
			if !pkg.IllTyped {
				next.files[name] = &fileState{filename: name, mapper: m, version: version, run: r, pkg: pkg}
				continue
			}
			if old := prev.file(name); old != nil && !old.stale && bytes.Equal(old.mapper.Content(), m.Content()) {
				carried := *old
				carried.version = version
				next.files[name] = &carried
				continue
			}
			next.files[name] = &fileState{filename: name, mapper: m, version: version, stale: true, run: r}
		}
	}

	s.addFindings(r, res, good, next)
	lenses := s.lenses(r, res)
	for name, fs := range next.files {
		if fs.run != r || fs.stale {
			continue
		}
		if !broken {
			fs.lenses = lenses[name]
		} else if old := prev.file(name); old != nil && !old.stale && bytes.Equal(old.mapper.Content(), fs.mapper.Content()) {
			fs.lenses = old.lenses // routes may go through a package that did not analyse
		} else {
			fs.lenses = lenses[name]
		}
	}
	return nil
}

// load analyses a view: incrementally from its previous run when only the
// contents of loaded files changed (the driver re-checks their packages and
// dependents and reuses the rest), else with a full Load.
func (s *Server) load(ctx context.Context, v *view, in input) (*run, error) {
	last := s.lastRun[v.key()]
	if last != nil && last.updates < maxUpdates {
		changed := map[string][]byte{}
		for name, src := range in.overlay {
			if old, ok := last.overlay[name]; !ok || !bytes.Equal(old, src) {
				changed[name] = src
			}
		}
		for name := range last.overlay {
			if _, ok := in.overlay[name]; !ok {
				changed[name] = nil // closed: the file on disk again
			}
		}
		if len(changed) == 0 {
			return last, nil
		}
		prog, _, err := last.prog.Update(ctx, changed)
		if err == nil {
			res, err := last.res.Rerun(prog)
			if err != nil {
				return nil, err
			}
			r := &run{view: v, prog: res.Program(), res: res, overlay: in.overlay, updates: last.updates + 1, mappers: maps.Clone(last.mappers)}
			for name, src := range changed {
				if src == nil {
					delete(r.mappers, name)
				} else {
					r.mappers[name] = NewMapper(src)
				}
			}
			r.readMissing()
			s.lastRun[v.key()] = r
			return r, nil
		}
		if !errors.Is(err, driver.ErrNeedLoad) {
			return nil, err
		}
		s.log.Debug("full load", zap.String("view", v.key()), zap.Error(err))
	}
	prog, err := driver.Load(ctx, driver.LoadConfig{Dir: v.dir, Patterns: v.patterns, Overlay: in.overlay})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := prog.Run(s.analyzers)
	if err != nil {
		return nil, err
	}
	r := &run{view: v, prog: prog, res: res, overlay: in.overlay, mappers: map[string]*Mapper{}}
	for name, src := range in.overlay {
		r.mappers[name] = NewMapper(src)
	}
	r.readMissing()
	s.lastRun[v.key()] = r
	return r, nil
}

// readMissing reads the source files that have no content yet from disk.
func (r *run) readMissing() {
	for _, pkg := range r.prog.SourcePackages() {
		for _, name := range pkg.CompiledGoFiles {
			if _, ok := r.mappers[name]; ok {
				continue
			}
			if src, err := readDisk(name); err == nil {
				r.mappers[name] = NewMapper(src)
			}
		}
	}
}

// addFindings turns the driver's diagnostics on the good packages into
// findings: filtered by configuration and suppressions, placed where a
// developer looks (a route's finding at its handler), with severities from
// the configuration.
func (s *Server) addFindings(r *run, res *driver.Result, good map[*packages.Package]bool, next *snapshot) {
	fset := r.prog.Fset
	indexes := map[*packages.Package]*suppress.Index{}
	for pkg := range good {
		indexes[pkg] = suppress.Parse(fset, pkg.Syntax)
	}
	add := func(f *finding, pos, end token.Pos, rels []analysis.RelatedInformation) {
		pos, end = r.prog.Current(pos), r.prog.Current(end)
		p := fset.Position(pos)
		fs := next.files[p.Filename]
		if fs == nil || fs.run != r || fs.stale {
			return
		}
		cfg, err := config.ForDir(filepath.Dir(p.Filename))
		if err != nil {
			cfg = nil // reported through config.Analyzer's failure
		}
		if f.severity = s.severity(cfg, f.rule); f.severity == rules.SeverityOff || cfg.ExcludedFile(p.Filename) {
			return
		}
		tf := fset.File(pos)
		start, err := fs.mapper.PosOffset(tf, pos)
		if err != nil {
			s.log.Debug("finding dropped", zap.String("rule", f.rule), zap.Error(err))
			return
		}
		f.start, f.end = start, start
		if end.IsValid() {
			if e, err := fs.mapper.PosOffset(tf, end); err == nil && e >= start {
				f.end = e
			}
		}
		for _, rel := range rels {
			rel.Pos, rel.End = r.prog.Current(rel.Pos), r.prog.Current(rel.End)
			rp := fset.Position(rel.Pos)
			m := r.mappers[rp.Filename]
			if m == nil {
				continue
			}
			rs, err := m.PosOffset(fset.File(rel.Pos), rel.Pos)
			if err != nil {
				continue
			}
			re := rs
			if rel.End.IsValid() {
				if e, err := m.PosOffset(fset.File(rel.Pos), rel.End); err == nil && e >= rs {
					re = e
				}
			}
			f.related = append(f.related, related{filename: rp.Filename, start: rs, end: re, message: rel.Message})
		}
		fs.findings = append(fs.findings, f)
	}
	for _, d := range res.Diagnostics() {
		if !good[d.Package] || d.Category == "" {
			continue
		}
		pos, end, rel := relocate(d.Diagnostic)
		// Suppressions count where the analyzer reported and where the
		// finding is shown.
		if indexes[d.Package].Suppressed(fset.Position(d.Pos), d.Category) {
			continue
		}
		if fs := next.files[fset.Position(pos).Filename]; pos != d.Pos && fs != nil && fs.pkg != nil && indexes[fs.pkg] != nil &&
			indexes[fs.pkg].Suppressed(fset.Position(pos), d.Category) {
			continue
		}
		f := &finding{rule: d.Category, message: d.Message, analyzer: d.Analyzer, pkg: d.Package, pos: d.Pos, posEnd: d.End}
		add(f, pos, end, rel)
	}
	for pkg, idx := range indexes {
		checked := func(rule string) bool {
			cfg, _ := config.ForDir(filepath.Dir(fset.Position(pkg.Syntax[0].Pos()).Filename))
			return s.severity(cfg, rule) != rules.SeverityOff
		}
		if len(pkg.Syntax) == 0 {
			continue
		}
		for _, p := range idx.Problems(checked) {
			add(&finding{rule: p.Rule, message: p.Message, pkg: pkg, pos: p.Pos, posEnd: p.End}, p.Pos, p.End, nil)
		}
	}
	for _, fs := range next.files {
		if fs.run == r {
			sort.SliceStable(fs.findings, func(i, j int) bool { return fs.findings[i].start < fs.findings[j].start })
		}
	}
}

// relocate moves a route-level finding to where the developer is looking,
// as prodready check does: missing-auth from the registration to the
// handler's declaration, a router finding to the router's creation, with
// the original place as related information.
func relocate(d analysis.Diagnostic) (pos, end token.Pos, related []analysis.RelatedInformation) {
	for i, rel := range d.Related {
		if rel.Message != authn.HandlerMessage && rel.Message != httpmodel.RouterMessage || !rel.Pos.IsValid() {
			continue
		}
		rest := append(append([]analysis.RelatedInformation(nil), d.Related[:i]...), d.Related[i+1:]...)
		msg := "route registered here"
		if rel.Message == httpmodel.RouterMessage {
			msg = "router built and served here"
		}
		for _, r := range rest {
			if r.Message == msg {
				msg = "routes mounted here"
			}
		}
		return rel.Pos, rel.End, append([]analysis.RelatedInformation{{Pos: d.Pos, End: d.End, Message: msg}}, rest...)
	}
	return d.Pos, d.End, d.Related
}
