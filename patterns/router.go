package patterns

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/prodready/prodready/rewrite"
)

// RouterStyle is how a router-wide middleware is added to a router.
type RouterStyle string

// The router styles.
const (
	// RouterUse inserts <router>.Use(<middleware>) after the statement that
	// creates the router (chi, gorilla/mux, gin, echo).
	RouterUse RouterStyle = "use"
	// RouterWrap wraps the handler handed to the server:
	// http.ListenAndServe(addr, <middleware>(mux)).
	RouterWrap RouterStyle = "wrap"
)

// RouterSite is where a router-wide middleware goes.
type RouterSite struct {
	Style RouterStyle
	// Assign is, for RouterUse, the position of the call creating the
	// router; the statement assigning its result to one variable or field
	// names the receiver of Use. After is the position of the statement
	// the Use goes after: that statement, or a Use statement following it
	// in the same block.
	Assign, After token.Pos
	// Expr and ExprEnd delimit, for RouterWrap, the handler expression to
	// wrap.
	Expr, ExprEnd token.Pos
}

// addRouterMiddleware applies middleware, Go expressions valid in the
// site's file, at site: as the arguments of one Use call, or wrapped around
// the served handler from the outside in.
func addRouterMiddleware(e *rewrite.Editor, site RouterSite, middleware []string) error {
	if len(middleware) == 0 {
		return errors.New("no middleware to add")
	}
	var mws []dst.Expr
	for _, src := range middleware {
		x, err := rewrite.ParseExpr(src)
		if err != nil {
			return err
		}
		mws = append(mws, x)
	}
	switch site.Style {
	case RouterUse:
		return insertUse(e, site, mws)
	case RouterWrap:
		return wrapServed(e, site, mws)
	}
	return fmt.Errorf("unknown router style %q", site.Style)
}

// siteFile returns the file the site edits.
func siteFile(e *rewrite.Editor, site RouterSite) (*ast.File, error) {
	pos := site.Assign
	if site.Style == RouterWrap {
		pos = site.Expr
	}
	for _, f := range e.Package().Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f, nil
		}
	}
	return nil, fmt.Errorf("no file of package %s holds the router site", e.Package().Types.Path())
}

func insertUse(e *rewrite.Editor, site RouterSite, mws []dst.Expr) error {
	f, err := siteFile(e, site)
	if err != nil {
		return err
	}
	stmt, block, recv, ok := RouterStatement(f, site.Assign)
	if !ok {
		return errors.New("the router is not created by a statement assigning it to one variable or field")
	}
	at := -1
	for i, s := range block.List {
		if s.Pos() == site.After {
			at = i
		}
	}
	if at < 0 || site.After < stmt.Pos() {
		return errors.New("no statement to insert the middleware after")
	}
	dblock := e.Dst(block).(*dst.BlockStmt)
	use := &dst.ExprStmt{X: &dst.CallExpr{
		Fun:  &dst.SelectorExpr{X: dst.Clone(e.Dst(recv)).(dst.Expr), Sel: dst.NewIdent("Use")},
		Args: mws,
	}}
	clearDecorations(use.X.(*dst.CallExpr).Fun.(*dst.SelectorExpr).X)
	prev := dblock.List[at]
	use.Decs.Before = dst.NewLine
	use.Decs.After = prev.Decorations().After
	prev.Decorations().After = dst.NewLine
	dblock.List = append(dblock.List[:at+1], append([]dst.Stmt{use}, dblock.List[at+1:]...)...)
	return nil
}

// RouterStatement finds the statement of a block whose one value starts
// at pos, the creation of a router possibly configured on the way
// (mux.NewRouter().StrictSlash(true)), and that assigns it to one variable
// or field: recv, the receiver its Use calls take.
func RouterStatement(f *ast.File, pos token.Pos) (stmt ast.Stmt, block *ast.BlockStmt, recv ast.Expr, ok bool) {
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for i, n := range path {
		if s, isStmt := n.(ast.Stmt); isStmt {
			stmt = s
			if i+1 < len(path) {
				block, _ = path[i+1].(*ast.BlockStmt)
			}
			break
		}
	}
	if stmt == nil || block == nil {
		return nil, nil, nil, false
	}
	switch s := stmt.(type) {
	case *ast.AssignStmt:
		if len(s.Lhs) == 1 && len(s.Rhs) == 1 && s.Rhs[0].Pos() == pos {
			recv = s.Lhs[0]
		}
	case *ast.DeclStmt:
		if gd, isGen := s.Decl.(*ast.GenDecl); isGen && len(gd.Specs) == 1 {
			if vs, isVal := gd.Specs[0].(*ast.ValueSpec); isVal && len(vs.Names) == 1 && len(vs.Values) == 1 && vs.Values[0].Pos() == pos {
				recv = vs.Names[0]
			}
		}
	}
	if recv == nil || !isRecvExpr(recv) {
		return nil, nil, nil, false
	}
	return stmt, block, recv, true
}

// isRecvExpr: an identifier or a selector chain of identifiers (r, s.router).
func isRecvExpr(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name != "_"
	case *ast.SelectorExpr:
		return isRecvExpr(x.X)
	}
	return false
}

func clearDecorations(n dst.Node) {
	dst.Inspect(n, func(n dst.Node) bool {
		if n != nil {
			n.Decorations().Start.Clear()
			n.Decorations().End.Clear()
			n.Decorations().Before = dst.None
			n.Decorations().After = dst.None
		}
		return true
	})
}

func wrapServed(e *rewrite.Editor, site RouterSite, mws []dst.Expr) error {
	f, err := siteFile(e, site)
	if err != nil {
		return err
	}
	path, _ := astutil.PathEnclosingInterval(f, site.Expr, site.ExprEnd)
	var target ast.Expr
	for _, n := range path {
		if x, ok := n.(ast.Expr); ok && x.Pos() == site.Expr && x.End() == site.ExprEnd {
			target = x // keep the outermost
		}
	}
	if target == nil {
		return errors.New("no handler expression at the router site")
	}
	if id, ok := target.(*ast.Ident); ok && id.Name == "nil" {
		return errors.New("the server uses http.DefaultServeMux through nil")
	}
	dtarget := e.Dst(target)
	dfile, err := e.FileAt(site.Expr)
	if err != nil {
		return err
	}
	replaced := false
	dstutil.Apply(dfile, func(c *dstutil.Cursor) bool {
		if replaced || c.Node() != dtarget {
			return !replaced
		}
		x := dtarget.(dst.Expr)
		for i := len(mws) - 1; i >= 0; i-- {
			x = &dst.CallExpr{Fun: mws[i], Args: []dst.Expr{x}}
		}
		// The expression's own comments stay with the wrapped whole.
		w := x.(*dst.CallExpr)
		w.Decs.Start, dtarget.Decorations().Start = dtarget.Decorations().Start, nil
		w.Decs.End, dtarget.Decorations().End = dtarget.Decorations().End, nil
		w.Decs.Before, w.Decs.After = dtarget.Decorations().Before, dtarget.Decorations().After
		dtarget.Decorations().Before, dtarget.Decorations().After = dst.None, dst.None
		c.Replace(x)
		replaced = true
		return false
	}, nil)
	if !replaced {
		return errors.New("the handler expression is not part of the file")
	}
	return nil
}

// declScaffold is Go source to append to a file: declarations written with
// the standard names of their imports and of the names they declare, both
// renamed to what is free in the file when it is added.
type declScaffold struct {
	src     string
	imports []string // import paths; the source qualifies each by its declared name
	names   []string // the top-level names it declares
}

// importName is the name scaffold source uses for path: its last element,
// or the one before a major-version suffix (echo/v4 is echo).
func importName(path string) string {
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && len(last) >= 2 && last[0] == 'v' && isDigits(last[1:]) {
		last = elems[len(elems)-2]
	}
	return last
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// addScaffold appends s's declarations to the package file named file (the
// site's file when file is empty), with free names for what they declare.
// at is where the returned names will be used: they must not be shadowed
// there. It returns the final name of each declared name.
func addScaffold(e *rewrite.Editor, file string, s declScaffold, at token.Pos) (map[string]string, error) {
	var df *dst.File
	var af *ast.File
	var err error
	if file == "" {
		df, err = e.FileAt(at)
	} else {
		df, err = e.File(file)
	}
	if err != nil {
		return nil, err
	}
	pkg := e.Package()
	for _, f := range pkg.Files {
		if e.Dst(f) == dst.Node(df) {
			af = f
		}
	}
	if af == nil {
		return nil, errors.New("the scaffold's file is not part of the package")
	}
	renames := map[string]string{}
	taken := takenNames(pkg, at)
	for _, n := range s.names {
		name := n
		for i := 2; taken[name]; i++ {
			name = n + strconv.Itoa(i)
		}
		taken[name] = true
		renames[n] = name
	}
	qualifiers := map[string]string{}
	for _, path := range s.imports {
		q := e.AddImport(df, path, importName(path))
		if q == "" {
			return nil, fmt.Errorf("scaffold: %s is the package itself", path)
		}
		qualifiers[importName(path)] = q
	}
	decls, err := rewrite.ParseDecls(s.src)
	if err != nil {
		return nil, err
	}
	// Package qualifiers and declared names are renamed everywhere but in
	// the selected name of a selector and a composite literal's field key.
	var rename func(n dst.Node) bool
	rename = func(n dst.Node) bool {
		switch n := n.(type) {
		case *dst.SelectorExpr:
			if id, ok := n.X.(*dst.Ident); ok {
				if q, ok := qualifiers[id.Name]; ok {
					id.Name = q
				} else {
					renameIdent(id, renames)
				}
			} else {
				dst.Inspect(n.X, rename)
			}
			return false
		case *dst.KeyValueExpr:
			if _, isField := n.Key.(*dst.Ident); isField {
				dst.Inspect(n.Value, rename)
				return false
			}
		}
		renameIdent(n, renames)
		return true
	}
	for _, d := range decls {
		dst.Inspect(d, rename)
	}
	renameInComments(decls, renames)
	if len(decls) > 0 {
		decls[0].Decorations().Before = dst.EmptyLine
	}
	df.Decls = append(df.Decls, decls...)
	return renames, nil
}

// renameInComments applies renames to the names the declarations' comments
// mention, so that a renamed helper's doc still names it.
func renameInComments(decls []dst.Decl, renames map[string]string) {
	var olds []string
	for old, n := range renames {
		if old != n {
			olds = append(olds, regexp.QuoteMeta(old))
		}
	}
	if len(olds) == 0 {
		return
	}
	re := regexp.MustCompile(`\b(` + strings.Join(olds, "|") + `)\b`)
	for _, d := range decls {
		dst.Inspect(d, func(n dst.Node) bool {
			if n == nil {
				return false
			}
			for _, decs := range []*dst.Decorations{&n.Decorations().Start, &n.Decorations().End} {
				for i, c := range *decs {
					(*decs)[i] = re.ReplaceAllStringFunc(c, func(m string) string { return renames[m] })
				}
			}
			return true
		})
	}
}

func renameIdent(n dst.Node, renames map[string]string) {
	if id, ok := n.(*dst.Ident); ok {
		if r, ok := renames[id.Name]; ok {
			id.Name = r
		}
	}
}

// takenNames lists the names a new top-level declaration of pkg cannot
// have: the package's own, the files' imports, the predeclared ones, and
// those visible at pos (where the declaration will be referred to).
func takenNames(pkg *rewrite.Package, pos token.Pos) map[string]bool {
	taken := map[string]bool{}
	for _, n := range pkg.Types.Scope().Names() {
		taken[n] = true
	}
	for _, n := range types.Universe.Names() {
		taken[n] = true
	}
	for _, f := range pkg.Files {
		for _, imp := range f.Imports {
			if imp.Name != nil {
				taken[imp.Name.Name] = true
			} else if p, err := strconv.Unquote(imp.Path.Value); err == nil {
				taken[importName(p)] = true
				if pn, ok := pkg.Info.Implicits[imp].(*types.PkgName); ok {
					taken[pn.Name()] = true
				}
			}
		}
	}
	if s := pkg.Types.Scope().Innermost(pos); s != nil {
		for ; s != nil && s != pkg.Types.Scope(); s = s.Parent() {
			for _, n := range s.Names() {
				taken[n] = true
			}
		}
	}
	return taken
}

// expandAll expands templates in the file holding at.
func expandAll(e *rewrite.Editor, at token.Pos, ts []Template) ([]string, error) {
	file, err := e.FileAt(at)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		s, err := t.expand(e, file, nil)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// sitePos is where a site's middleware expressions are evaluated.
func sitePos(site RouterSite) token.Pos {
	if site.Style == RouterWrap {
		return site.Expr
	}
	return site.After
}
