package sqlconcat

import (
	"fmt"
	"go/token"
	"strings"
)

// Source is a set of places a value may come from: parts of the request,
// parameters of the function being analysed, or elsewhere.
type Source uint64

// The request parts a value can be read from.
const (
	FromPath   Source = 1 << iota // r.PathValue, chi.URLParam, mux.Vars, c.Param
	FromQuery                     // r.URL.Query(), c.Query, c.QueryParam
	FromForm                      // r.FormValue, c.PostForm, c.FormValue
	FromHeader                    // r.Header.Get, c.GetHeader, cookies
	FromBody                      // a struct decoded from the body

	// fromOther is a non-constant string of unknown origin: a database
	// result, a field of a parameter's struct, an unknown call.
	fromOther
	// fromFragment is SQL text built elsewhere with no unsafe part known
	// (a where clause from a query builder): unsafe only if fed by request
	// values, which would then be seen.
	fromFragment

	fromRequest = FromPath | FromQuery | FromForm | FromHeader | FromBody
	paramShift  = 16
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

// unsafe reports whether s can carry attacker-chosen text.
func (s Source) unsafe() bool { return s&^fromFragment != 0 }

// describe names the first request part of s for a message.
func (s Source) describe() string {
	switch {
	case s&FromPath != 0:
		return "request path"
	case s&FromQuery != 0:
		return "query string"
	case s&FromForm != 0:
		return "request form"
	case s&FromHeader != 0:
		return "request header"
	case s&FromBody != 0:
		return "request body"
	}
	return "request"
}

// FuncFact is exported for functions whose parameters end up in SQL text
// that they (or their callees) run, and for functions whose string result
// is safe or carries a parameter. It is computed bottom-up, so a handler
// sees through a service into a store.
type FuncFact struct {
	// Params lists parameters that end up in SQL text.
	Params []ParamUse
	// Results says where the function's string-typed first result comes
	// from: request parts read inside and the function's own parameters;
	// Returns is true when it is known (0 then means safe text). Without
	// a fact the result is text of unknown origin.
	Results Source
	Returns bool
}

// ParamUse is one parameter that ends up in SQL text.
type ParamUse struct {
	// Param is the index in the signature (receiver excluded).
	Param int
	Kind  ValueKind
	// Reported is true when the function that splices the parameter in is
	// reported (values and identifiers concatenated into the text); false
	// when the parameter is SQL text or a fragment of it that callers
	// hand over (a query wrapper, a gorm Where given a whole condition):
	// callers are then checked as if they called the query themselves.
	Reported bool
	Clause   string
	// Position is where the construction (Reported) or the query call is.
	Position token.Position
	// Func is pkg.Name of the function with the construction; Via the
	// functions from this one to it, outermost first.
	Func string
	Via  []string
	// Context is the SQL text before the parameter (not Reported): what
	// a caller's value continues, so its slot can be classified.
	Context string
	// ArgsParam is the function's variadic parameter forwarded as the
	// query's arguments (query(ctx, q string, args ...any)), -1 if none.
	ArgsParam int
	// Style is the placeholder style the query's library imposes, if any.
	Style PlaceholderStyle
}

// AFact marks FuncFact as an analysis fact.
func (*FuncFact) AFact() {}

func (f *FuncFact) String() string {
	var parts []string
	for _, u := range f.Params {
		how := "passed as SQL"
		if u.Reported {
			how = "spliced into SQL"
		}
		parts = append(parts, fmt.Sprintf("param %d %s (%s)", u.Param, how, u.Kind))
	}
	if f.Returns {
		switch {
		case f.Results&fromRequest != 0:
			parts = append(parts, "returns the "+f.Results.describe())
		case len(f.Results.params()) > 0:
			parts = append(parts, fmt.Sprintf("returns params %v", f.Results.params()))
		default:
			parts = append(parts, "returns safe text")
		}
	}
	return "sqlconcat(" + strings.Join(parts, "; ") + ")"
}

func (f *FuncFact) empty() bool { return f == nil || len(f.Params) == 0 && !f.Returns }

func (f *FuncFact) equal(g *FuncFact) bool {
	if f.empty() || g.empty() {
		return f.empty() == g.empty()
	}
	return f.String() == g.String() && f.Results == g.Results
}

func (f *FuncFact) use(i int) *ParamUse {
	for k := range f.Params {
		if f.Params[k].Param == i {
			return &f.Params[k]
		}
	}
	return nil
}
