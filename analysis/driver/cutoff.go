package driver

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"go/ast"
	"go/token"
	"math"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
)

// Early cutoff: what a dependent can see of a package is fingerprinted
// twice, so that an edit which changes neither lets the dependent keep
// its types (apiKey) and its analysis (factsKey).

// apiKey fingerprints what a package's dependents see when they are
// type-checked: its export data, which holds every exported declaration,
// the types it reaches in this and other packages, and their positions as
// file, line and column. The zero key (ok false) equals no key: it stands
// for a package whose types cannot be trusted or fingerprinted.
type apiKey struct {
	sum [sha256.Size]byte
	ok  bool
}

func (k apiKey) same(o apiKey) bool { return k.ok && o.ok && k.sum == o.sum }

// apiOf fingerprints n's types. A package with errors, or with //line
// directives (export data records adjusted positions; Current maps
// unadjusted ones), has no key, so its dependents are always re-checked.
func apiOf(fset *token.FileSet, n *node) (key apiKey) {
	if n.illTyped != "" || n.pkg.Types == nil || hasLineDirective(n.pkg.Syntax) {
		return apiKey{}
	}
	defer func() {
		if recover() != nil { // the exporter rejected a type: no key
			key = apiKey{}
		}
	}()
	h := sha256.New()
	if err := gcexportdata.Write(h, fset, n.pkg.Types); err != nil {
		return apiKey{}
	}
	h.Sum(key.sum[:0])
	key.ok = true
	return key
}

// skeletonOf hashes src outside the bodies of its function declarations,
// with each body standing for its number of lines and the length of its
// last line: two versions with the same skeleton declare the same things
// at the same lines and columns, and a package whose files changed only
// so has the same export data (a body declares nothing dependents see).
func skeletonOf(fset *token.FileSet, f *ast.File, src []byte) (sum [sha256.Size]byte) {
	h := sha256.New()
	tf := fset.File(f.FileStart)
	at := 0
	var buf [2 * binary.MaxVarintLen64]byte
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || tf == nil {
			continue
		}
		lb, rb := tf.Offset(fd.Body.Lbrace), tf.Offset(fd.Body.Rbrace)
		if lb < at || rb < lb || rb > len(src) { // not src's syntax: equal to src's skeleton only
			return sha256.Sum256(append([]byte("whole\x00"), src...))
		}
		body := src[lb:rb]
		last := len(body) - 1 - bytes.LastIndexByte(body, '\n')
		h.Write(src[at:lb])
		b := binary.AppendUvarint(buf[:0], uint64(bytes.Count(body, []byte{'\n'})))
		h.Write(binary.AppendUvarint(b, uint64(last)))
		at = rb
	}
	h.Write(src[at:])
	h.Sum(sum[:0])
	return sum
}

func hasLineDirective(files []*ast.File) bool {
	for _, f := range files {
		for _, g := range f.Comments {
			for _, c := range g.List {
				if strings.HasPrefix(c.Text, "//line ") || strings.HasPrefix(c.Text, "/*line ") {
					return true
				}
			}
		}
	}
	return false
}

// factsKey fingerprints the facts a package's analysis exported — what
// the analysis of its dependents reads of it — with positions as file,
// line and column, so that facts saying the same about the same places
// after a re-check have the same key. Facts on objects without an object
// path are the package's own and left out. The zero key equals no key.
type factsKey = apiKey

func factsKeyOf(fset *token.FileSet, s *factStore) (key factsKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]factKey, 0, len(s.facts))
	for k := range s.facts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b factKey) int {
		return cmp.Or(cmp.Compare(a.obj, b.obj), cmp.Compare(a.typ.String(), b.typ.String()))
	})
	h := sha256.New()
	fw := &factWriter{fset: fset, w: bufio.NewWriter(h), ok: true}
	for _, k := range keys {
		fw.string(string(k.obj))
		fw.string(k.typ.String())
		fw.value(reflect.ValueOf(s.facts[k]), 0)
	}
	if err := fw.w.Flush(); err != nil || !fw.ok {
		return factsKey{}
	}
	h.Sum(key.sum[:0])
	key.ok = true
	return key
}

var posType = reflect.TypeFor[token.Pos]()

// factWriter writes a fact's value: facts hold plain data (gob-encodable),
// and anything else (functions, channels, cycles) makes the key unusable.
type factWriter struct {
	fset *token.FileSet
	w    *bufio.Writer
	ok   bool
	buf  [binary.MaxVarintLen64]byte
}

func (fw *factWriter) int(i int64) { fw.w.Write(binary.AppendVarint(fw.buf[:0], i)) }

func (fw *factWriter) string(s string) {
	fw.int(int64(len(s)))
	fw.w.WriteString(s)
}

const maxFactDepth = 64

func (fw *factWriter) value(v reflect.Value, depth int) {
	if depth > maxFactDepth {
		fw.ok = false
		return
	}
	if v.Type() == posType {
		if p := token.Pos(v.Int()); p.IsValid() {
			pos := fw.fset.PositionFor(p, false)
			fw.string(fmt.Sprintf("%s:%d:%d", pos.Filename, pos.Line, pos.Column))
		} else {
			fw.string("-")
		}
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			fw.int(1)
		} else {
			fw.int(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		fw.int(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		fw.int(int64(v.Uint()))
	case reflect.Float32, reflect.Float64:
		fw.int(int64(math.Float64bits(v.Float())))
	case reflect.Complex64, reflect.Complex128:
		fw.int(int64(math.Float64bits(real(v.Complex()))))
		fw.int(int64(math.Float64bits(imag(v.Complex()))))
	case reflect.String:
		fw.string(v.String())
	case reflect.Slice, reflect.Array:
		fw.int(int64(v.Len()))
		for i := range v.Len() {
			fw.value(v.Index(i), depth+1)
		}
	case reflect.Map:
		// Entries in the order of their keys' encodings.
		type entry struct{ k, v []byte }
		entries := make([]entry, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			entries = append(entries, entry{fw.encode(it.Key(), depth+1), fw.encode(it.Value(), depth+1)})
		}
		slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(string(a.k), string(b.k)) })
		fw.int(int64(len(entries)))
		for _, e := range entries {
			fw.w.Write(e.k)
			fw.w.Write(e.v)
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			fw.int(0)
			return
		}
		fw.int(1)
		if v.Kind() == reflect.Interface {
			fw.string(v.Elem().Type().String())
		}
		fw.value(v.Elem(), depth+1)
	case reflect.Struct:
		for i := range v.NumField() {
			fw.value(v.Field(i), depth+1)
		}
	default:
		fw.ok = false
	}
}

// encode returns what value would write for v.
func (fw *factWriter) encode(v reflect.Value, depth int) []byte {
	var b strings.Builder
	sub := &factWriter{fset: fw.fset, w: bufio.NewWriter(&b), ok: true}
	sub.value(v, depth)
	sub.w.Flush()
	fw.ok = fw.ok && sub.ok
	return []byte(b.String())
}

// currentFiles maps the files of a Program's source packages to the
// token.Files their current syntax was parsed into.
type currentFiles struct {
	byName  map[string]*token.File
	current map[*token.File]bool
}

// Current returns pos as a position in the current parse of its file.
//
// The outcome of a package that Update or Rerun kept — its types, results
// and diagnostics — may hold positions in files of its dependencies that
// were parsed again since, into new token.Files. Such a package is kept
// only when every position it can hold there (through types or facts) has
// the same file, line and column in the new parse (see doc.go), so Current
// moves the position to that line and column of the current token.File.
// Positions in current files, or outside the source packages, are
// returned unchanged.
func (p *Program) Current(pos token.Pos) token.Pos {
	if !pos.IsValid() {
		return pos
	}
	p.filesOnce.Do(p.indexFiles)
	tf := p.Fset.File(pos)
	if tf == nil || p.files.current[tf] {
		return pos
	}
	cur := p.files.byName[tf.Name()]
	if cur == nil {
		return pos
	}
	at := tf.PositionFor(pos, false)
	if at.Line < 1 || at.Line > cur.LineCount() {
		return pos
	}
	off := cur.Offset(cur.LineStart(at.Line)) + at.Column - 1
	if off < 0 || off > cur.Size() {
		return pos
	}
	return cur.Pos(off)
}

func (p *Program) indexFiles() {
	p.files = currentFiles{byName: map[string]*token.File{}, current: map[*token.File]bool{}}
	for _, n := range p.nodes {
		for _, f := range n.pkg.Syntax {
			tf := p.Fset.File(f.FileStart)
			if tf == nil {
				continue
			}
			p.files.current[tf] = true
			if _, ok := p.files.byName[tf.Name()]; !ok {
				p.files.byName[tf.Name()] = tf
			}
		}
	}
}
