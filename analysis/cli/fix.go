package cli

import (
	"bytes"
	"fmt"
	"go/token"
	"io"
	"os"
	"sort"

	"github.com/aymanbagabas/go-udiff"

	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// fixPlan is the set of preferred fixes that can be applied together: per
// file, non-overlapping edits computed against the bytes that were analysed.
type fixPlan struct {
	result  rewrite.Result
	orig    map[string][]byte
	applied []item // findings whose fix is in the plan
	pending []item // findings with a fix that overlaps an earlier one: the next round's
}

// plan gathers the preferred fix of every finding. A fix whose edits
// overlap an accepted fix's is left for the next round rather than merged.
func plan(run *checkRun) (*fixPlan, error) {
	fset := run.prog.Fset
	p := &fixPlan{orig: map[string][]byte{}}
	edits := map[string][]rewrite.TextEdit{}
	for _, it := range run.items {
		if it.fix == nil {
			continue
		}
		byFile := map[string][]rewrite.TextEdit{}
		for _, te := range it.fix.TextEdits {
			tf := fset.File(te.Pos)
			if tf == nil {
				return nil, fmt.Errorf("fix for %s:%d has an edit outside the analysed files", it.File, it.Line)
			}
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			byFile[tf.Name()] = append(byFile[tf.Name()], rewrite.TextEdit{Start: tf.Offset(te.Pos), End: tf.Offset(end), New: string(te.NewText)})
		}
		if overlapsAny(edits, byFile) {
			p.pending = append(p.pending, it)
			continue
		}
		for name, es := range byFile {
			if _, ok := p.orig[name]; !ok {
				src, err := analysedBytes(fset, name)
				if err != nil {
					return nil, err
				}
				p.orig[name] = src
			}
			edits[name] = append(edits[name], es...)
		}
		p.applied = append(p.applied, it)
	}
	names := make([]string, 0, len(edits))
	for name := range edits {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		es := edits[name]
		sort.Slice(es, func(i, j int) bool { return es[i].Start < es[j].Start })
		p.result = append(p.result, rewrite.FileEdit{Filename: name, Edits: es, Guard: rewrite.GuardOf(p.orig[name])})
	}
	return p, nil
}

// analysedBytes reads name and checks it still has the size and line
// structure of the file that was parsed, so a fix never lands on content
// it was not computed for.
func analysedBytes(fset *token.FileSet, name string) ([]byte, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var tf *token.File
	fset.Iterate(func(f *token.File) bool {
		if f.Name() == name {
			tf = f
			return false
		}
		return true
	})
	if tf == nil || tf.Size() != len(src) || tf.LineCount() != bytes.Count(src, []byte("\n"))+boolInt(len(src) > 0 && src[len(src)-1] != '\n') {
		return nil, fmt.Errorf("file changed since it was analysed: %s (run check again)", name)
	}
	return src, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func overlapsAny(accepted, next map[string][]rewrite.TextEdit) bool {
	for name, es := range next {
		for _, a := range accepted[name] {
			for _, b := range es {
				if a.Start < b.End && b.Start < a.End || a.Start == b.Start {
					return true
				}
			}
		}
	}
	return false
}

// writeDiff prints the plan as unified diffs, paths relative to dir.
func (p *fixPlan) writeDiff(w io.Writer, dir string) error {
	for _, fe := range p.result {
		orig := p.orig[fe.Filename]
		next, err := rewrite.ApplyEdits(orig, fe.Edits)
		if err != nil {
			return err
		}
		rel := relPath(dir, fe.Filename)
		d, err := unifiedDiff("a/"+rel, "b/"+rel, string(orig), string(next))
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, d); err != nil {
			return err
		}
	}
	return nil
}

// unifiedDiff is udiff.Unified with each hunk's start in the new file
// counted from the hunks before it: go-udiff drops the unchanged lines
// inside a hunk from that count, so every hunk after one that joins two
// edits starts at a wrong line.
func unifiedDiff(from, to, old, new string) (string, error) {
	u, err := udiff.ToUnifiedDiff(from, to, old, udiff.Lines(old, new), udiff.DefaultContextLines)
	if err != nil {
		return "", err
	}
	shift := 0 // lines added less lines deleted by the hunks so far
	for _, h := range u.Hunks {
		h.ToLine = h.FromLine + shift
		for _, l := range h.Lines {
			switch l.Kind {
			case udiff.Insert:
				shift++
			case udiff.Delete:
				shift--
			}
		}
	}
	return u.String(), nil
}

// apply writes the plan; rewrite.Apply refuses files changed since.
func (p *fixPlan) apply() error {
	return rewrite.Apply(p.result, os.ReadFile, rewrite.WriteFile)
}

// patternOf names the pattern of a finding's preferred fix.
func patternOf(it item) string {
	for _, f := range it.Fixes {
		if p, ok := patterns.Lookup(f.Pattern); ok && it.fix != nil && p.Title == it.fix.Message {
			return p.ID
		}
	}
	if it.fix != nil {
		return it.fix.Message
	}
	return ""
}
