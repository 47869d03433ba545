package scope

import (
	"fmt"
	"go/token"
	"strings"
)

// Source is a set of places a value may come from: parts of the request,
// the current user, or parameters of the function being analysed.
type Source uint64

// The request parts a tainted id can come from, and the current user.
const (
	FromPath   Source = 1 << iota // r.PathValue, chi.URLParam, mux.Vars, c.Param
	FromQuery                     // r.URL.Query(), c.Query, c.QueryParam
	FromForm                      // r.FormValue, c.PostForm, c.FormValue
	FromBody                      // a struct decoded from the body
	FromHeader                    // r.Header.Get, c.GetHeader
	FromUser                      // the current user (not request input)

	fromRequest = FromPath | FromQuery | FromForm | FromBody | FromHeader
	paramShift  = 8
	maxParams   = 64 - paramShift
)

func paramSource(i int) Source {
	if i < 0 || i >= maxParams {
		return 0
	}
	return 1 << (paramShift + i)
}

// params lists the parameter indexes in s.
func (s Source) params() []int {
	var out []int
	for i := range maxParams {
		if s&paramSource(i) != 0 {
			out = append(out, i)
		}
	}
	return out
}

// describe names the first request part of s for a message.
func (s Source) describe() string {
	switch {
	case s&FromPath != 0:
		return "request path"
	case s&FromQuery != 0:
		return "query string"
	case s&FromForm != 0:
		return "request form"
	case s&FromBody != 0:
		return "request body"
	case s&FromHeader != 0:
		return "request header"
	}
	return "request"
}

// Query describes one by-id query call: what the fix patterns need to scope
// it (authz/scope-query) and what the message names. Positions are valid
// only in the driver's FileSet; Position is kept for drivers that analyse
// one package at a time.
type Query struct {
	Func     string         // qualified name of the function making the query call
	Short    string         // pkg.Name of that function, for messages
	Call     token.Pos      // the query call (db.QueryRowContext(...), db.Where(...).First(...))
	Position token.Position // the same, as a file position
	SQLPos   token.Pos      // the SQL text argument of the call (NoPos for gorm without SQL)
	LitPos   token.Pos      // the string literal holding the SQL, when found (a const's value, a local's initialiser)
	SQL      string         // the query text, or for gorm the call chain
	ORM      bool           // gorm: conditions are added with .Where("<col> = ?", v)
	Style    PlaceholderStyle
	Args     int    // positional placeholders in use ($n: the highest n); the next is Args+1
	Table    string // main table (gorm: the model type name), may be ""
	Verb     string // select, update or delete
	Column   string // the key column the id is compared with
	Index    int    // 0-based position of the id among the query's arguments (-1 for named)
	// Owner is the owner column the table has, learned from the package:
	// the one other queries on the table compare with a value, else the
	// one this query reads, else the record type's field for one; "" when
	// nothing tells.
	Owner string
}

// FuncFact is exported for functions whose parameters reach an unscoped
// by-id query, that check ownership of a parameter, or whose results carry
// request input or a parameter. It is computed bottom-up, so a handler sees
// through a service into a store.
type FuncFact struct {
	// Flows lists the parameters that reach a by-id query with no owner
	// condition and no ownership check on the way. Param is the index in
	// the signature (receiver excluded); -1 means the function reads the id
	// from a request it was given (Sources says which part).
	Flows []Flow
	// Checks lists parameters whose owner the function compares with
	// something, or hands to an authorization call.
	Checks []int
	// Results says where the function's results come from: request parts
	// read inside, and parameters passed through (strconv-like helpers).
	Results Source
	// Owners lists parameters the function's queries compare with an owner
	// column (directly or through a callee): what makes GetTaskForUser the
	// scoped twin of GetTask for authz/scope-query.
	Owners []OwnerParam
}

// OwnerParam is a parameter bound to an owner column.
type OwnerParam struct {
	Param  int
	Column string
}

// Flow is one parameter reaching one unscoped query.
type Flow struct {
	Param   int
	Sources Source   // Param == -1: the request parts the id is read from
	Query   Query    // the query, in the innermost function
	Via     []string // functions between this one and the query, outermost first
}

// AFact marks FuncFact as an analysis fact.
func (*FuncFact) AFact() {}

func (f *FuncFact) String() string {
	var parts []string
	for _, fl := range f.Flows {
		p := fmt.Sprint(fl.Param)
		if fl.Param < 0 {
			p = fl.Sources.describe()
		}
		parts = append(parts, fmt.Sprintf("param %s reaches %s by %s", p, fl.Query.Table, fl.Query.Column))
	}
	for _, c := range f.Checks {
		parts = append(parts, fmt.Sprintf("checks owner of param %d", c))
	}
	for _, o := range f.Owners {
		parts = append(parts, fmt.Sprintf("owner param %d by %s", o.Param, o.Column))
	}
	if f.Results&fromRequest != 0 {
		parts = append(parts, "returns "+f.Results.describe())
	}
	if ps := f.Results.params(); len(ps) > 0 {
		parts = append(parts, fmt.Sprintf("returns params %v", ps))
	}
	return "scope(" + strings.Join(parts, "; ") + ")"
}

func (f *FuncFact) empty() bool {
	return f == nil || len(f.Flows) == 0 && len(f.Checks) == 0 && len(f.Owners) == 0 && f.Results == 0
}

func (f *FuncFact) equal(g *FuncFact) bool {
	if f.empty() || g.empty() {
		return f.empty() == g.empty()
	}
	return f.String() == g.String() && len(f.Flows) == len(g.Flows)
}
