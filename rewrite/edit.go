package rewrite

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// A TextEdit replaces the bytes [Start, End) of a file's original content
// with New. Offsets are byte offsets, not runes or UTF-16 code units.
type TextEdit struct {
	Start, End int
	New        string
}

// A FileEdit is the change a rewrite makes to one file.
type FileEdit struct {
	// Filename is the file's name as the package's FileSet knows it
	// (normally absolute), or the name of the file to create.
	Filename string
	// Create reports that the file does not exist yet and must be created
	// with NewContent. Edits then holds one insertion at offset 0.
	Create bool
	// Edits turn the original content into NewContent. They are sorted,
	// do not overlap, and are small: only the changed bytes.
	Edits []TextEdit
	// NewContent is the whole file after the edits, gofmt-clean.
	NewContent []byte
	// Guard identifies the original content the edits were computed
	// against; it is empty when Create is set.
	Guard Guard
}

// Result holds the edits of one rewrite, one FileEdit per changed or
// created file, sorted by Filename. An empty Result means nothing changed.
type Result []FileEdit

// Guard is a digest of a file's content; Apply compares it with the content
// found at the time of applying to refuse edits computed for other bytes.
type Guard string

// GuardOf returns the Guard of content.
func GuardOf(content []byte) Guard {
	sum := sha256.Sum256(content)
	return Guard("sha256:" + hex.EncodeToString(sum[:]))
}

// Check reports an error naming filename when current is not the content g
// was computed from.
func (g Guard) Check(filename string, current []byte) error {
	if GuardOf(current) != g {
		return fmt.Errorf("file changed since it was analysed: %s", filename)
	}
	return nil
}

// ApplyEdits returns src with edits applied. Edits must lie inside src, and
// must not overlap; they may come in any order, but two insertions at the
// same offset keep their relative order. ApplyEdits does not modify src.
func ApplyEdits(src []byte, edits []TextEdit) ([]byte, error) {
	sorted := make([]TextEdit, len(edits))
	copy(sorted, edits)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Start != sorted[j].Start {
			return sorted[i].Start < sorted[j].Start
		}
		// An insertion at an offset goes before a replacement starting there.
		return sorted[i].End < sorted[j].End
	})
	var out bytes.Buffer
	out.Grow(len(src))
	last := 0
	for _, e := range sorted {
		if e.Start < 0 || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit [%d,%d) out of range for %d bytes", e.Start, e.End, len(src))
		}
		if e.Start < last {
			return nil, fmt.Errorf("edit [%d,%d) overlaps an earlier edit ending at %d", e.Start, e.End, last)
		}
		out.Write(src[last:e.Start])
		out.WriteString(e.New)
		last = e.End
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}

// Apply writes the changes of result through writeFile after checking, for
// every file, that its current content (read through readFile) is still the
// content the result was computed from, and that files to create do not
// exist yet. It checks all files before writing any, so a stale result
// changes nothing. readFile must return an error satisfying
// errors.Is(err, fs.ErrNotExist) for a missing file; os.ReadFile and
// WriteFile fit.
func Apply(result Result, readFile func(string) ([]byte, error), writeFile func(string, []byte) error) error {
	contents, err := result.Contents(readFile)
	if err != nil {
		return err
	}
	for _, fe := range result {
		if err := writeFile(fe.Filename, contents[fe.Filename]); err != nil {
			return fmt.Errorf("write %s: %w", fe.Filename, err)
		}
	}
	return nil
}

// Contents returns the new content of every file in result, keyed by
// filename, after the same checks Apply makes. It suits overlays: pass it
// to TypeCheckPackages to see the result without writing it.
func (r Result) Contents(readFile func(string) ([]byte, error)) (map[string][]byte, error) {
	out := make(map[string][]byte, len(r))
	for _, fe := range r {
		if _, dup := out[fe.Filename]; dup {
			return nil, fmt.Errorf("result edits %s twice", fe.Filename)
		}
		cur, err := readFile(fe.Filename)
		if fe.Create {
			if err == nil {
				return nil, fmt.Errorf("file to create already exists: %s", fe.Filename)
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("read %s: %w", fe.Filename, err)
			}
			out[fe.Filename] = fe.NewContent
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", fe.Filename, err)
		}
		if err := fe.Guard.Check(fe.Filename, cur); err != nil {
			return nil, err
		}
		next, err := ApplyEdits(cur, fe.Edits)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fe.Filename, err)
		}
		out[fe.Filename] = next
	}
	return out, nil
}

// WriteFile writes data to name, creating missing parent directories and
// keeping the permissions of an existing file (0644 for a new one).
func WriteFile(name string, data []byte) error {
	perm := fs.FileMode(0o644)
	if fi, err := os.Stat(name); err == nil {
		perm = fi.Mode().Perm()
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, perm)
}
