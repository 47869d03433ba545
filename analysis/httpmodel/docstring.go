package httpmodel

import "strings"

// analysisDoc extracts the "# Analyzer" section of doc.go for Analyzer.Doc.
func analysisDoc(src string) string {
	var lines []string
	in := false
	for _, line := range strings.Split(src, "\n") {
		if !strings.HasPrefix(line, "//") {
			continue
		}
		text := strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		if strings.HasPrefix(text, "# Analyzer") {
			in = true
			continue
		}
		if in && strings.HasPrefix(text, "# ") {
			break
		}
		if in {
			lines = append(lines, text)
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
