package driver

import (
	"fmt"
	"go/types"
	"reflect"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// factKey names a fact within one package's store: the object's path from
// its package scope ("" for a package fact) and the fact's type. The
// package is the store's; so facts are keyed by (package path, object
// path, type) and survive a re-type-check of the package, which makes new
// types.Objects but the same object paths.
type factKey struct {
	obj objectpath.Path
	typ reflect.Type
}

// factStore holds the facts one package's analysis exported.
type factStore struct {
	mu    sync.Mutex
	facts map[factKey]analysis.Fact
	// local holds facts on objects without an object path (objects local
	// to a function body): visible within the package only, as in other
	// drivers, since no importer can name them.
	local map[localKey]analysis.Fact
}

type localKey struct {
	obj types.Object
	typ reflect.Type
}

func newFactStore() *factStore {
	return &factStore{facts: map[factKey]analysis.Fact{}, local: map[localKey]analysis.Fact{}}
}

func (s *factStore) get(k factKey) (analysis.Fact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.facts[k]
	return f, ok
}

// objectPaths caches, for one type-checked package, the object paths of
// its objects and the objects of paths, for every analysis that reads or
// writes facts about them: computing a method's path scans the package.
type objectPaths struct {
	pkg   *types.Package
	mu    sync.Mutex
	enc   objectpath.Encoder
	paths map[types.Object]objectpath.Path // "" for an object without a path
	objs  map[objectpath.Path]types.Object // nil for a path that names nothing
}

func newObjectPaths(pkg *types.Package) *objectPaths {
	return &objectPaths{pkg: pkg, paths: map[types.Object]objectpath.Path{}, objs: map[objectpath.Path]types.Object{}}
}

// path returns the object path of obj, an object of c's package.
func (c *objectPaths) path(obj types.Object) (objectpath.Path, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.paths[obj]
	if !ok {
		p, _ = c.enc.For(obj) // "" on error: no path
		c.paths[obj] = p
	}
	return p, p != ""
}

// object returns the object of c's package that p names, or nil.
func (c *objectPaths) object(p objectpath.Path) types.Object {
	c.mu.Lock()
	defer c.mu.Unlock()
	obj, ok := c.objs[p]
	if !ok {
		obj = objectOf(c.pkg, p)
		c.objs[p] = obj
	}
	return obj
}

// factView is one analyzer's access to facts while it analyses one package:
// its own package's store, writable, and the stores of the packages the
// package imports, directly or not, read-only.
type factView struct {
	a        *analysis.Analyzer
	n        *node
	own      *factStore
	deps     map[*node]*pkgState
	declared map[reflect.Type]bool
	// imported memoises lookups of facts about the objects of other
	// packages, whose stores are final: analyzers ask about the same
	// callees at every call.
	mu       sync.Mutex
	imported map[localKey]analysis.Fact // nil for a fact not there
}

func (v *factView) checkType(f analysis.Fact) reflect.Type {
	t := reflect.TypeOf(f)
	if !v.declared[t] {
		panic(fmt.Sprintf("analyzer %s uses fact type %v, which it does not declare in FactTypes", v.a.Name, t))
	}
	return t
}

// path returns the object path of obj, an object of this package or of
// a source package it imports: those have the types this package's
// analysis sees (see Rerun), so their caches answer.
func (v *factView) path(obj types.Object) (objectpath.Path, bool) {
	if owner := v.n.visible[obj.Pkg().Path()]; owner != nil && owner.paths != nil && owner.paths.pkg == obj.Pkg() {
		return owner.paths.path(obj)
	}
	p, err := new(objectpath.Encoder).For(obj)
	return p, err == nil
}

// storeFor returns the store of the package that owns facts about pkg, if
// that package is this one or one it imports from source.
func (v *factView) storeFor(pkg *types.Package) *factStore {
	if pkg == nil {
		return nil
	}
	owner := v.n.visible[pkg.Path()]
	switch {
	case owner == nil:
		return nil
	case owner == v.n:
		return v.own
	}
	if st := v.deps[owner]; st != nil {
		return st.facts
	}
	return nil
}

func (v *factView) importObjectFact(obj types.Object, ptr analysis.Fact) bool {
	t := v.checkType(ptr)
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	var f analysis.Fact
	if obj.Pkg().Path() == v.n.pkg.PkgPath {
		f = v.lookup(obj, t) // this pass may still export it: not memoised
	} else {
		k := localKey{obj, t}
		v.mu.Lock()
		var seen bool
		if f, seen = v.imported[k]; !seen {
			f = v.lookup(obj, t)
			if v.imported == nil {
				v.imported = map[localKey]analysis.Fact{}
			}
			v.imported[k] = f
		}
		v.mu.Unlock()
	}
	if f != nil {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return f != nil
}

// lookup returns the fact of type t about obj, or nil.
func (v *factView) lookup(obj types.Object, t reflect.Type) analysis.Fact {
	store := v.storeFor(obj.Pkg())
	if store == nil {
		return nil
	}
	if p, has := v.path(obj); has {
		f, _ := store.get(factKey{p, t})
		return f
	}
	if store != v.own {
		return nil
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	return store.local[localKey{obj, t}]
}

func (v *factView) exportObjectFact(obj types.Object, f analysis.Fact) {
	t := v.checkType(f)
	if obj.Pkg() != v.n.pkg.Types {
		panic(fmt.Sprintf("analyzer %s exported a fact about %s, which is not in package %s", v.a.Name, obj, v.n.pkg.PkgPath))
	}
	v.own.mu.Lock()
	defer v.own.mu.Unlock()
	if p, ok := v.path(obj); ok {
		v.own.facts[factKey{p, t}] = f
	} else {
		v.own.local[localKey{obj, t}] = f
	}
}

func (v *factView) importPackageFact(pkg *types.Package, ptr analysis.Fact) bool {
	t := v.checkType(ptr)
	store := v.storeFor(pkg)
	if store == nil {
		return false
	}
	f, ok := store.get(factKey{"", t})
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}

func (v *factView) exportPackageFact(f analysis.Fact) {
	t := v.checkType(f)
	v.own.mu.Lock()
	v.own.facts[factKey{"", t}] = f
	v.own.mu.Unlock()
}

// visibleStore is a package whose facts an analysis sees.
type visibleStore struct {
	pkg   *types.Package
	paths *objectPaths
	store *factStore
}

// visibleStores lists this package and its source dependencies with their
// stores, sorted by package path so the fact lists are deterministic.
func (v *factView) visibleStores() []visibleStore {
	var out []visibleStore
	for _, path := range sortedKeys(v.n.visible) {
		owner := v.n.visible[path]
		if s := v.storeFor(owner.pkg.Types); s != nil {
			paths := owner.paths
			if paths == nil || paths.pkg != owner.pkg.Types {
				paths = newObjectPaths(owner.pkg.Types)
			}
			out = append(out, visibleStore{owner.pkg.Types, paths, s})
		}
	}
	return out
}

func (v *factView) allObjectFacts() []analysis.ObjectFact {
	var out []analysis.ObjectFact
	for _, vs := range v.visibleStores() {
		vs.store.mu.Lock()
		keys := make([]factKey, 0, len(vs.store.facts))
		for k := range vs.store.facts {
			if k.obj != "" && v.declared[k.typ] {
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].obj != keys[j].obj {
				return keys[i].obj < keys[j].obj
			}
			return keys[i].typ.String() < keys[j].typ.String()
		})
		for _, k := range keys {
			if obj := vs.paths.object(k.obj); obj != nil {
				out = append(out, analysis.ObjectFact{Object: obj, Fact: vs.store.facts[k]})
			}
		}
		if vs.store == v.own {
			var local []analysis.ObjectFact
			for k, f := range vs.store.local {
				if v.declared[k.typ] {
					local = append(local, analysis.ObjectFact{Object: k.obj, Fact: f})
				}
			}
			sort.Slice(local, func(i, j int) bool { return local[i].Object.Pos() < local[j].Object.Pos() })
			out = append(out, local...)
		}
		vs.store.mu.Unlock()
	}
	return out
}

func (v *factView) allPackageFacts() []analysis.PackageFact {
	var out []analysis.PackageFact
	for _, vs := range v.visibleStores() {
		vs.store.mu.Lock()
		var facts []analysis.PackageFact
		for k, f := range vs.store.facts {
			if k.obj == "" && v.declared[k.typ] {
				facts = append(facts, analysis.PackageFact{Package: vs.pkg, Fact: f})
			}
		}
		vs.store.mu.Unlock()
		sort.Slice(facts, func(i, j int) bool {
			return reflect.TypeOf(facts[i].Fact).String() < reflect.TypeOf(facts[j].Fact).String()
		})
		out = append(out, facts...)
	}
	return out
}
