package lsp

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"go.uber.org/zap"
)

// A view is one unit the driver loads: a workspace folder (its packages,
// ./...), a module holding an open file outside every folder, or a single
// file outside any module.
type view struct {
	dir      string
	patterns []string // nil: ./...
}

// views is the set of views, from the workspace folders and open files.
type views struct {
	s       *Server
	mu      sync.Mutex
	folders []string
	extra   map[string]*view // views for files outside the folders, by dir or file
}

func newViews(s *Server) *views { return &views{s: s, extra: map[string]*view{}} }

func (vs *views) setFolders(dirs []string) {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	vs.folders = nil
	for _, d := range dirs {
		if d = filepath.Clean(d); d != "" && d != "." {
			vs.folders = append(vs.folders, d)
		}
	}
	sort.Strings(vs.folders)
}

func (vs *views) addFolder(dir string) {
	vs.mu.Lock()
	dirs := append([]string(nil), vs.folders...)
	vs.mu.Unlock()
	vs.setFolders(append(dirs, dir))
}

func (vs *views) removeFolder(dir string) {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	dir = filepath.Clean(dir)
	out := vs.folders[:0]
	for _, d := range vs.folders {
		if d != dir {
			out = append(out, d)
		}
	}
	vs.folders = out
}

// ensure makes sure a file is covered by a view: a folder holding it, else
// its module's root, else the file alone.
func (vs *views) ensure(filename string) {
	if filename == "" || !strings.HasSuffix(filename, ".go") {
		return
	}
	vs.mu.Lock()
	defer vs.mu.Unlock()
	for _, d := range vs.folders {
		if within(d, filename) {
			return
		}
	}
	for _, v := range vs.extra {
		if v.patterns == nil && within(v.dir, filename) || len(v.patterns) == 1 && v.patterns[0] == filename {
			return
		}
	}
	if root, ok := moduleRoot(filepath.Dir(filename)); ok {
		vs.extra[root] = &view{dir: root}
		vs.s.log.Info("file outside the workspace folders: analysing its module", zap.String("file", filename), zap.String("module", root))
		return
	}
	vs.extra[filename] = &view{dir: filepath.Dir(filename), patterns: []string{filename}}
	vs.s.log.Info("file outside any module: analysing it as a single-file package", zap.String("file", filename))
}

// all returns the current views.
func (vs *views) all() []*view {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	var out []*view
	for _, d := range vs.folders {
		out = append(out, &view{dir: d})
	}
	keys := make([]string, 0, len(vs.extra))
	for k := range vs.extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, vs.extra[k])
	}
	return out
}

func (v *view) key() string {
	if v.patterns != nil {
		return strings.Join(v.patterns, " ")
	}
	return v.dir
}

// within reports whether file is dir or below it.
func within(dir, file string) bool {
	rel, err := filepath.Rel(dir, file)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// moduleRoot finds the directory of the go.mod governing dir.
func moduleRoot(dir string) (string, bool) {
	for {
		if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && fi.Mode().IsRegular() {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

func readDisk(name string) ([]byte, error) { return os.ReadFile(name) }
