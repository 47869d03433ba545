// Package suppress reads suppression comments from Go files into an Index,
// answers whether a finding is suppressed, and reports the suppressions
// that are themselves wrong as Problems.
//
// Two forms are honoured, each on the finding's line or alone on the line
// above it:
//
//	//prodready:ignore missing-auth,no-rate-limit served only inside the VPN
//	//nolint:prodready // optional reason
//
// A //prodready:ignore names one or more rule IDs, separated by commas, and
// must give a reason. //nolint is golangci-lint's syntax, honoured so that
// teams need only one: it applies when it names prodready or all, or names
// no linter at all. A //prodready:ignore without a reason still suppresses,
// so that the only complaint is the missing reason.
package suppress

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strings"

	"github.com/prodready/prodready/analysis/rules"
)

// Problem is a suppression comment that is wrong: malformed, without a
// reason, naming an unknown rule, or suppressing nothing.
type Problem struct {
	Pos, End token.Pos // the comment
	Position token.Position
	Rule     string // always rules.InvalidSuppression
	Message  string
}

// Index holds the suppression comments of a set of files.
type Index struct {
	byFile   map[string][]*directive
	problems []Problem // found while parsing
}

// directive is one suppression comment.
type directive struct {
	pos, end token.Pos
	position token.Position
	ownLine  bool     // alone on its line: it covers the next line too
	nolint   bool     // a //nolint comment covering every rule
	explicit bool     // a //nolint naming prodready, whose disuse is reported
	rules    []string // the known rules a //prodready:ignore names
	used     map[string]bool
}

const ignorePrefix = "//prodready:ignore"

var (
	// ruleList splits the text after //prodready:ignore into the rule list
	// (commas, optionally with spaces around them) and the reason.
	ruleList = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)(?:\s*,)?(.*)$`)
	// spacedDirective matches a directive that a space after // disables.
	spacedDirective = regexp.MustCompile(`^//\s+prodready:`)
)

// Parse collects the suppression comments of files, which fset positions.
func Parse(fset *token.FileSet, files []*ast.File) *Index {
	idx := &Index{byFile: make(map[string][]*directive)}
	for _, f := range files {
		var code map[int]int // computed on the first directive only
		for _, group := range f.Comments {
			for _, c := range group.List {
				if !mayBeDirective(c.Text) {
					continue
				}
				if code == nil {
					code = codeColumns(fset, f)
				}
				idx.add(fset, c, code)
			}
		}
	}
	return idx
}

func mayBeDirective(text string) bool {
	return strings.HasPrefix(text, "//prodready:") || strings.HasPrefix(text, "//nolint") ||
		spacedDirective.MatchString(text)
}

func (idx *Index) add(fset *token.FileSet, c *ast.Comment, code map[int]int) {
	position := fset.Position(c.Pos())
	d := &directive{
		pos:      c.Pos(),
		end:      c.End(),
		position: position,
		used:     make(map[string]bool),
	}
	first, hasCode := code[position.Line]
	d.ownLine = !hasCode || first >= position.Column
	problem := func(format string, args ...any) {
		idx.problems = append(idx.problems, Problem{
			Pos: c.Pos(), End: c.End(), Position: position,
			Rule: rules.InvalidSuppression, Message: fmt.Sprintf(format, args...),
		})
	}

	text := c.Text
	switch {
	case strings.HasPrefix(text, "//nolint"):
		if !parseNolint(d, strings.TrimPrefix(text, "//nolint")) {
			return
		}
	case spacedDirective.MatchString(text):
		problem("a space after // turns %q into an ordinary comment; write //prodready:ignore", text)
		return
	case text == ignorePrefix || strings.HasPrefix(text, ignorePrefix+" ") || strings.HasPrefix(text, ignorePrefix+"\t"):
		rest := strings.TrimPrefix(text, ignorePrefix)
		m := ruleList.FindStringSubmatch(rest)
		if m == nil {
			problem("//prodready:ignore names no rule; write //prodready:ignore <rule>[,<rule>] <reason>")
			return
		}
		for id := range strings.SplitSeq(m[1], ",") {
			id = strings.TrimSpace(id)
			if _, ok := rules.Lookup(id); !ok {
				problem("//prodready:ignore names unknown rule %q", id)
				continue
			}
			if !slices.Contains(d.rules, id) {
				d.rules = append(d.rules, id)
			}
		}
		reason := strings.TrimSpace(m[2])
		reason = strings.TrimSpace(strings.TrimPrefix(reason, "//"))
		if reason == "" {
			problem("//prodready:ignore without a reason; say after the rule names why the finding does not apply")
		}
		if len(d.rules) == 0 {
			return
		}
	default:
		verb, _, _ := strings.Cut(strings.TrimPrefix(text, "//prodready:"), " ")
		problem("unknown directive //prodready:%s; the only one is //prodready:ignore <rule>[,<rule>] <reason>", verb)
		return
	}
	idx.byFile[position.Filename] = append(idx.byFile[position.Filename], d)
}

// parseNolint fills d from the text after //nolint and reports whether the
// comment concerns prodready: bare //nolint, //nolint:all, or a list of
// linters that names prodready.
func parseNolint(d *directive, rest string) bool {
	if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
		d.nolint = true // golangci-lint: a bare //nolint silences every linter
		return true
	}
	if rest[0] != ':' {
		return false // //nolintfoo: not a directive
	}
	list, _, _ := strings.Cut(rest[1:], " ")
	list, _, _ = strings.Cut(list, "\t")
	for name := range strings.SplitSeq(list, ",") {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "all":
			d.nolint = true
		case "prodready":
			d.nolint = true
			d.explicit = true
		}
	}
	return d.nolint
}

// Suppressed reports whether a finding of the rule at pos is suppressed, and
// marks the suppressions that cover it as used. pos needs Filename and Line.
func (idx *Index) Suppressed(pos token.Position, rule string) bool {
	suppressed := false
	for _, d := range idx.byFile[pos.Filename] {
		if pos.Line != d.position.Line && !(d.ownLine && pos.Line == d.position.Line+1) {
			continue
		}
		if d.nolint {
			d.used[""] = true
			suppressed = true
		} else if slices.Contains(d.rules, rule) {
			d.used[rule] = true
			suppressed = true
		}
	}
	return suppressed
}

// Problems returns the suppression comments that are wrong, in file order.
// Call it only after every finding has gone through Suppressed. checked
// tells which rules ran (nil: all of them): a suppression of a rule that did
// not run, because it is off or was not selected, is not reported as
// suppressing nothing.
func (idx *Index) Problems(checked func(rule string) bool) []Problem {
	ran := func(rule string) bool { return checked == nil || checked(rule) }
	problems := slices.Clone(idx.problems)
	for _, ds := range idx.byFile {
		for _, d := range ds {
			where := "on this line or the next"
			if !d.ownLine {
				where = "on this line"
			}
			add := func(msg string) {
				problems = append(problems, Problem{
					Pos: d.pos, End: d.end, Position: d.position,
					Rule: rules.InvalidSuppression, Message: msg,
				})
			}
			switch {
			case d.explicit:
				if !d.used[""] && allRan(ran) {
					add(fmt.Sprintf("//nolint:prodready suppresses nothing: no prodready finding %s", where))
				}
			case !d.nolint:
				for _, rule := range d.rules {
					if !d.used[rule] && ran(rule) {
						add(fmt.Sprintf("//prodready:ignore %s suppresses nothing: no %s finding %s", rule, rule, where))
					}
				}
			}
		}
	}
	slices.SortStableFunc(problems, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.Position.Filename, b.Position.Filename),
			cmp.Compare(a.Position.Offset, b.Position.Offset),
		)
	})
	return problems
}

// ResetUse forgets which suppressions Suppressed found in use, so that an
// Index kept for unchanged files serves another round of findings.
func (idx *Index) ResetUse() {
	for _, ds := range idx.byFile {
		for _, d := range ds {
			clear(d.used)
		}
	}
}

// allRan reports whether every rule other than invalid-suppression ran.
func allRan(ran func(string) bool) bool {
	for _, id := range rules.IDs() {
		if id != rules.InvalidSuppression && !ran(id) {
			return false
		}
	}
	return true
}

// codeColumns records, for each line holding code, the first column at
// which a syntax node starts or ends, so that a comment can tell whether it
// trails code or stands alone.
func codeColumns(fset *token.FileSet, f *ast.File) map[int]int {
	cols := make(map[int]int)
	note := func(p token.Pos, end bool) {
		if !p.IsValid() {
			return
		}
		pos := fset.Position(p)
		col := pos.Column
		if end {
			col-- // End is the position after the node: its last byte is before
		}
		if first, ok := cols[pos.Line]; !ok || col < first {
			cols[pos.Line] = col
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil:
			return false
		case *ast.CommentGroup, *ast.Comment:
			return false
		}
		note(n.Pos(), false)
		note(n.End(), true)
		return true
	})
	return cols
}
