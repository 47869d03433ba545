package authn_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/prodready/prodready/analysis/authn"
	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// workspace is a copy of a fixture tree that can be loaded and analysed.
type workspace struct {
	root string   // the copied tree
	dir  string   // where packages are loaded from
	env  []string // GOPATH mode or module mode
	pats []string
}

// gopathWorkspace copies testdata/src to a temporary GOPATH.
func gopathWorkspace(t *testing.T, pats ...string) *workspace {
	root := t.TempDir()
	copyTree(t, filepath.Join("testdata", "src"), filepath.Join(root, "src"))
	return &workspace{root: root, dir: filepath.Join(root, "src"), env: append(os.Environ(), "GOPATH="+root, "GO111MODULE=off", "GOPROXY=off"), pats: pats}
}

// moduleWorkspace copies a module to a temporary directory.
func moduleWorkspace(t *testing.T, from string, pats ...string) *workspace {
	root := t.TempDir()
	copyTree(t, from, root)
	return &workspace{root: root, dir: root, env: append(os.Environ(), "GO111MODULE=on", "GOPROXY=off", "GOFLAGS=-mod=mod"), pats: pats}
}

// clone copies the workspace's tree, to apply one fix to.
func (w *workspace) clone(t *testing.T) *workspace {
	c := *w
	c.root = t.TempDir()
	copyTree(t, w.root, c.root)
	rel, _ := filepath.Rel(w.root, w.dir)
	c.dir = filepath.Join(c.root, rel)
	for i, e := range c.env {
		if strings.HasPrefix(e, "GOPATH=") && strings.TrimPrefix(e, "GOPATH=") == w.root {
			c.env = append(append([]string(nil), c.env[:i]...), "GOPATH="+c.root)
			c.env = append(c.env, w.env[i+1:]...)
			break
		}
	}
	return &c
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if strings.HasSuffix(path, ".golden") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// analysis is one load and run of the analyzer.
type analysisRun struct {
	pkgs     map[string]*packages.Package
	findings map[string][]authn.Finding // by reporting package
	diags    map[string]int             // SuggestedFixes per finding key
	fixes    map[string]int
}

func (w *workspace) analyse(t *testing.T) *analysisRun {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: w.dir, Env: w.env}
	pkgs, err := packages.Load(cfg, w.pats...)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		t.Fatalf("the code does not type-check:\n%s", strings.Join(errs, "\n"))
	}
	g, err := checker.Analyze([]*analysis.Analyzer{authn.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatalf("analyze: %v", err)
	}
	run := &analysisRun{pkgs: map[string]*packages.Package{}, findings: map[string][]authn.Finding{}, diags: map[string]int{}}
	packages.Visit(pkgs, nil, func(p *packages.Package) { run.pkgs[p.PkgPath] = p })
	for _, act := range g.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		res := act.Result.(*authn.Findings)
		if len(res.FixSites()) != len(res.List) {
			t.Errorf("%s: FixSites has %d sites for %d findings", act, len(res.FixSites()), len(res.List))
		}
		run.findings[act.Package.PkgPath] = res.List
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) > 1 {
				t.Errorf("%s: %d SuggestedFixes on one diagnostic, want at most one", act.Package.Fset.Position(d.Pos), len(d.SuggestedFixes))
			}
			run.diags[act.Package.PkgPath+" "+act.Package.Fset.Position(d.Pos).String()] = len(d.SuggestedFixes)
		}
	}
	return run
}

// key names a finding stably across loads: reporting package and route.
func key(pkg string, f authn.Finding) string { return pkg + ": " + f.Route.String() }

func (r *analysisRun) keys() map[string]bool {
	out := map[string]bool{}
	for pkg, list := range r.findings {
		for _, f := range list {
			out[key(pkg, f)] = true
		}
	}
	return out
}

// fixCase is one fix of one finding.
type fixCase struct {
	key     string
	finding authn.Finding
	index   int
}

func (r *analysisRun) cases() []fixCase {
	var out []fixCase
	for pkg, list := range r.findings {
		for _, f := range list {
			for i := range f.Site.Fixes {
				out = append(out, fixCase{key(pkg, f), f, i})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].key != out[j].key {
			return out[i].key < out[j].key
		}
		return out[i].index < out[j].index
	})
	return out
}

// apply applies one fix to its package, checks the printed result, and
// returns the new contents by path relative to the workspace root.
func (w *workspace) apply(t *testing.T, run *analysisRun, c fixCase) map[string][]byte {
	t.Helper()
	fix := c.finding.Site.Fixes[c.index]
	target := run.pkgs[c.finding.Packages[c.index]]
	if target == nil {
		t.Fatalf("%s: fix %s targets unknown package %q", c.key, fix.Pattern.ID, c.finding.Packages[c.index])
	}
	pkg := &rewrite.Package{Fset: target.Fset, Files: target.Syntax, Types: target.Types, Info: target.TypesInfo, ReadFile: os.ReadFile}
	res, err := rewrite.Rewrite(pkg, fix.Apply)
	if err != nil {
		t.Fatalf("%s: %s: %v", c.key, fix.Pattern.ID, err)
	}
	if len(res) == 0 {
		t.Fatalf("%s: %s changes nothing", c.key, fix.Pattern.ID)
	}
	contents, err := res.Contents(os.ReadFile)
	if err != nil {
		t.Fatalf("%s: %s: %v", c.key, fix.Pattern.ID, err)
	}
	out := map[string][]byte{}
	for _, fe := range res {
		name := fe.Filename
		data := contents[name]
		if !rewrite.GofmtStable(data) {
			t.Errorf("%s: %s: %s is not gofmt-stable", c.key, fix.Pattern.ID, name)
		}
		if !fe.Create {
			old, _ := os.ReadFile(name)
			if lost := rewrite.CommentsKept(old, data); len(lost) > 0 {
				t.Errorf("%s: %s: %s lost comments %q", c.key, fix.Pattern.ID, name, lost)
			}
		} else if fix.Pattern != patterns.ScaffoldMiddleware {
			t.Errorf("%s: %s creates %s", c.key, fix.Pattern.ID, name)
		}
		rel, err := filepath.Rel(w.root, name)
		if err != nil || strings.HasPrefix(rel, "..") {
			t.Fatalf("%s: %s writes %s outside the workspace", c.key, fix.Pattern.ID, name)
		}
		out[rel] = data
	}
	return out
}

// checkEveryFix applies every alternative of every finding in its own copy
// of the workspace, and checks the result type-checks, is gofmt-stable,
// keeps its comments, clears the finding, and raises no other.
func checkEveryFix(t *testing.T, w *workspace, wantCases int) {
	before := w.analyse(t)
	cases := before.cases()
	if len(cases) != wantCases {
		var names []string
		for _, c := range cases {
			names = append(names, c.key+" "+c.finding.Site.Fixes[c.index].Pattern.ID)
		}
		t.Errorf("got %d fixes, want %d:\n%s", len(cases), wantCases, strings.Join(names, "\n"))
	}
	was := before.keys()
	for _, c := range cases {
		id := c.finding.Site.Fixes[c.index].Pattern.ID
		t.Run(c.key+" "+id, func(t *testing.T) {
			changed := w.apply(t, before, c)
			after := w.clone(t)
			for rel, data := range changed {
				if err := rewrite.WriteFile(filepath.Join(after.root, rel), data); err != nil {
					t.Fatal(err)
				}
			}
			run := after.analyse(t) // fails unless everything type-checks
			now := run.keys()
			if now[c.key] {
				t.Errorf("the finding is still reported after %s", id)
			}
			for k := range now {
				if !was[k] {
					t.Errorf("new finding after %s: %s", id, k)
				}
			}
		})
	}
}

func TestEveryFixIsSafe(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and analyses the fixtures once per fix")
	}
	w := gopathWorkspace(t, "a", "app", "authr", "mwonly", "bare", "viamain", "helper")
	// a: 4 wrap-route; app: 1 middleware; authr: 4 require-user + 6
	// middleware; mwonly: 3 wrap-route; bare: 1 middleware; viamain: 1
	// require-user + 1 middleware; helper: 1 require-user + 1 middleware.
	checkEveryFix(t, w, 4+1+4+6+3+1+2+2)
}

func TestEveryFrameworkFixIsSafe(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and analyses the fixtures once per fix")
	}
	w := moduleWorkspace(t, filepath.Join("testdata", "fw"), "./...")
	// chiapp 2, gorillaapp 2, echoapp 2 wrap-route; ginapp 2 × (require-user,
	// wrap-route); chibare, ginbare, echobare 1 middleware each.
	checkEveryFix(t, w, 2+2+2+4+3)
}

// TestExampleLookupUser fixes the deliberate missing-auth finding of the
// example module (GET /users/lookup, registered in internal/api and mounted
// by cmd/server) with each of its patterns, in the project's own idiom.
func TestExampleLookupUser(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and analyses the example once per fix")
	}
	w := moduleWorkspace(t, filepath.Join("..", "..", "testdata", "example"), "./...")
	before := w.analyse(t)
	cases := before.cases()
	want := map[string]string{
		"auth/require-user": "\tif _, ok := s.auth.Authenticate(r); !ok {\n\t\thttputil.WriteError(w, http.StatusUnauthorized, \"invalid or expired token\")\n\t\treturn\n\t}\n",
		"auth/wrap-route":   `mux.Handle("GET /users/lookup", s.auth.RequireUser(http.HandlerFunc(s.lookupUser)))`,
	}
	if len(cases) != len(want) {
		t.Fatalf("got %d fixes, want %d (%v)", len(cases), len(want), cases)
	}
	for _, c := range cases {
		if c.key != "example.com/taskapi/cmd/server: GET /users/lookup" {
			t.Errorf("unexpected finding %s", c.key)
		}
		if c.finding.Site.Package != "example.com/taskapi/internal/api" {
			t.Errorf("Site.Package = %q, want the api package", c.finding.Site.Package)
		}
		id := c.finding.Site.Fixes[c.index].Pattern.ID
		changed := w.apply(t, before, c)
		overlay := map[string][]byte{}
		found := false
		for rel, data := range changed {
			overlay[filepath.Join(w.root, rel)] = data
			found = found || strings.Contains(string(data), want[id])
		}
		if !found {
			t.Errorf("%s: no file holds %q", id, want[id])
		}
		if err := rewrite.TypeCheckPackages(w.dir, overlay, "./..."); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	checkEveryFix(t, w, len(want))
}
