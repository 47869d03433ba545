package sqlconcat

import (
	"go/types"
	"reflect"
	"slices"
	"strings"
)

// schema is what the package's constant SQL says about its tables: the
// tables it names, and per table the columns and ORDER BY columns its
// statements use, in first-seen order. It is where allow-lists come from.
type schema struct {
	tables  []string
	columns map[string][]string
	orderBy map[string][]string
}

// stmtTables is what one statement names.
type stmtTables struct {
	tables  []string          // in order, schema prefix dropped
	aliases map[string]string // alias (and table name) → table
	derived bool              // a FROM (subquery): the statement's columns are not one table's
}

// sqlKeywords are the words of SQL text that are never column names.
var sqlKeywords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`select from where and or not null is in like ilike between order by group
		having limit offset asc desc insert into values update set delete returning join left right inner
		outer full cross natural on using as distinct true false case when then else end exists all any some
		union intersect except default nulls first last for share nowait skip locked conflict do nothing
		excluded with recursive lateral only table truncate cascade restrict if primary key unique references
		interval current_timestamp current_date current_time localtime localtimestamp escape collate similar
		to over partition window rows range preceding following unbounded current row fetch next ties array
		filter within at time zone without prodready_slot`) {
		sqlKeywords[w] = true
	}
}

// isName reports a token that can be a table or column name.
func isName(t sqlTok) bool {
	return t.kind == 'w' && !sqlKeywords[t.text] && !isDigit(t.text[0])
}

// tablesOf finds the tables a statement names after FROM, JOIN, INTO and
// UPDATE, with their aliases.
func tablesOf(toks []sqlTok) stmtTables {
	st := stmtTables{aliases: map[string]string{}}
	for i := 0; i < len(toks); i++ {
		switch toks[i].text {
		case "from", "join", "into", "update":
		default:
			continue
		}
		for j := i + 1; j < len(toks); {
			if toks[j].text == "(" {
				if toks[i].text == "from" || toks[i].text == "join" {
					st.derived = true
				}
				break
			}
			if !isName(toks[j]) {
				break
			}
			name := toks[j].text
			j++
			for j+1 < len(toks) && toks[j].text == "." && isName(toks[j+1]) {
				name = toks[j+1].text // schema.table: the table
				j += 2
			}
			if !slices.Contains(st.tables, name) {
				st.tables = append(st.tables, name)
			}
			st.aliases[name] = name
			if j < len(toks) && toks[j].text == "as" {
				j++
			}
			if j < len(toks) && isName(toks[j]) && toks[i].text != "into" {
				st.aliases[toks[j].text] = name
				j++
			}
			if j >= len(toks) || toks[j].text != "," || toks[i].text != "from" {
				break
			}
			j++
		}
	}
	return st
}

// learn adds what the statement q says to s.
func (s *schema) learn(q string) {
	toks, _ := lexSQL(q)
	st := tablesOf(toks)
	for _, t := range st.tables {
		s.tables = appendNew(s.tables, t)
	}
	single := ""
	if len(st.tables) == 1 && !st.derived {
		single = st.tables[0]
	}
	add := func(table, col string) {
		if table != "" && col != "" {
			s.columns[table] = appendNew(s.columns[table], col)
		}
	}
	inOrder := false
	for i, t := range toks {
		switch {
		case t.text == "by" && i > 0 && toks[i-1].text == "order":
			inOrder = true
			continue
		case t.kind == 'w' && sqlKeywords[t.text] && t.text != "asc" && t.text != "desc" && t.text != "nulls" && t.text != "first" && t.text != "last":
			inOrder = false
		case t.text == ")" || t.text == ";":
			inOrder = false
		}
		if !isName(t) {
			continue
		}
		next := func(k int) string {
			if i+k < len(toks) {
				return toks[i+k].text
			}
			return ""
		}
		prev := func(k int) string {
			if i-k >= 0 {
				return toks[i-k].text
			}
			return ""
		}
		table, col := "", ""
		switch {
		case next(1) == "." && i+2 < len(toks) && isName(toks[i+2]):
			continue // the qualifier: read with its column
		case prev(1) == "." && i >= 2 && toks[i-2].kind == 'w':
			table, col = st.aliases[toks[i-2].text], t.text
		case next(1) == "(" || prev(1) == "as" || prev(1) == ":" || st.aliases[t.text] != "":
			continue // a function, an alias, a type after ::, a table
		default:
			table, col = single, t.text
		}
		add(table, col)
		if inOrder && table != "" {
			s.orderBy[table] = appendNew(s.orderBy[table], col)
		}
	}
}

// schemaOf gathers the schema the package's constant SQL describes: the
// text of every query call whose SQL is a constant.
func (p *pkgState) schemaOf() *schema {
	if p.schema == nil {
		p.schema = &schema{columns: map[string][]string{}, orderBy: map[string][]string{}}
		for _, text := range p.constSQL {
			p.schema.learn(text)
		}
	}
	return p.schema
}

// gormColumns returns the column names gorm gives the fields of the
// struct type t (or of the element of a slice or pointer of it): the
// column tag, else the field name in snake case; embedded structs are
// flattened, fields tagged gorm:"-" and unexported ones left out.
func gormColumns(t types.Type) []string {
	for range 4 {
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		}
		break
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var out []string
	for i := range st.NumFields() {
		f := st.Field(i)
		tag := reflect.StructTag(st.Tag(i)).Get("gorm")
		if tag == "-" || !f.Exported() {
			continue
		}
		if f.Embedded() {
			out = append(out, gormColumns(f.Type())...)
			continue
		}
		name := snakeCase(f.Name())
		for _, opt := range strings.Split(tag, ";") {
			if c, ok := strings.CutPrefix(opt, "column:"); ok && c != "" {
				name = c
			}
		}
		out = appendNew(out, name)
	}
	return out
}

// snakeCase converts a Go field name to gorm's column name: UserID →
// user_id, CreatedAt → created_at, HTMLBody → html_body.
func snakeCase(name string) string {
	var b strings.Builder
	runes := []rune(name)
	for i, r := range runes {
		upper := 'A' <= r && r <= 'Z'
		if upper && i > 0 {
			prevLower := 'a' <= runes[i-1] && runes[i-1] <= 'z' || '0' <= runes[i-1] && runes[i-1] <= '9'
			nextLower := i+1 < len(runes) && 'a' <= runes[i+1] && runes[i+1] <= 'z'
			if prevLower || nextLower && 'A' <= runes[i-1] && runes[i-1] <= 'Z' {
				b.WriteByte('_')
			}
		}
		if upper {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
