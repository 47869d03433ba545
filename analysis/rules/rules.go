// Package rules is the one registry of prodready's rules: for each Rule its
// stable ID, concern, default Severity, documentation and the patterns that
// fix it, in preference order. Analyzers, configuration, suppressions, the CLI
// and the language server all read this table; none keeps its own copy.
package rules

//go:generate go run ./gen

// Severity of a rule: error, warning, info or off.
type Severity string

// The severities a rule may have.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
	SeverityOff     Severity = "off"
)

// Severities lists the valid severities, most severe first.
var Severities = []Severity{SeverityError, SeverityWarning, SeverityInfo, SeverityOff}

// Valid reports whether s is one of Severities.
func (s Severity) Valid() bool {
	switch s {
	case SeverityError, SeverityWarning, SeverityInfo, SeverityOff:
		return true
	}
	return false
}

// Rule describes one rule. Its ID is what users write in .prodready.yaml and
// in suppressions, and what analyzers put in Diagnostic.Category.
type Rule struct {
	ID       string   // kebab-case, stable
	Concern  string   // the production concern, e.g. "authentication"
	Severity Severity // default severity, overridden by the rules: section of the configuration
	Title    string   // short noun phrase, e.g. "Route without authentication"
	Help     string   // what it reports, why it matters, how to fix it
	DocURL   string   // link to the rule's section of docs/rules.md
	Patterns []Pattern
}

// Pattern names a quick fix for a rule. The patterns package holds the
// pattern itself; the ID and title here must match it.
type Pattern struct {
	ID    string // e.g. "authz/scope-query"
	Title string // capitalised imperative, e.g. "Scope the query to the current user"
}

// Preferred returns the rule's first pattern, the one applied by -fix and
// attached to diagnostics as their SuggestedFix, and false if it has none.
func (r Rule) Preferred() (Pattern, bool) {
	if len(r.Patterns) == 0 {
		return Pattern{}, false
	}
	return r.Patterns[0], true
}

// DocBase is the address of the rules documentation; a rule's DocURL is
// DocBase followed by "#" and its ID.
const DocBase = "https://github.com/prodready/prodready/blob/main/docs/rules.md"

// InvalidSuppression is the ID of the pseudo-rule reported for a
// suppression comment that is malformed, lacks a reason, names an unknown
// rule or suppresses nothing.
const InvalidSuppression = "invalid-suppression"

// All returns every rule in documentation order. The caller may modify the
// returned slice but not the rules' Patterns.
func All() []Rule {
	return append([]Rule(nil), registry...)
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (Rule, bool) {
	i, ok := index[id]
	if !ok {
		return Rule{}, false
	}
	return registry[i], true
}

// IDs returns the IDs of all rules in documentation order.
func IDs() []string {
	ids := make([]string, len(registry))
	for i, r := range registry {
		ids[i] = r.ID
	}
	return ids
}

var index = func() map[string]int {
	m := make(map[string]int, len(registry))
	for i, r := range registry {
		m[r.ID] = i
	}
	return m
}()

func rule(id, concern string, sev Severity, title, help string, patterns ...Pattern) Rule {
	return Rule{
		ID:       id,
		Concern:  concern,
		Severity: sev,
		Title:    title,
		Help:     help,
		DocURL:   DocBase + "#" + id,
		Patterns: patterns,
	}
}

// registry is the table. Keep it in the order of the design's catalog:
// docs/rules.md follows it.
var registry = []Rule{
	rule("missing-auth", "authentication", SeverityError,
		"Route without authentication",
		"Reports a route whose handler reads or changes data while neither the middleware "+
			"chain that reaches it nor the handler itself checks who is calling. "+
			"Anyone who can reach the server can then use the endpoint, which is how data leaks "+
			"through a forgotten route. "+
			"Guard the handler by obtaining the current user and answering 401 when there is none, "+
			"or register the route behind the project's authentication middleware. "+
			"Routes that are public on purpose belong in auth.public in .prodready.yaml.",
		Pattern{"auth/require-user", "Require an authenticated user"},
		Pattern{"auth/wrap-route", "Wrap the route with the auth middleware"},
		Pattern{"auth/middleware", "Scaffold an auth middleware"},
	),
	rule("unscoped-query", "authorization", SeverityError,
		"Query not scoped to its owner",
		"Reports a query that loads or changes a record by an id taken from the request "+
			"without a condition on an owner or tenant column and without an ownership check "+
			"once the record is loaded. "+
			"Any signed-in user can then read or modify other users' records by changing the id "+
			"in the URL (an insecure direct object reference). "+
			"Add the owner column and the current user's id to the query, or compare the loaded "+
			"record's owner with the current user and answer 404 when they differ. "+
			"The owner columns are configured with scope.ownerColumns.",
		Pattern{"authz/scope-query", "Scope the query to the current user"},
		Pattern{"authz/ownership-check", "Check the record belongs to the current user"},
	),
	rule("sensitive-field", "data exposure", SeverityError,
		"Secret field in a response",
		"Reports a response that serializes a value whose type, followed through pointers, "+
			"slices, maps and embedded structs, has a secret field such as a password hash or "+
			"token that is not tagged json:\"-\". "+
			"Encoding a storage type directly sends every field to the client, including the "+
			"ones that must never leave the server. "+
			"Encode a dedicated response type that leaves the secrets out, or tag the field "+
			"json:\"-\" when no response should ever carry it. "+
			"More field names can be declared secret with sensitive.fields.",
		Pattern{"dto/response-struct", "Respond with a DTO without secrets"},
		Pattern{"dto/omit-field", "Never serialise the secret field"},
	),
	rule("ignored-error", "error handling", SeverityWarning,
		"Error discarded in a handler",
		"Reports an error result that a handler discards, by assigning it to the blank "+
			"identifier or by calling the function as a statement. "+
			"A failed write or lookup then goes unnoticed and the client receives a success "+
			"response, often with empty or partial data. "+
			"Check the error and answer with an error status before going on.",
		Pattern{"errors/check-and-respond", "Check the error and respond"},
	),
	rule("missing-return", "error handling", SeverityWarning,
		"Handler continues after an error response",
		"Reports a handler that writes an error response and then carries on instead of "+
			"returning. "+
			"The code after it still runs: it may change data the request was refused for, "+
			"write a second status (\"superfluous WriteHeader\") or append a success body to "+
			"the error. "+
			"Return right after writing the error response.",
		Pattern{"errors/add-return", "Return after writing the error response"},
	),
	rule("error-detail", "error handling", SeverityWarning,
		"Internal error sent to the client",
		"Reports err.Error(), or an error formatted with %v or %s, written into a response. "+
			"Error texts reveal internals such as SQL statements, table names, file paths and "+
			"addresses of other services, which help an attacker more than the user. "+
			"Log the error on the server and send the status text or a fixed message instead.",
		Pattern{"errors/generic-message", "Log the error and send a generic message"},
	),
	rule("unbounded-body", "validation", SeverityWarning,
		"Request body read without a size limit",
		"Reports a request body that is decoded or read without http.MaxBytesReader or the "+
			"framework's equivalent limit. "+
			"A client can send a body of any size and make the server hold all of it in memory, "+
			"which takes a single request to exhaust it. "+
			"Wrap the body with http.MaxBytesReader before decoding it and answer 413 when the "+
			"limit is exceeded. "+
			"The limit the fix writes, when the project has no constant for it, is configured "+
			"with limits.maxBodyBytes.",
		Pattern{"validation/limit-body", "Limit the request body size"},
	),
	rule("sql-concat", "injection", SeverityError,
		"SQL built from strings",
		"Reports SQL text built from non-constant strings with + or fmt.Sprintf and passed "+
			"to a database call. "+
			"When any part of it comes from the request, the caller can change the statement "+
			"itself (SQL injection) and read or destroy data. "+
			"Keep the SQL constant, put placeholders in the driver's style where the values go "+
			"and pass the values as query arguments; check a column or table name, which no "+
			"placeholder can bind, against the names the query may use.",
		Pattern{"sql/parameterize", "Pass values as query parameters"},
		Pattern{"sql/allow-list", "Check the identifier against an allow-list"},
	),
	rule("no-rate-limit", "rate limiting", SeverityWarning,
		"No rate limiting",
		"Reports a server or router with no rate-limiting middleware, starting with the "+
			"routes that handle logins, sign-ups and password resets. "+
			"Without a limit a single client can guess passwords at full speed or flood the "+
			"service until it stops answering everyone else. "+
			"Add a token-bucket limiter as middleware, keyed by client address or user.",
		Pattern{"ratelimit/token-bucket", "Add a token-bucket rate limiter"},
	),
	rule("server-timeouts", "server", SeverityWarning,
		"Server without timeouts",
		"Reports http.ListenAndServe and http.Server values that leave ReadHeaderTimeout, "+
			"ReadTimeout, WriteTimeout or IdleTimeout unset. "+
			"The zero value means no timeout, so slow or stalled clients keep connections and "+
			"goroutines open until the server runs out of them (Slowloris). "+
			"Declare an http.Server with all four timeouts and call its ListenAndServe method.",
		Pattern{"server/timeouts", "Set server timeouts"},
	),
	rule("no-request-log", "logging", SeverityInfo,
		"No request logging",
		"Reports a server or router with no middleware that logs requests. "+
			"Without one, nothing records which requests arrived, how they were answered and "+
			"how long they took, which is what an incident review starts from. "+
			"Add a middleware that logs method, path, status and duration of every request "+
			"with log/slog or the project's logger.",
		Pattern{"logging/request-logger", "Add request logging middleware"},
	),
	rule("no-context", "context", SeverityInfo,
		"Request context not passed on",
		"Reports database and outbound HTTP calls in a handler made without the request's "+
			"context. "+
			"When the client goes away or the server shuts down, such calls keep running and "+
			"hold connections for a response nobody will read. "+
			"Pass r.Context(), or the framework's request context, to the call's "+
			"context-taking variant.",
		Pattern{"context/propagate", "Pass the request context"},
	),
	rule(InvalidSuppression, "suppression", SeverityWarning,
		"Invalid suppression comment",
		"Reports a //prodready:ignore comment that is malformed, gives no reason, names a "+
			"rule that does not exist or suppresses no finding, and a //nolint:prodready "+
			"comment that suppresses nothing. "+
			"Suppressions without a reason cannot be reviewed, and stale ones hide the next "+
			"real finding on their line. "+
			"Write the rule IDs and a reason, as in //prodready:ignore missing-auth served "+
			"behind the VPN only, and delete suppressions that no longer match a finding.",
	),
}
