package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/scanner"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
)

// Package is a parsed and type-checked Go package, the input of Rewrite.
// The files must have been parsed with parser.ParseComments, or their
// comments would be lost; Rewrite refuses files whose comments are missing.
type Package struct {
	Fset  *token.FileSet
	Files []*ast.File
	Types *types.Package
	Info  *types.Info
	// Src maps a filename (as Fset names it) to the bytes its syntax tree
	// was parsed from. Edit offsets are offsets into these bytes.
	Src map[string][]byte
	// ReadFile, if set, supplies the bytes of a file missing from Src
	// (an analysis pass can pass pass.ReadFile and leave Src nil).
	ReadFile func(filename string) ([]byte, error)
}

// Rewrite lets fn edit pkg's files as dst trees through an Editor, then
// prints every file fn obtained or created, and returns the differences
// from the original bytes as minimal text edits. Files whose printed form
// equals the original are left out, so a transformation that changes
// nothing yields an empty Result. An error from fn is returned as is.
func Rewrite(pkg *Package, fn func(e *Editor) error) (Result, error) {
	if pkg == nil || pkg.Fset == nil || pkg.Types == nil || pkg.Info == nil {
		return nil, fmt.Errorf("rewrite: package needs Fset, Types and Info")
	}
	e := &Editor{
		pkg:    pkg,
		dec:    decorator.NewDecorator(pkg.Fset),
		byName: map[string]*fileState{},
		byDst:  map[*dst.File]*fileState{},
	}
	if err := fn(e); err != nil {
		return nil, err
	}
	return e.result()
}

// An Editor gives a transformation the files of one package as dst trees,
// decorated on first use, and maps dst nodes back to the type-checked
// go/ast nodes they came from. Its methods are not safe for concurrent use.
type Editor struct {
	pkg    *Package
	dec    *decorator.Decorator
	byName map[string]*fileState
	byDst  map[*dst.File]*fileState
	names  map[string]string // import path -> package name, from the import graph
}

type fileState struct {
	name    string
	ast     *ast.File // nil for a created file
	dst     *dst.File
	src     []byte // original bytes; nil for a created file
	created bool
	inPkg   bool                  // the file belongs to the package (not a new directory)
	added   map[string]string     // import path -> package name, for imports AddImport inserted
	parens  map[*dst.GenDecl]bool // import declarations AddImport parenthesised
}

// Package returns the package being rewritten.
func (e *Editor) Package() *Package { return e.pkg }

// Dir returns the package's directory: the directory of its first file.
func (e *Editor) Dir() string {
	if len(e.pkg.Files) == 0 {
		return ""
	}
	return filepath.Dir(e.pkg.Fset.File(e.pkg.Files[0].FileStart).Name())
}

// File returns the dst tree of the package file named filename, decorating
// it on first use; later calls return the same tree. filename is the name
// the FileSet holds, or, when unambiguous, its base name. A file created
// with NewFile is returned too.
func (e *Editor) File(filename string) (*dst.File, error) {
	if fs, ok := e.byName[filename]; ok {
		return fs.dst, nil
	}
	f, name, err := e.lookup(filename)
	if err != nil {
		return nil, err
	}
	return e.decorate(f, name)
}

// FileAt returns the dst tree of the package file holding pos.
func (e *Editor) FileAt(pos token.Pos) (*dst.File, error) {
	for _, f := range e.pkg.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return e.decorate(f, e.pkg.Fset.File(f.FileStart).Name())
		}
	}
	return nil, fmt.Errorf("no file of package %s holds position %d", e.pkg.Types.Path(), pos)
}

func (e *Editor) lookup(filename string) (*ast.File, string, error) {
	var match *ast.File
	var matchName string
	for _, f := range e.pkg.Files {
		name := e.pkg.Fset.File(f.FileStart).Name()
		if name == filename {
			return f, name, nil
		}
		if filepath.Base(name) == filename {
			if match != nil {
				return nil, "", fmt.Errorf("file name %s is ambiguous in package %s", filename, e.pkg.Types.Path())
			}
			match, matchName = f, name
		}
	}
	if match == nil {
		return nil, "", fmt.Errorf("package %s has no file %s", e.pkg.Types.Path(), filename)
	}
	return match, matchName, nil
}

func (e *Editor) decorate(f *ast.File, name string) (*dst.File, error) {
	if fs, ok := e.byName[name]; ok {
		return fs.dst, nil
	}
	src, err := e.source(name)
	if err != nil {
		return nil, err
	}
	if tf := e.pkg.Fset.File(f.FileStart); tf.Size() != len(src) {
		return nil, fmt.Errorf("%s: source is %d bytes but its syntax tree spans %d", name, len(src), tf.Size())
	}
	if n := countComments(src); n != countASTComments(f) {
		return nil, fmt.Errorf("%s: syntax tree holds %d of %d comments; parse with parser.ParseComments", name, countASTComments(f), n)
	}
	df, err := e.dec.DecorateFile(f)
	if err != nil {
		return nil, fmt.Errorf("decorate %s: %w", name, err)
	}
	fs := &fileState{name: name, ast: f, dst: df, src: src, inPkg: true, added: map[string]string{}, parens: map[*dst.GenDecl]bool{}}
	e.byName[name] = fs
	e.byDst[df] = fs
	return df, nil
}

func (e *Editor) source(name string) ([]byte, error) {
	if src, ok := e.pkg.Src[name]; ok {
		return src, nil
	}
	if e.pkg.ReadFile != nil {
		src, err := e.pkg.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		return src, nil
	}
	return nil, fmt.Errorf("no source for %s", name)
}

// NewFile starts a file to create, declaring package pkgName. A relative
// filename is taken relative to the package directory; a file in another
// directory belongs to another package, so AddImport then does not treat
// the rewritten package's names as taken. The file is printed and
// returned in the Result with Create set.
func (e *Editor) NewFile(filename, pkgName string) (*dst.File, error) {
	if !filepath.IsAbs(filename) {
		filename = filepath.Join(e.Dir(), filename)
	}
	filename = filepath.Clean(filename)
	if _, ok := e.byName[filename]; ok {
		return nil, fmt.Errorf("file %s is already part of this rewrite", filename)
	}
	for _, f := range e.pkg.Files {
		if e.pkg.Fset.File(f.FileStart).Name() == filename {
			return nil, fmt.Errorf("file %s already exists in package %s", filename, e.pkg.Types.Path())
		}
	}
	if !token.IsIdentifier(pkgName) {
		return nil, fmt.Errorf("invalid package name %q", pkgName)
	}
	df := &dst.File{Name: dst.NewIdent(pkgName)}
	fs := &fileState{
		name:    filename,
		dst:     df,
		created: true,
		inPkg:   filepath.Dir(filename) == e.Dir() && pkgName == e.pkg.Types.Name(),
		added:   map[string]string{},
		parens:  map[*dst.GenDecl]bool{},
	}
	e.byName[filename] = fs
	e.byDst[df] = fs
	return df, nil
}

// Dst returns the dst node decorated from n, decorating n's file if that
// has not happened yet, or nil when n is not part of the package's files.
func (e *Editor) Dst(n ast.Node) dst.Node {
	if n == nil {
		return nil
	}
	if d, ok := e.dec.Dst.Nodes[n]; ok {
		return d
	}
	if _, err := e.FileAt(n.Pos()); err != nil {
		return nil
	}
	return e.dec.Dst.Nodes[n]
}

// Ast returns the go/ast node n was decorated from, or nil for a node the
// transformation created (or cloned).
func (e *Editor) Ast(n dst.Node) ast.Node {
	return e.dec.Ast.Nodes[n]
}

// TypeOf returns the type of a dst expression that came from the original
// code, or nil for a new expression or one without a type.
func (e *Editor) TypeOf(x dst.Expr) types.Type {
	a, ok := e.Ast(x).(ast.Expr)
	if !ok {
		return nil
	}
	return e.pkg.Info.TypeOf(a)
}

// ObjectOf returns the object an identifier of the original code defines or
// uses, or nil.
func (e *Editor) ObjectOf(id *dst.Ident) types.Object {
	a, ok := e.Ast(id).(*ast.Ident)
	if !ok {
		return nil
	}
	return e.pkg.Info.ObjectOf(a)
}

// result prints and diffs every file the transformation obtained.
func (e *Editor) result() (Result, error) {
	names := make([]string, 0, len(e.byName))
	for name := range e.byName {
		names = append(names, name)
	}
	sort.Strings(names)
	var res Result
	for _, name := range names {
		fs := e.byName[name]
		e.pruneImports(fs)
		out, err := printFile(fs.dst, name)
		if err != nil {
			return nil, err
		}
		if fs.created {
			res = append(res, FileEdit{
				Filename:   name,
				Create:     true,
				Edits:      []TextEdit{{Start: 0, End: 0, New: string(out)}},
				NewContent: out,
			})
			continue
		}
		if bytes.Equal(out, fs.src) || e.untouched(fs, out) {
			continue
		}
		res = append(res, FileEdit{
			Filename:   name,
			Edits:      diff(fs.src, out),
			NewContent: out,
			Guard:      GuardOf(fs.src),
		})
	}
	return res, nil
}

// untouched reports whether out, which differs from the original bytes, is
// only the printing of an unchanged tree: the original was not gofmt-clean.
// A transformation that merely looks at a file must not reformat it.
func (e *Editor) untouched(fs *fileState, out []byte) bool {
	if GofmtStable(fs.src) {
		return false
	}
	fresh, err := decorator.NewDecorator(e.pkg.Fset).DecorateFile(fs.ast)
	if err != nil {
		return false
	}
	baseline, err := printFile(fresh, fs.name)
	return err == nil && bytes.Equal(baseline, out)
}

// printFile restores f and formats it; it fails when the output does not parse.
func printFile(f *dst.File, name string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("print %s: malformed syntax tree: %v", name, r)
		}
	}()
	var buf bytes.Buffer
	if err := decorator.NewRestorer().Fprint(&buf, f); err != nil {
		return nil, fmt.Errorf("print %s: %w", name, err)
	}
	out, err = format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("rewritten %s does not parse: %v\n%s", name, err, excerpt(buf.Bytes(), err))
	}
	return out, nil
}

// excerpt returns the lines around the first position in a scanner error,
// numbered, to show where printed code went wrong.
func excerpt(src []byte, err error) string {
	list, ok := err.(scanner.ErrorList)
	if !ok || len(list) == 0 {
		return ""
	}
	line := list[0].Pos.Line
	lines := strings.Split(string(src), "\n")
	var b strings.Builder
	for i := max(line-3, 1); i <= min(line+2, len(lines)); i++ {
		fmt.Fprintf(&b, "%5d| %s\n", i, lines[i-1])
	}
	return b.String()
}

// diff returns the edits turning before into after, at byte offsets: the
// changed lines, each run narrowed to the bytes that change. Anchoring on
// lines keeps a fix's edits where it changed the code; a byte diff of the
// whole file can align appended declarations with text they resemble and
// spread them over the file, so that two fixes appending the same
// declarations no longer make identical edits, which the merge of go vet
// -fix would apply twice.
func diff(before, after []byte) []TextEdit {
	var edits []TextEdit
	for _, h := range udiff.Lines(string(before), string(after)) {
		for _, d := range udiff.Bytes(before[h.Start:h.End], []byte(h.New)) {
			edits = append(edits, TextEdit{Start: h.Start + d.Start, End: h.Start + d.End, New: d.New})
		}
	}
	return edits
}

// countComments counts the comments in src as the scanner sees them.
func countComments(src []byte) int {
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("", -1, len(src)), src, nil, scanner.ScanComments)
	n := 0
	for {
		_, tok, _ := s.Scan()
		if tok == token.EOF {
			return n
		}
		if tok == token.COMMENT {
			n++
		}
	}
}

func countASTComments(f *ast.File) int {
	n := 0
	for _, cg := range f.Comments {
		n += len(cg.List)
	}
	return n
}
