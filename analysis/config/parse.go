package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/prodready/prodready/analysis/rules"
)

// parse decodes a configuration file through yaml.Node, so that every
// problem can be reported at its position, and collects all problems.
func parse(file string, data []byte) (*Config, error) {
	p := &parser{file: file}
	cfg := &Config{Path: file}

	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		return nil, ErrorList{p.syntaxError(err, data)}
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		p.errorf(&more, "", "more than one YAML document; the configuration is one mapping")
	}

	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		top := deref(doc.Content[0])
		if top.Kind == yaml.MappingNode {
			p.top(top, cfg)
		} else if !isNull(top) {
			p.errorf(top, "", "want a mapping of keys (rules, auth, ...) at the top level, got %s", describe(top))
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	cfg.fillDefaults()
	return cfg, nil
}

type parser struct {
	file string
	errs ErrorList
}

func (p *parser) errorf(n *yaml.Node, key, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: n.Line, Column: n.Column, Key: key, Msg: fmt.Sprintf(format, args...)})
}

var (
	topKeys       = []string{"rules", "auth", "scope", "sensitive", "limits", "exclude"}
	authKeys      = []string{"middleware", "userFromContext", "public"}
	scopeKeys     = []string{"ownerColumns"}
	sensitiveKeys = []string{"fields"}
	limitsKeys    = []string{"maxBodyBytes"}
)

func (p *parser) top(m *yaml.Node, cfg *Config) {
	p.mapping(m, "", topKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "rules":
			p.rules(v, cfg)
		case "auth":
			p.section(v, "auth", authKeys, func(key string, k, v *yaml.Node) {
				switch key {
				case "middleware":
					cfg.Auth.Middleware = p.strList(v, "auth.middleware", p.qualifiedName)
				case "userFromContext":
					if s, ok := p.str(v, "auth.userFromContext"); ok && p.qualifiedName(v, "auth.userFromContext", s) {
						cfg.Auth.UserFromContext = s
					}
				case "public":
					cfg.Auth.Public = p.strList(v, "auth.public", p.publicRoute)
				}
			})
		case "scope":
			p.section(v, "scope", scopeKeys, func(key string, k, v *yaml.Node) {
				cols := p.strList(v, "scope.ownerColumns", nil)
				if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
					p.errorf(v, "scope.ownerColumns", "empty list; leave the key out to use the default columns (%s)", strings.Join(DefaultOwnerColumns, ", "))
				}
				cfg.Scope.OwnerColumns = cols
			})
		case "sensitive":
			p.section(v, "sensitive", sensitiveKeys, func(key string, k, v *yaml.Node) {
				cfg.Sensitive.Fields = p.strList(v, "sensitive.fields", nil)
			})
		case "limits":
			p.section(v, "limits", limitsKeys, func(key string, k, v *yaml.Node) {
				if n, ok := p.byteCount(v, "limits.maxBodyBytes"); ok {
					cfg.Limits.MaxBodyBytes = n
				}
			})
		case "exclude":
			cfg.Exclude = p.strList(v, "exclude", p.glob)
		}
	})
}

// rules decodes the rules: section, a mapping of rule IDs to severities.
func (p *parser) rules(v *yaml.Node, cfg *Config) {
	if isNull(v) {
		return
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v, "rules", "want a mapping of rule IDs to severities, got %s", describe(v))
		return
	}
	p.mapping(v, "rules", nil, func(id string, k, v *yaml.Node) {
		key := "rules." + id
		if _, ok := rules.Lookup(id); !ok {
			p.errorf(k, key, "unknown rule %q (known: %s)", id, strings.Join(rules.IDs(), ", "))
			return
		}
		s, ok := p.str(v, key)
		if !ok {
			return
		}
		sev := Severity(s)
		if !sev.Valid() {
			p.errorf(v, key, "unknown severity %q (want error, warning, info or off)", s)
			return
		}
		if cfg.Rules == nil {
			cfg.Rules = make(map[string]Severity)
		}
		cfg.Rules[id] = sev
	})
}

// section decodes a nested mapping with the given known keys; null is an
// empty section.
func (p *parser) section(v *yaml.Node, name string, known []string, field func(key string, k, v *yaml.Node)) {
	if isNull(v) {
		return
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v, name, "want a mapping with keys %s, got %s", strings.Join(known, ", "), describe(v))
		return
	}
	p.mapping(v, name, known, field)
}

// mapping calls field for each entry of m whose key is a string, reporting
// duplicate keys and, if known is not nil, keys not in known. Null values
// are skipped: a key without a value means "not set".
func (p *parser) mapping(m *yaml.Node, prefix string, known []string, field func(key string, k, v *yaml.Node)) {
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := deref(m.Content[i]), deref(m.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, prefix, "want a key, got %s", describe(k))
			continue
		}
		key := k.Value
		full := key
		if prefix != "" {
			full = prefix + "." + key
		}
		if first, dup := seen[key]; dup {
			p.errorf(k, full, "duplicate key (first at line %d)", first.Line)
			continue
		}
		seen[key] = k
		if known != nil && !contains(known, key) {
			where := "at the top level"
			if prefix != "" {
				where = "under " + prefix
			}
			p.errorf(k, full, "unknown key %q (known %s: %s)", key, where, strings.Join(known, ", "))
			continue
		}
		if isNull(v) {
			continue
		}
		field(key, k, v)
	}
}

// str decodes a string scalar.
func (p *parser) str(v *yaml.Node, key string) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" {
		p.errorf(v, key, "want a string, got %s", describe(v))
		return "", false
	}
	if strings.TrimSpace(v.Value) == "" {
		p.errorf(v, key, "empty string")
		return "", false
	}
	return v.Value, true
}

// maxByteCount bounds a configured size: 1 TiB is far beyond any request
// body a server should accept.
const maxByteCount = 1 << 40

// byteCount decodes a positive number of bytes.
func (p *parser) byteCount(v *yaml.Node, key string) (int64, bool) {
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" {
		p.errorf(v, key, "want a number of bytes such as 1048576, got %s", describe(v))
		return 0, false
	}
	n, err := strconv.ParseInt(v.Value, 0, 64)
	if err != nil || n <= 0 || n > maxByteCount {
		p.errorf(v, key, "want a number of bytes between 1 and %d, got %s", int64(maxByteCount), v.Value)
		return 0, false
	}
	return n, true
}

// strList decodes a list of strings, checking each with check if not nil.
// The result is non-nil for a list, even an empty one.
func (p *parser) strList(v *yaml.Node, key string, check func(n *yaml.Node, key, s string) bool) []string {
	if v.Kind != yaml.SequenceNode {
		hint := ""
		if v.Kind == yaml.ScalarNode {
			hint = fmt.Sprintf(" (write [%s] for a list of one)", v.Value)
		}
		p.errorf(v, key, "want a list of strings, got %s%s", describe(v), hint)
		return nil
	}
	list := make([]string, 0, len(v.Content))
	for i, item := range v.Content {
		item = deref(item)
		ikey := key + "[" + strconv.Itoa(i) + "]"
		s, ok := p.str(item, ikey)
		if !ok || (check != nil && !check(item, ikey, s)) {
			continue
		}
		list = append(list, s)
	}
	return list
}

// qualifiedName checks a function name such as example.com/app/auth.Require
// or example.com/app/auth.(*Guard).Require.
func (p *parser) qualifiedName(n *yaml.Node, key, s string) bool {
	if !qualified.MatchString(s) {
		p.errorf(n, key, "%q is not a qualified function name like example.com/app/auth.Require", s)
		return false
	}
	return true
}

var qualified = regexp.MustCompile(`^[^\s()*]+\.(\(\*?[\pL_][\pL\pN_]*\)\.)?[\pL_][\pL\pN_]*$`)

// publicRoute checks an auth.public entry.
func (p *parser) publicRoute(n *yaml.Node, key, s string) bool {
	if _, err := parseRoute(s); err != nil {
		p.errorf(n, key, "%q: %v", s, err)
		return false
	}
	return true
}

// glob checks an exclude pattern.
func (p *parser) glob(n *yaml.Node, key, s string) bool {
	if err := checkGlob(s); err != nil {
		p.errorf(n, key, "%q: %v", s, err)
		return false
	}
	return true
}

// syntaxError turns a YAML parse error into an Error. yaml.v3 reports only
// a line, and for its parser (not scanner) errors the line is counted from
// zero and left out when zero; this undoes both quirks.
func (p *parser) syntaxError(err error, data []byte) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &Error{File: p.file, Msg: msg}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if line, err := strconv.Atoi(n); err == nil {
				e.Line, e.Msg = line, after
			}
		}
	}
	switch {
	case isParserError(e.Msg):
		// yaml.v3 counts the lines of parser errors from zero.
		e.Line++
	case strings.HasPrefix(e.Msg, "unknown anchor '"):
		// Reported without a position: find the alias.
		name := strings.TrimSuffix(strings.TrimPrefix(e.Msg, "unknown anchor '"), "' referenced")
		e.Line, e.Column = locate(data, "*"+name)
	case e.Line == 0 && !strings.Contains(e.Msg, "anchor") && !strings.Contains(e.Msg, "aliasing"):
		// A scanner error on the first line.
		e.Line = 1
	}
	// An error at the end of the stream lies past the last line: report
	// the last line instead.
	lines := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		lines++
	}
	if e.Line > lines {
		e.Line = max(lines, 1)
	}
	e.Msg = "invalid YAML: " + e.Msg
	return e
}

// isParserError reports whether msg is one of the problems yaml.v3's
// parser (as opposed to its scanner or composer) reports.
func isParserError(msg string) bool {
	return strings.HasPrefix(msg, "did not find expected") ||
		msg == "found duplicate %YAML directive" ||
		msg == "found incompatible YAML document" ||
		msg == "found duplicate %TAG directive" ||
		msg == "found undefined tag handle"
}

// locate returns the 1-based line and column of the first occurrence of s
// in data, or zeros.
func locate(data []byte, s string) (line, col int) {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		return 0, 0
	}
	before := data[:i]
	line = bytes.Count(before, []byte("\n")) + 1
	col = i - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names a node's kind for error messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			if strings.TrimSpace(n.Value) == "" {
				return "an empty string"
			}
			return "a string"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "nothing"
		}
		return "a value tagged " + n.ShortTag()
	}
	return "nothing"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkGlob reports whether each element of an exclude pattern is a valid
// path.Match pattern.
func checkGlob(pattern string) error {
	if strings.TrimSpace(pattern) != pattern {
		return errors.New("leading or trailing space")
	}
	for _, elem := range strings.Split(pattern, "/") {
		if _, err := path.Match(elem, ""); err != nil {
			return errors.New("malformed pattern (unclosed [ or trailing \\)")
		}
	}
	return nil
}
