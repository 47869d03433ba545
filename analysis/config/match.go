package config

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// route is a parsed auth.public entry.
type route struct {
	method string // upper case; "" for any method
	path   string // without the trailing "*" of a prefix pattern
	prefix bool   // the entry ended in "*"
}

var methods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"}

// parseRoute parses "[METHOD ]/path[*]".
func parseRoute(s string) (route, error) {
	var r route
	rest := strings.TrimSpace(s)
	if m, p, ok := strings.Cut(rest, " "); ok {
		r.method = strings.ToUpper(m)
		if !contains(methods, r.method) {
			return r, fmt.Errorf("unknown method %q (want one of %s, or no method for all)", m, strings.Join(methods, ", "))
		}
		rest = strings.TrimSpace(p)
	}
	if !strings.HasPrefix(rest, "/") {
		return r, errors.New(`want "[METHOD ]/path", with a path that starts with "/"`)
	}
	if strings.ContainsAny(rest, " \t") {
		return r, errors.New("space inside the path")
	}
	if i := strings.IndexByte(rest, '*'); i >= 0 {
		if i != len(rest)-1 {
			return r, errors.New(`"*" is allowed only at the end of the path, where it matches any rest`)
		}
		r.prefix = true
		rest = rest[:i]
	}
	r.path = rest
	return r, nil
}

// IsPublic reports whether auth.public declares the route public. An entry
// "GET /healthz" matches that method (and HEAD, which GET serves) and that
// exact path; an entry without a method matches every method; an entry
// ending in "*" matches every path starting with what precedes the "*".
// Parameter placeholders ({id}, :id) are compared literally, as written in
// the route registration. A route registered for all methods (method "" or
// "ANY") is public only by an entry without a method. c may be nil.
func (c *Config) IsPublic(method, path string) bool {
	if c == nil {
		return false
	}
	method = strings.ToUpper(method)
	for _, entry := range c.Auth.Public {
		r, err := parseRoute(entry)
		if err != nil {
			continue
		}
		if r.method != "" && r.method != method && !(r.method == "GET" && method == "HEAD") {
			continue
		}
		if r.prefix && strings.HasPrefix(path, r.path) || !r.prefix && path == r.path {
			return true
		}
	}
	return false
}

// Excluded reports whether a file is excluded by the exclude patterns. The
// path is slash- or OS-separated and relative to the directory holding the
// configuration file; paths that leave that directory are never excluded.
//
// In a pattern, "*", "?" and "[...]" match within one path element as in
// path.Match, and a "**" element matches any number of elements, none
// included. As in .gitignore, a pattern without a slash (other than a
// trailing one) matches an element at any depth, and a pattern that
// matches a directory excludes everything below it. c may be nil.
func (c *Config) Excluded(relPath string) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	rel := path.Clean(filepath.ToSlash(relPath))
	if rel == "." || rel == ".." || strings.HasPrefix(rel, "../") || path.IsAbs(rel) {
		return false
	}
	name := strings.Split(rel, "/")
	for _, pattern := range c.Exclude {
		if matchGlob(pattern, name) {
			return true
		}
	}
	return false
}

// ExcludedFile is Excluded for a file name, absolute or relative to the
// current directory, made relative to the configuration file's directory
// (the current directory for defaults).
func (c *Config) ExcludedFile(filename string) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	base := "."
	if c.Path != "" {
		base = filepath.Dir(c.Path)
	}
	absBase, err1 := filepath.Abs(base)
	absFile, err2 := filepath.Abs(filename)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(absBase, absFile)
	if err != nil {
		return false
	}
	return c.Excluded(rel)
}

// matchGlob matches one exclude pattern against a path split into elements.
func matchGlob(pattern string, name []string) bool {
	pattern = strings.TrimSuffix(pattern, "/")
	pattern = strings.TrimPrefix(pattern, "./")
	if pattern == "" {
		return false
	}
	var pat []string
	if rest, anchored := strings.CutPrefix(pattern, "/"); anchored {
		pat = strings.Split(rest, "/")
	} else if !strings.Contains(pattern, "/") {
		pat = []string{"**", pattern}
	} else {
		pat = strings.Split(pattern, "/")
	}
	// A match of a leading part of the path is a match of a directory,
	// which excludes the file.
	for n := 1; n <= len(name); n++ {
		if matchElems(pat, name[:n]) {
			return true
		}
	}
	return false
}

// matchElems matches pattern elements against path elements.
func matchElems(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for len(pat) > 0 && pat[0] == "**" {
				pat = pat[1:]
			}
			if len(pat) == 0 {
				return true
			}
			for i := range len(name) + 1 {
				if matchElems(pat, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
