package scope

import (
	"strconv"
	"strings"
	"unicode"
)

// PlaceholderStyle is how a query marks its parameters. Fix patterns use it
// to add an owner condition in the query's own style.
type PlaceholderStyle int

// The placeholder styles prodready recognises.
const (
	StyleUnknown   PlaceholderStyle = iota
	StyleDollar                     // $1 (PostgreSQL, pgx, lib/pq)
	StyleQuestion                   // ? (MySQL, SQLite, gorm, sqlx Rebind)
	StyleAtName                     // @name (sql.Named, pgx.NamedArgs)
	StyleColonName                  // :name (sqlx named queries)
)

func (s PlaceholderStyle) String() string {
	switch s {
	case StyleDollar:
		return "$n"
	case StyleQuestion:
		return "?"
	case StyleAtName:
		return "@name"
	case StyleColonName:
		return ":name"
	}
	return "unknown"
}

// sqlToken is one lexical token of a query: an identifier or keyword
// (qualified names such as t.user_id are one token), a placeholder, or a
// single punctuation character.
type sqlToken struct {
	kind  byte // 'i' identifier, 'p' placeholder, 'o' other
	text  string
	index int    // placeholder: 0-based positional argument index, -1 for named
	name  string // placeholder: name for @name and :name
}

// lexSQL splits a query into tokens, dropping comments and string literals.
// question counts the ? placeholders already seen (gorm fragments number
// them per fragment).
func lexSQL(q string) (toks []sqlToken, style PlaceholderStyle) {
	question := 0
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			for i < len(q) && q[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			end := strings.Index(q[i+2:], "*/")
			if end < 0 {
				return toks, style
			}
			i += end + 4
		case c == '\'':
			i++
			for i < len(q) && q[i] != '\'' {
				i++
			}
			i++
			toks = append(toks, sqlToken{kind: 'o', text: "'"})
		case c == '"' || c == '`':
			j := strings.IndexByte(q[i+1:], c)
			if j < 0 {
				return toks, style
			}
			toks = append(toks, sqlToken{kind: 'i', text: strings.ToLower(q[i+1 : i+1+j])})
			i += j + 2
		case c == '$' && i+1 < len(q) && isDigit(q[i+1]):
			j := i + 1
			for j < len(q) && isDigit(q[j]) {
				j++
			}
			n, _ := strconv.Atoi(q[i+1 : j])
			toks = append(toks, sqlToken{kind: 'p', text: q[i:j], index: n - 1})
			style = StyleDollar
			i = j
		case c == '?':
			toks = append(toks, sqlToken{kind: 'p', text: "?", index: question})
			question++
			if style == StyleUnknown {
				style = StyleQuestion
			}
			i++
		case (c == '@' || c == ':') && i+1 < len(q) && isIdentStart(q[i+1]) && (i == 0 || q[i-1] != ':'):
			j := i + 1
			for j < len(q) && isIdentPart(q[j]) {
				j++
			}
			toks = append(toks, sqlToken{kind: 'p', text: q[i:j], index: -1, name: q[i+1 : j]})
			if style == StyleUnknown {
				if c == '@' {
					style = StyleAtName
				} else {
					style = StyleColonName
				}
			}
			i = j
		case c == ':' && i+1 < len(q) && q[i+1] == ':':
			toks = append(toks, sqlToken{kind: 'o', text: "::"})
			i += 2
		case isIdentStart(c):
			j := i
			for j < len(q) && (isIdentPart(q[j]) || q[j] == '.') {
				j++
			}
			toks = append(toks, sqlToken{kind: 'i', text: strings.ToLower(q[i:j])})
			i = j
		case unicode.IsSpace(rune(c)):
			i++
		default:
			toks = append(toks, sqlToken{kind: 'o', text: string(c)})
			i++
		}
	}
	return toks, style
}

func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || 'a' <= c|0x20 && c|0x20 <= 'z' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) }

// sqlBind is a placeholder compared with "=" to a column in a condition
// (WHERE, ON, HAVING): the shape of a lookup by key.
type sqlBind struct {
	column string // unqualified, lower case
	index  int    // positional argument index, -1 for named placeholders
	name   string // named placeholder
}

// sqlQuery is what prodready needs to know about one query text.
type sqlQuery struct {
	verb         string // select, update, delete, insert, or "" when unknown
	table        string // main table, unqualified
	style        PlaceholderStyle
	placeholders int       // number of positional placeholders ($n: the highest n)
	binds        []sqlBind // key lookups in conditions
	owners       []sqlBind // owner columns compared with a placeholder
	scoped       bool      // an owner column is constrained by a placeholder
}

// scanSQL reads a whole statement. condition reports whether the text is a
// bare condition (a gorm Where fragment) rather than a statement.
func scanSQL(q string, owners []string, condition bool) sqlQuery {
	toks, style := lexSQL(q)
	res := sqlQuery{style: style}
	for _, t := range toks {
		if t.kind == 'p' && t.index >= 0 && t.index+1 > res.placeholders {
			res.placeholders = t.index + 1
		}
	}
	inCond := condition
	if !condition {
		res.verb, res.table = statementShape(toks)
	}
	for i, t := range toks {
		if t.kind == 'i' {
			switch t.text {
			case "where", "on", "having":
				inCond = true
				continue
			case "set", "values":
				inCond = false
				continue
			}
		}
		if !inCond || t.kind != 'i' {
			continue
		}
		col := lastSegment(t.text)
		if isKeyword(col) {
			continue
		}
		ph, ok := comparedPlaceholder(toks, i)
		if !ok {
			if isOwnerColumn(col, owners) && inSubqueryWithPlaceholder(toks, i) {
				res.scoped = true
			}
			continue
		}
		if isOwnerColumn(col, owners) {
			res.scoped = true
			res.owners = append(res.owners, sqlBind{column: col, index: ph.index, name: ph.name})
			continue
		}
		if isKeyColumn(col) {
			res.binds = append(res.binds, sqlBind{column: col, index: ph.index, name: ph.name})
		}
	}
	return res
}

// comparedPlaceholder reports the placeholder compared with "=" to the
// identifier at toks[i], on either side, allowing casts (`$1::uuid`) and
// `= ANY($1)`.
func comparedPlaceholder(toks []sqlToken, i int) (sqlToken, bool) {
	if i+2 < len(toks) && toks[i+1].text == "=" {
		next := toks[i+2]
		if next.kind == 'p' {
			return next, true
		}
		if next.kind == 'i' && (next.text == "any" || next.text == "some") && i+4 < len(toks) && toks[i+3].text == "(" && toks[i+4].kind == 'p' {
			return toks[i+4], true
		}
		if next.text == "(" && i+3 < len(toks) && toks[i+3].kind == 'p' {
			return toks[i+3], true
		}
	}
	// $1 = col, $1::uuid = col
	j := i - 1
	if j >= 1 && toks[j].text == "=" {
		k := j - 1
		if k >= 2 && toks[k].kind == 'i' && toks[k-1].text == "::" {
			k -= 2
		}
		if toks[k].kind == 'p' {
			return toks[k], true
		}
	}
	return sqlToken{}, false
}

// inSubqueryWithPlaceholder reports `col IN (… $n …)`: the column is
// restricted to a set chosen by a parameter, such as the projects a member
// belongs to.
func inSubqueryWithPlaceholder(toks []sqlToken, i int) bool {
	if i+2 >= len(toks) || toks[i+1].text != "in" || toks[i+2].text != "(" {
		return false
	}
	depth := 0
	for _, t := range toks[i+2:] {
		switch t.text {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return false
			}
		}
		if t.kind == 'p' {
			return true
		}
	}
	return false
}

// statementShape finds the statement's verb and main table at nesting
// depth zero, past any WITH clause.
func statementShape(toks []sqlToken) (verb, table string) {
	depth := 0
	for i, t := range toks {
		switch t.text {
		case "(":
			depth++
			continue
		case ")":
			depth--
			continue
		}
		if depth != 0 || t.kind != 'i' {
			continue
		}
		switch t.text {
		case "select", "update", "delete", "insert":
			if verb == "" {
				verb = t.text
			}
		case "from", "into":
			if table == "" && verb != "update" {
				table = nextIdent(toks[i+1:])
			}
		}
		if t.text == "update" && table == "" {
			table = nextIdent(toks[i+1:])
		}
	}
	return verb, table
}

func nextIdent(toks []sqlToken) string {
	for _, t := range toks {
		if t.kind == 'i' && t.text != "only" {
			return lastSegment(t.text)
		}
		if t.kind != 'i' {
			return ""
		}
	}
	return ""
}

func lastSegment(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// isKeyColumn reports whether a column looks like a key a client could
// guess or enumerate: id, uuid, uid, <x>_id, <x>_uuid. Lookups by email, slug
// or token are not treated as lookups by id.
func isKeyColumn(col string) bool {
	switch col {
	case "id", "uuid", "uid":
		return true
	}
	if !strings.HasSuffix(col, "_id") && !strings.HasSuffix(col, "_uuid") && !strings.HasSuffix(col, "_uid") {
		return false
	}
	// An identity from an external provider (oidc_id, github_id) finds the
	// account a verified login belongs to; a client does not enumerate it.
	prefix := col[:strings.LastIndexByte(col, '_')]
	return !identityProviders[prefix]
}

// identityProviders prefix the key columns that hold external identities.
var identityProviders = map[string]bool{
	"oidc": true, "oauth": true, "oauth2": true, "sso": true, "saml": true, "ldap": true, "external": true,
	"provider": true, "google": true, "github": true, "gitlab": true, "apple": true, "facebook": true,
	"microsoft": true, "azure": true, "okta": true, "auth0": true, "keycloak": true, "stripe_customer": true,
}

func isOwnerColumn(col string, owners []string) bool {
	for _, o := range owners {
		if strings.EqualFold(col, o) {
			return true
		}
	}
	return false
}

var sqlKeywords = map[string]bool{
	"and": true, "or": true, "not": true, "null": true, "is": true, "in": true, "exists": true,
	"select": true, "from": true, "where": true, "join": true, "left": true, "inner": true,
	"true": true, "false": true, "any": true, "some": true, "as": true,
}

func isKeyword(s string) bool { return sqlKeywords[s] }

// ownerFieldNames turns owner columns into the lower-case Go field names
// that hold them: user_id → userid, matching UserID and UserId.
func ownerFieldNames(owners []string) map[string]bool {
	m := make(map[string]bool, len(owners))
	for _, o := range owners {
		m[strings.ToLower(strings.ReplaceAll(o, "_", ""))] = true
	}
	return m
}
