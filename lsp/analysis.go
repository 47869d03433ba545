package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/token"
	"maps"
	"sort"
	"strings"

	"go.uber.org/zap"
	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/analysis/cli"
	"github.com/prodready/prodready/analysis/config"
	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/analysis/findings"
	"github.com/prodready/prodready/analysis/httpmodel"
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
	for _, pkg := range prog.Packages() {
		if pkg.IllTyped {
			broken = true
			s.log.Debug("package not analysed", zap.String("package", pkg.ID), zap.Int("errors", len(pkg.Errors)))
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

	s.addFindings(r, res, next)
	for name, fs := range next.files {
		if fs.run != r || fs.stale {
			continue
		}
		if !broken {
			fs.lenses = r
		} else if old := prev.file(name); old != nil && !old.stale && bytes.Equal(old.mapper.Content(), fs.mapper.Content()) {
			fs.lenses = old.lenses // routes may go through a package that did not analyse
		} else {
			fs.lenses = r
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
			r := &run{view: v, prog: res.Program(), res: res, overlay: in.overlay, updates: last.updates + 1, mappers: maps.Clone(last.mappers), placed: last.placed}
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
	r := &run{view: v, prog: prog, res: res, overlay: in.overlay, mappers: map[string]*Mapper{}, placed: &findings.Cache{}}
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

// addFindings turns the driver's diagnostics into findings, placed as
// prodready check places them (findings.Place), with severities from the
// client's settings and the configuration, and puts them in the files of
// next that this run analysed.
func (s *Server) addFindings(r *run, res *driver.Result, next *snapshot) {
	fset := r.prog.Fset
	offsets := func(m *Mapper, pos, end token.Pos) (int, int, error) {
		tf := fset.File(pos)
		start, err := m.PosOffset(tf, pos)
		if err != nil {
			return 0, 0, err
		}
		stop := start
		if end.IsValid() {
			if e, err := m.PosOffset(tf, end); err == nil && e >= start {
				stop = e
			}
		}
		return start, stop, nil
	}
	for _, pf := range findings.Place(res, findings.Options{Severity: s.severity, Cache: r.placed}) {
		fs := next.files[fset.Position(pf.Pos).Filename]
		if fs == nil || fs.run != r || fs.stale {
			continue
		}
		f := &finding{rule: pf.Rule, message: pf.Message, severity: pf.Severity}
		if d := pf.Diagnostic; d != nil {
			f.analyzer, f.pkg, f.pos, f.posEnd = d.Analyzer, d.Package, d.Pos, d.End
		}
		var err error
		if f.start, f.end, err = offsets(fs.mapper, pf.Pos, pf.End); err != nil {
			s.log.Debug("finding dropped", zap.String("rule", f.rule), zap.Error(err))
			continue
		}
		for _, rel := range pf.Related {
			name := fset.Position(rel.Pos).Filename
			if m := r.mappers[name]; m != nil {
				if start, end, err := offsets(m, rel.Pos, rel.End); err == nil {
					f.related = append(f.related, related{filename: name, start: start, end: end, message: rel.Message})
				}
			}
		}
		fs.findings = append(fs.findings, f)
	}
	for _, fs := range next.files {
		if fs.run == r {
			sort.SliceStable(fs.findings, func(i, j int) bool { return fs.findings[i].start < fs.findings[j].start })
		}
	}
}
