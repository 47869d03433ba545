package sensitive

import (
	"go/ast"
	"go/types"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/prodready/prodready/patterns"
	"github.com/prodready/prodready/rewrite"
)

// fixPlan computes the fixes of a package's findings once, on first use:
// while analysing when fixes are eager, else when FixSites is called.
type fixPlan struct {
	once sync.Once
	pkg  *rewrite.Package
	m    *matcher
	dto  *patterns.DTOPlan
}

func (r *Result) init(pass *analysis.Pass, m *matcher) {
	r.fixPlan.pkg = patterns.PassPackage(pass)
	r.fixPlan.m = m
}

// FixSites returns one site per finding with the patterns that apply to
// it, preferred first: dto/response-struct, then dto/omit-field when every
// exposed field is declared in the analysed package.
func (r *Result) FixSites() []patterns.Site {
	sites := make([]patterns.Site, 0, len(r.Findings))
	for _, f := range r.Findings {
		sites = append(sites, patterns.Site{Rule: Rule, Pos: f.Value.Pos(), End: f.Value.End(), Fixes: r.fixes(f)})
	}
	return sites
}

// fixes returns the fixes of f, preferred first.
func (r *Result) fixes(f *Finding) []patterns.Fix {
	p := &r.fixPlan
	if p.pkg == nil {
		return nil
	}
	p.once.Do(func() {
		values := make([]ast.Expr, len(r.Findings))
		for i, f := range r.Findings {
			values[i] = f.Value
		}
		p.dto = patterns.PlanDTOs(p.pkg, values, p.secretFields)
	})
	var out []patterns.Fix
	if fix, err := p.dto.Fix(f.Value); err == nil {
		out = append(out, fix)
	}
	fields := make([]*types.Var, 0, len(f.Secrets))
	seen := make(map[*types.Var]bool)
	for _, s := range f.Secrets {
		if !seen[s.Field] {
			seen[s.Field] = true
			fields = append(fields, s.Field)
		}
	}
	if fix, err := patterns.OmitFieldFix(p.pkg, fields); err == nil {
		out = append(out, fix)
	}
	return out
}

// canonicalFixes moves every pure insertion of fixes to the leftmost
// offset that gives the same text. The fixes of one package insert the same
// declarations at the same place, and drivers that apply all fixes at once
// (go vet -fix, golangci-lint --fix, analysistest) coalesce identical edits
// only; a text diff may place an insertion whose text ends like the text
// before it anywhere along that common run, differently in two fixes.
func canonicalFixes(pass *analysis.Pass, fixes []analysis.SuggestedFix) {
	for i := range fixes {
		edits := fixes[i].TextEdits
		for j := range edits {
			e := &edits[j]
			if e.Pos != e.End || len(e.NewText) == 0 {
				continue
			}
			tf := pass.Fset.File(e.Pos)
			src, err := pass.ReadFile(tf.Name())
			if err != nil || tf.Size() != len(src) {
				continue
			}
			lo := 0
			for k := range edits {
				if k != j && edits[k].End <= e.Pos && tf.Offset(edits[k].End) > lo {
					lo = tf.Offset(edits[k].End)
				}
			}
			off, text := canonicalInsertion(src, tf.Offset(e.Pos), string(e.NewText), lo)
			e.Pos, e.End, e.NewText = tf.Pos(off), tf.Pos(off), []byte(text)
		}
	}
}

// canonicalInsertion slides the insertion of text at off in src left, not
// past lo, while the byte before it equals text's last byte.
func canonicalInsertion(src []byte, off int, text string, lo int) (int, string) {
	for off > lo && len(text) > 0 && src[off-1] == text[len(text)-1] {
		text = string(src[off-1]) + text[:len(text)-1]
		off--
	}
	return off, text
}

// canonicalEdits is canonicalFixes for rewrite edits of src.
func canonicalEdits(src []byte, edits []rewrite.TextEdit) []rewrite.TextEdit {
	out := append([]rewrite.TextEdit(nil), edits...)
	for j := range out {
		e := &out[j]
		if e.Start != e.End || e.New == "" {
			continue
		}
		lo := 0
		for k := range out {
			if k != j && out[k].End <= e.Start && out[k].End > lo {
				lo = out[k].End
			}
		}
		e.Start, e.New = canonicalInsertion(src, e.Start, e.New, lo)
		e.End = e.Start
	}
	return out
}

// secretFields lists the secret fields a value of type t exposes.
func (p *fixPlan) secretFields(t types.Type) []*types.Var {
	var out []*types.Var
	for _, s := range p.m.secrets(t, "") {
		out = append(out, s.Field)
	}
	return out
}
