// Package rewrite is prodready's rewriting engine: Rewrite hands a
// transformation an Editor over a type-checked Package, prints the files it
// changed or created, and returns a Result of minimal byte-offset TextEdits
// per file, which Apply writes only where the files still hold the bytes
// they were computed from.
//
// It knows nothing of analyzers, patterns or editors; the pattern catalog
// builds on it.
//
// # Editing
//
// A transformation edits github.com/dave/dst trees, which keep every
// comment attached to its node:
//
//	res, err := rewrite.Rewrite(pkg, func(e *rewrite.Editor) error {
//		f, err := e.File(filename)     // decorated on first use
//		if err != nil {
//			return err
//		}
//		fn := e.Dst(handlerDecl).(*dst.FuncDecl) // go/ast -> dst
//		auth := e.AddImport(f, "example.com/app/auth", "auth")
//		guard, err := rewrite.ParseStmts(auth + ".Require(r)")
//		if err != nil {
//			return err
//		}
//		fn.Body.List = append(guard, fn.Body.List...)
//		return nil
//	})
//
// Editor.Dst and Editor.Ast map between the type-checked go/ast nodes and
// their dst counterparts, in any file of the package; Editor.TypeOf and
// Editor.ObjectOf answer type questions about dst nodes that came from the
// original code (nodes the transformation builds have no types).
// Editor.NewFile starts a file to create, beside the package or in a new
// directory. Any file of the package can be edited, not only the one where
// a finding was reported.
//
// # Imports
//
// The engine decorates without dst's import management: selector
// expressions stay selector expressions, and qualifiers are plain names.
// Editor.AddImport returns the name to qualify a package with in a file,
// adding the import when needed: it reuses the file's existing import and
// the alias the package's other files give the path, avoids every name the
// file or package already uses, and inserts the spec into the matching
// blank-line-separated group, so a project's grouping survives (dst's own
// import manager re-sorts the whole block into two groups). After the
// transformation, imports it left unused are removed; blank, dot and "C"
// imports, and imports the original already left unused, stay.
//
// # Printing and edits
//
// Each file the transformation obtained is restored and passed through
// format.Source, so results are gofmt-clean; output that does not parse is
// an error naming the file and showing the lines around the problem.
// Untouched parts print byte for byte as they were (tests check this on a
// file with comments in every position), so diffing the original bytes
// with the new ones (github.com/aymanbagabas/go-udiff) gives edits around
// the change only. Files that print unchanged are left out of the Result;
// a file that was not gofmt-clean and that the transformation did not
// change is not reformatted. Offsets are bytes into Package.Src, never
// runes or UTF-16 units; converting for LSP is the language server's job,
// and an analyzer turns them into token.Pos with (*token.File).Pos.
//
// # Safety
//
// Every FileEdit of an existing file carries the Guard (a SHA-256 digest)
// of the bytes it was computed from. Apply checks all files before writing
// any and refuses with "file changed since it was analysed: NAME" when the
// content differs, or when a file to create exists. ApplyEdits applies
// edits to bytes and rejects overlapping or out-of-range edits.
//
// # Verification
//
// Pattern tests check their results with TypeCheck (one package, any
// importer, by default one that sees the new contents), TypeCheckPackages
// (packages of a module through go/packages with Result.Contents as an
// overlay, new directories included), GofmtStable and CommentsKept. Load
// builds Packages from a directory for tests and tools.
package rewrite
