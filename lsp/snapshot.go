package lsp

import (
	"fmt"
	"go/token"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/prodready/prodready/analysis/driver"
	"github.com/prodready/prodready/analysis/findings"
	"github.com/prodready/prodready/analysis/rules"
	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// A snapshot is the outcome of one analysis of the workspace: for every Go
// file of the analysed packages, the content that was analysed and what was
// found in it. Snapshots are immutable once published; the server keeps the
// latest.
type snapshot struct {
	id    int
	files map[string]*fileState // by filename
}

// fileState is what one snapshot knows about one file.
type fileState struct {
	filename string
	mapper   *Mapper // the content analysed
	version  int32   // the document version analysed; -1 when read from disk
	// stale: the file's package could not be analysed (it or a dependency
	// has errors) and its content differs from the last good analysis, so
	// nothing is known that has trustworthy positions. Its diagnostics are
	// not republished: the client keeps moving the last ones with the edits.
	stale    bool
	findings []*finding
	// lenses is the run whose route table gives the file's code lenses
	// (run.lensesOf), or nil.
	lenses *run
	// run is the analysis the findings come from, which may be older than
	// the snapshot for a file carried over unchanged.
	run *run
	pkg *packages.Package // the package analysed; nil for stale files
}

// finding is one diagnostic, placed in its file's content.
type finding struct {
	rule       string
	message    string
	severity   rules.Severity
	start, end int // byte offsets in the content analysed
	related    []related
	// Where and by whom it was reported, to find its fixes.
	analyzer    *analysis.Analyzer
	pkg         *packages.Package
	pos, posEnd token.Pos
}

type related struct {
	filename   string
	start, end int
	message    string
}

// lens is a code lens: a line of text above a handler.
type lens struct {
	offset int // start of the handler's declaration
	title  string
}

// run is one driver run over one view, shared by the files it analysed.
type run struct {
	view    *view
	prog    *driver.Program
	res     *driver.Result
	mappers map[string]*Mapper // every source file of the program, as analysed
	overlay map[string][]byte  // the open buffers it analysed
	updates int                // incremental updates since the last full Load
	// placed keeps the placement of findings from one run to the next
	// of an incremental sequence; a full Load starts afresh.
	placed *findings.Cache

	lensOnce  sync.Once
	lensTable map[string][]lens // by file, computed on the first codeLens request

	mu    sync.Mutex
	sites map[siteKey][]patterns.Site
}

type siteKey struct {
	a   *analysis.Analyzer
	pkg string
}

// sitesOf returns the fix sites an analyzer's result offers for a package,
// computing them once: they are where the patterns' plans are made.
func (r *run) sitesOf(a *analysis.Analyzer, pkg *packages.Package) []patterns.Site {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := siteKey{a, pkg.ID}
	if s, ok := r.sites[k]; ok {
		return s
	}
	var sites []patterns.Site
	if res, ok := r.res.ResultOf(a, pkg.PkgPath); ok {
		if ss, ok := res.(patterns.Sites); ok {
			sites = ss.FixSites()
		}
	}
	if r.sites == nil {
		r.sites = map[siteKey][]patterns.Site{}
	}
	r.sites[k] = sites
	return sites
}

// site returns the fix site of f: the one its analyzer reported at the same
// place, or nil.
func (r *run) site(f *finding) *patterns.Site {
	if f.analyzer == nil { // a problem with a suppression comment
		return nil
	}
	return patterns.SiteOf(r.sitesOf(f.analyzer, f.pkg), f.rule, f.pos, f.posEnd)
}

// fixes returns the fixes that apply to f, preferred first.
func (r *run) fixes(f *finding) []patterns.Fix {
	if s := r.site(f); s != nil {
		return s.Fixes
	}
	return nil
}

// fixPackage returns the package f's fixes edit: the one its site names (a
// missing-auth finding reported where routes are mounted is fixed in the
// handler's package), else the one it was reported in.
func (r *run) fixPackage(f *finding) (*packages.Package, error) {
	s := r.site(f)
	if s == nil || s.Package == "" || s.Package == f.pkg.PkgPath {
		return f.pkg, nil
	}
	for _, p := range r.prog.SourcePackages() {
		if p.PkgPath == s.Package {
			return p, nil
		}
	}
	return nil, fmt.Errorf("package %s, which the fix edits, is not loaded", s.Package)
}

// rewritePackage gives the rewrite engine f's package with the exact bytes
// it was parsed from, overlays included.
func (r *run) rewritePackage(pkg *packages.Package) *rewrite.Package {
	src := make(map[string][]byte, len(pkg.CompiledGoFiles))
	for _, name := range pkg.CompiledGoFiles {
		if m, ok := r.mappers[name]; ok {
			src[name] = m.Content()
		}
	}
	return &rewrite.Package{
		Fset: r.prog.Fset, Files: pkg.Syntax, Types: pkg.Types, Info: pkg.TypesInfo, Src: src,
		ReadFile: r.readFile,
	}
}

func (r *run) readFile(name string) ([]byte, error) {
	if m, ok := r.mappers[name]; ok {
		return m.Content(), nil
	}
	return readDisk(name)
}

// file returns the state of a file, or nil.
func (s *snapshot) file(name string) *fileState {
	if s == nil {
		return nil
	}
	return s.files[name]
}

// findingsAt returns the findings of a file whose range holds offset (or
// touches it, for empty ranges), innermost first.
func (fs *fileState) findingsAt(start, end int) []*finding {
	var out []*finding
	for _, f := range fs.findings {
		if f.start <= end && start <= f.end {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].end-out[i].start < out[j].end-out[j].start })
	return out
}
