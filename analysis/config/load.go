package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Error is one problem in a configuration file.
type Error struct {
	File   string
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based; 0 when unknown
	Key    string // the key in dotted form, e.g. "auth.public[1]"; "" for syntax errors
	Msg    string
}

// Error formats e as "file:line:column: key: message", leaving out the
// parts that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one file, in file order. Load returns
// one as its error when the file is invalid.
type ErrorList []*Error

// Error returns the first problem, and how many more there are, on one line.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	case 2:
		return l[0].Error() + " (and 1 more error)"
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Load reads and validates the configuration file at path and fills in
// defaults for what it leaves out. A file that cannot be read yields the
// *os.PathError; an invalid one yields an ErrorList.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parse(path, data)
}

// Find looks for FileName in dir and then in each parent directory up to
// the filesystem root, and returns the first one found.
func Find(dir string) (path string, ok bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, FileName)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// ForDir returns the configuration that applies to files in dir: the
// override file if one is set, else the file Find locates, else Defaults.
// Files are cached by path, modification time and size; the result is
// shared and must not be modified.
func ForDir(dir string) (*Config, error) {
	if p := Override(); p != "" {
		return loadCached(p)
	}
	p, ok := Find(dir)
	if !ok {
		return Defaults(), nil
	}
	return loadCached(p)
}

var override struct {
	sync.Mutex
	path string
}

// SetOverride makes ForDir and Analyzer use the file at path instead of
// searching for one (the CLI's -config flag). An empty path restores the
// search. A relative path is taken relative to the current directory now.
func SetOverride(path string) {
	if path != "" {
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
	}
	override.Lock()
	override.path = path
	override.Unlock()
}

// Override returns the path set by SetOverride, or "".
func Override() string {
	override.Lock()
	defer override.Unlock()
	return override.path
}

type cacheKey struct {
	path    string
	modTime time.Time
	size    int64
}

type cacheEntry struct {
	cfg *Config
	err error
}

var cache struct {
	sync.Mutex
	m map[string]cacheKey // path -> key of the stored version
	e map[cacheKey]cacheEntry
}

// loadCached is Load with a cache keyed by the file's path, modification
// time and size, so that the packages of one run read the file once while
// an edited file is read again.
func loadCached(path string) (*Config, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: path, Err: errors.New("not a regular file")}
	}
	key := cacheKey{path, fi.ModTime(), fi.Size()}
	cache.Lock()
	e, ok := cache.e[key]
	cache.Unlock()
	if ok {
		return e.cfg, e.err
	}
	cfg, err := Load(path)
	cache.Lock()
	defer cache.Unlock()
	if cache.m == nil {
		cache.m = make(map[string]cacheKey)
		cache.e = make(map[cacheKey]cacheEntry)
	}
	if old, ok := cache.m[path]; ok {
		delete(cache.e, old)
	}
	cache.m[path] = key
	cache.e[key] = cacheEntry{cfg, err}
	return cfg, err
}
