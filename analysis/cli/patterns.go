package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/prodready/prodready/patterns"
)

// PatternJSON is one entry of `prodready patterns -format json` (design.md).
type PatternJSON struct {
	ID          string   `json:"id"`
	Concern     string   `json:"concern"`
	Rules       []string `json:"rules"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
}

// WritePatterns prints the catalog, or one pattern when id is set.
func WritePatterns(w io.Writer, format, id string) error {
	list := patterns.All()
	if id != "" {
		p, ok := patterns.Lookup(id)
		if !ok {
			ids := make([]string, len(list))
			for i, p := range list {
				ids[i] = p.ID
			}
			return fmt.Errorf("unknown pattern %q (known: %s)", id, strings.Join(ids, ", "))
		}
		list = []*patterns.Pattern{p}
	}
	switch format {
	case "json":
		out := struct {
			Patterns []PatternJSON `json:"patterns"`
		}{Patterns: []PatternJSON{}}
		for _, p := range list {
			out.Patterns = append(out.Patterns, PatternJSON{ID: p.ID, Concern: p.Concern, Rules: p.Rules, Title: p.Title, Description: p.Description})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	case "", "text":
		if id != "" {
			return writePattern(w, list[0])
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PATTERN\tCONCERN\tRULES\tTITLE")
		for _, p := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.ID, p.Concern, strings.Join(p.Rules, ","), p.Title)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err := fmt.Fprintln(w, "\nprodready patterns ID shows a pattern with its example.")
		return err
	}
	return fmt.Errorf("unknown format %q (want text or json)", format)
}

func writePattern(w io.Writer, p *patterns.Pattern) error {
	fmt.Fprintf(w, "%s — %s\nconcern: %s; answers: %s\n\n%s\n", p.ID, p.Title, p.Concern, strings.Join(p.Rules, ", "), strings.TrimSpace(p.Description))
	if len(p.Params) > 0 {
		fmt.Fprintln(w, "\nParameters:")
		for _, prm := range p.Params {
			fmt.Fprintf(w, "  %s: %s\n", prm.Name, prm.Doc)
		}
	}
	if p.Example.Before != "" {
		fmt.Fprintf(w, "\nBefore:\n\n%s\n\nAfter:\n\n%s\n", indent(p.Example.Before), indent(p.Example.After))
	}
	return nil
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n")
}
