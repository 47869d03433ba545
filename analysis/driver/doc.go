// Package driver loads Go packages and runs go/analysis analyzers over them,
// Facts included: Load returns a Program, Program.Run a Result, and
// Program.Update with Result.Rerun redo only what an edit affects. The CLI
// (prodready check, prodready routes) and the language server both use it.
//
// # Loading
//
// Load type-checks from source, with syntax, the packages matching the
// patterns and every package of the main module(s) they import, directly or
// not; the standard library and third-party modules come from the export
// data the go command's build cache holds. It runs the go command twice
// through golang.org/x/tools/go/packages and type-checks the rest itself:
//
//  1. go list -deps -compiled (packages.NeedName|NeedFiles|NeedCompiledGoFiles|
//     NeedImports|NeedDeps|NeedModule|NeedTypesSizes): the import graph, no
//     types, nothing compiled. The source packages are the matched ones and
//     the main-module packages they reach.
//  2. go list -export (NeedName|NeedExportFile) of the other packages the
//     source packages import: their export data. The go command builds them
//     once into its cache; it never compiles the source packages, so an edit
//     or a type error in the workspace costs no compilation.
//  3. Parse (with overlays) and type-check the source packages with go/types,
//     in parallel in dependency order, importing source packages from each
//     other and the rest from export data through one shared map, so a type
//     is one object across the program.
//
// Why not go/packages alone: with NeedDeps it type-checks the standard
// library from source (measured below: 2-4x slower, 28x the memory); without
// NeedDeps it type-checks only the matched packages from source, so a
// main-module dependency outside the patterns (prodready check ./api, which
// imports ./store) would come from export data and export no facts; it also
// runs go list -export, which compiles the workspace's own packages, and it
// cannot re-check one package after an edit, which the language server
// needs (Update). Owning step 3 gives all three.
//
// Measured on a module from testdata/gen (200 handlers, 6 packages, 7.4k
// lines; 2 shared cores, so wall times vary by ±50% between runs; warm
// build cache), per load:
//
//	packages.Load, no NeedDeps (BenchmarkLoad)    1.1-1.9 s   21.6 MB   236k allocs
//	packages.Load with NeedDeps (…AllSource)      2.6-4.3 s  596.6 MB  6302k allocs
//	Load (BenchmarkDriverLoad)                    0.7-1.7 s   20.7 MB   222k allocs
//	Load + Run, trivial analyzer                  1.1-1.9 s   20.7 MB   223k allocs
//	Update of the router + Rerun                  5-14 ms      0.8 MB    11k allocs
//
// and on 3000 handlers (28 packages, 109k lines), 3 loads each:
//
//	packages.Load, no NeedDeps                    40.2 s    246 MB    2650k allocs
//	packages.Load with NeedDeps                   25.0 s    821 MB    8716k allocs
//	Load                                           4.6 s    234 MB    2488k allocs
//	Load + Run, trivial analyzer                   3.4 s    234 MB    2489k allocs
//	Update of the router + Rerun                   0.13 s    11 MB     140k allocs
//
// (the 40 s of plain go/packages are mostly go list -export compiling the
// module's own packages on the first load of a fresh directory — what every
// edit costs it again). Wall time is dominated by the go command; the type-checking itself is a
// small part, which is why Update, which does not run the go command, is
// two orders of magnitude faster than Load.
//
// Packages with list, parse or type errors are kept with their errors
// (Program.Errors, packages.Package.Errors); the CLI turns them into exit
// code 2, the language server into a log line.
//
// # Analysis
//
// Run runs the analyzers and their Requires on the matched packages, and
// the analyzers that declare FactTypes (with their Requires) on the source
// dependencies, so facts reach the matched packages; a package starts when
// its source dependencies are done, and within a package each analyzer
// starts when those it requires are done, at most GOMAXPROCS analyzers at a
// time across the run; the results do not depend on the schedule. On a
// package with errors, or whose dependency has errors
// (packages.Package.IllTyped), only analyzers with
// RunDespiteErrors run; the others are listed in Result.Skipped with the
// reason. A panic in an analyzer becomes a Result.Errors entry with the
// stack, and analyzers requiring it are skipped.
//
// Facts are stored per exporting package, keyed by the object's
// objectpath.Path (golang.org/x/tools/go/types/objectpath) and the fact's
// type, so they outlive a re-type-check of the package that uses them. A
// package sees the facts of itself and of the source packages it imports,
// directly or not, and no others. Facts on objects without an object path
// (locals of function bodies) are visible within their package only.
// Packages loaded from export data have no facts.
//
// Pass.ReadFile reads overlays first and only the package's own files.
// Diagnostics are collected per package and analyzer; Result.Diagnostics
// returns those of the matched packages sorted by position, and
// Result.ResultOf an analyzer's result on one package.
//
// # Incremental analysis
//
// Program.Update takes new file contents and returns a new Program in which
// the packages holding them are parsed and type-checked again (new
// *packages.Package values). Result.Rerun analyses such a Program, reusing
// the outcome — facts, results, diagnostics — of every package whose
// inputs did not change. An edit that changes what the go command would
// report (a new import, a new file, another package clause) makes Update
// return ErrNeedLoad; the caller loads again.
//
// Dependents of an edited package are spared by early cutoff, at two
// levels. Types: after a package is type-checked, its export data (every
// exported declaration and the types it reaches, with each declaration's
// file, line and column) is hashed; a dependent whose visible source
// packages all hash as they did when it was type-checked keeps its types
// (Update shares its *packages.Package), else it is type-checked again.
// Facts: after a package is analysed, its exported facts are hashed, with
// positions as file, line and column; a dependent that kept its types and
// whose visible source packages' facts all hash as those its analysis
// read keeps its outcome. When facts changed but types did not, Rerun
// type-checks the dependent again before analysing it (Result.Program is
// then newer than the Program passed to Rerun): an analysis always sees
// one version of each dependency, its types and facts together. An edit
// inside a function body usually changes neither hash; one that moves a
// later declaration to another line or column (a new line above it)
// changes the export hash, so its package's dependents are checked and
// analysed again.
//
// Invariant: a kept outcome holds types.Objects of the dependency
// versions it was computed against, and token.Pos values in their files,
// which are parsed into new token.Files when a package is checked again.
// Every position it can hold there — of a declaration, through types, or
// in a fact — has the same file, line and column in the current parse, and
// objects of the old version have the same object paths. So facts, keyed
// by object path, still resolve; Program.Current maps such positions to
// the current parse (consumers that convert positions through a
// token.File — the language server's mapper, route naming — call it);
// fixes computed later from a kept outcome edit only the kept package's
// own files, which were not parsed again. A package with errors or with
// //line directives has no export hash, so its dependents are always
// checked again.
//
// Limits: export data of a third-party package that refers back to a
// main-module package (a module cycle) would give two copies of that
// package's types; the generated main package of a test binary is not
// analysed.
package driver
