/*
Package sqlconcat defines the sqlconcat analyzer, rule sql-concat: SQL text
built from non-constant strings and run as a query. When any part of it is
chosen by a client, the client can change the statement itself (SQL
injection) and read or destroy data.

Queries are the calls of database/sql (DB, Tx, Conn: Query, QueryRow, Exec,
Prepare and their Context variants), sqlx (Get, Select, Queryx, QueryRowx,
Exec, MustExec, NamedExec, NamedQuery, Prepare*, Context variants; Rebind
and In pass their text through), pgx v5 (Conn, pgxpool.Pool, pgx.Tx: Query,
QueryRow, Exec, Prepare; Batch.Queue) and gorm (Raw, Exec, Where, Or, Not,
Having, Joins, and Order, Group, Select, Distinct, Pluck, Table, whose
string argument is a name list). The text is followed through +, +=,
fmt.Sprintf, strings.Builder and bytes.Buffer writes (and fmt.Fprintf into
them), strings.Join, and local variables, to the values spliced in:

	func (s *Store) ListTasks(ctx context.Context, userID int64, orderBy string) ([]Task, error) {
		query := fmt.Sprintf("SELECT %s FROM tasks WHERE user_id = $1 ORDER BY %s", taskColumns, orderBy) // reported
		rows, err := s.db.QueryContext(ctx, query, userID)
		...
	}

The finding lands where the text is built (the Sprintf call, the + chain,
the WriteString call), with the query call as related information: that
is the line to change, whoever calls the function. Each value is read in
its SQL context. Where a literal goes (after =, in VALUES or IN (…), inside
'…', LIMIT) the message asks for a placeholder argument. Where a name goes
(ORDER BY, GROUP BY, the SELECT list, after FROM, JOIN, INTO, UPDATE or a
dot, ASC/DESC) it says that placeholders cannot bind identifiers and asks
for an allow-list.

Across functions and packages every function exports a fact naming the
parameters that end up in SQL text. A parameter spliced in as a value or
an identifier is reported in the function that splices it; a handler that
passes a request value to it (through services) is recorded in the result
as a Flow, so the CLI and the language server can show the route as
related information. A parameter that is the whole SQL text or a whole
condition (a query wrapper, a Where given a built condition) is not
reported where it is used: the wrapper is treated as a query, and its
callers' arguments are checked instead.

Fixes. A finding whose unsafe pieces are all values gets sql/parameterize:
placeholders in the driver's style, the values as arguments of the call.
It is offered only where the text has one shape: every piece added in the
call's block, unconditionally (no branch or loop, no Builder filled in a
loop), into variables that feed this query alone, with the call's
arguments matching the text's placeholders. Values joined into IN (…),
LIMIT and OFFSET, sqlx named queries, calls passing args..., values that
are not strings, quotes not in the literals right beside the value, and
a construction holding a comment (the rewrite would drop it) get no fix. A finding whose pieces are all
identifiers gets sql/allow-list: a switch over the names the package's
own constant queries use for that table (gorm: the model's columns), with
the code's own fallback as the default in ORDER BY, and a 400 or an error
elsewhere; no fix when no name is known, or for the SELECT list, whose
value may be a list. A finding with both, or with SQL fragments, has no
fix: no one pattern clears it.

Deliberately not reported (precision first):

  - prepared statements (sqlx Stmt, NamedStmt): their arguments are
    values;
  - constants and concatenations of constants, numbers, booleans and other
    values that cannot carry text (time.Time, uuid.UUID formatted with %v),
    strconv.Itoa and friends: an integer cannot inject SQL;
  - placeholder lists built from counts: strings.Repeat("?,", n),
    "$"+strconv.Itoa(i), strings.Join of such pieces;
  - values checked against an allow-list anywhere in the function (a map
    lookup allowed[v], a switch or comparison with non-empty constants,
    slices.Contains, a regexp match, a call named like isValid/allowed),
    looked up in a map of constants, or passed through a quoting function
    (pq.QuoteIdentifier, pgx.Identifier.Sanitize, or strings.ReplaceAll
    doubling single quotes); the analysis is not path-sensitive;
  - configuration: fields of the method's receiver (s.table), package
    variables, os.Getenv;
  - parameters of unexported functions that every caller in the package
    fills with safe values;
  - SQL text that is a parameter or of unknown origin and used whole (a
    query wrapper, a query builder's output): only text read from the
    request and run as is is reported.
*/
package sqlconcat
