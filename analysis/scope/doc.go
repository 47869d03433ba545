/*
Package scope defines the unscopedquery analyzer, rule unscoped-query: a
handler passes an id taken from the request to a query that loads, changes
or deletes a record by that id, with no owner or tenant condition in the
query and no ownership check after loading. Any signed-in user can then
read or change another user's records by guessing ids (IDOR).

Sources are the request's path parameters (r.PathValue, chi.URLParam,
mux.Vars, gin and echo c.Param), query string, form values, headers and
fields of a struct decoded from the body (json Decode/Unmarshal, gin
ShouldBind*, echo Bind), followed through assignments, conversions,
strconv/uuid parsing and helpers that return them.

Sinks are database/sql, sqlx and pgx query methods whose SQL text is a
constant, and gorm chains (First, Find, Take, Delete, Updates, … with their
Where conditions and inline primary keys). A query is by id when the
request value is bound to a placeholder compared with "=" to a key column
(id, uuid, <x>_id) in a WHERE, ON or HAVING condition. It is scoped when a
condition also compares an owner column (scope.ownerColumns, default
user_id, owner_id, tenant_id, org_id, account_id) with a placeholder,
directly, in a join, or as `col IN (… $n …)`; a gorm chain is scoped by
Where on an owner column, a struct condition with an owner field, or
Scopes (taken as tenant scoping).

The query usually sits in a store in another package, behind a service.
Every function exports a fact saying which parameters reach an unscoped
by-id query, so the finding lands in the handler, at the call that passes
the id on, with the query as related information:

	func (s *Server) getTask(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		t, err := s.store.GetTask(r.Context(), id) // reported
		...
	}

	// package store
	func (s *Store) GetTask(ctx context.Context, id int64) (*Task, error) {
		row := s.db.QueryRowContext(ctx, "SELECT id, owner_id, title FROM tasks WHERE id = $1", id)
		...
	}

Ownership checks (heuristic, checked anywhere in the function that makes
the call, handler or service):

  - a comparison (== or !=) of a loaded record's field named after an owner
    column in Go case (t.OwnerID, t.UserID, t.Owner.ID, t.GetTenantId()),
    or of a scanned variable so named, with a non-constant value;
  - a comparison of any field of a loaded record with the current user;
  - a call to a function whose name reads as authorization (authorize,
    canAccess, can, CheckOwnership, requireMember, hasPermission,
    enforce, …) or that compares an owner field of its parameter (a fact),
    given the record or a request-derived value.

A function with such a check is trusted for all its queries: the analysis
is not path-sensitive and prefers silence to a false alarm.

Fixes, preferred first (the first is the diagnostic's SuggestedFix;
Result.FixSites offers both):

  - authz/scope-query adds the owner condition to a query the handler
    makes itself (`AND owner_id = $2` in the query's placeholder style,
    the user's id as the new argument; gorm: .Where("user_id = ?", id)),
    or switches a store call to the store's scoped twin method
    (GetTask → GetTaskForUser: the same parameters plus one the twin's
    queries compare with an owner column, as its fact says). The owner
    column is the one other queries on the table compare, else the one
    the query reads; a store method without a twin is not changed (its
    other callers would have to change too).
  - authz/ownership-check compares the loaded record's owner field with
    the current user after the load and its error checks, and answers
    404 the way the handler or its siblings do.

Both use the handler's variable holding the current user, or insert, at
the top of the handler, the statement sibling handlers use to obtain it
(the most common one) with their 401 check. No fix is offered when the
owner column, the owner field, the current user or the user's id field
cannot be told from the code: a wrong fix is worse than none.

Deliberately not reported:

  - packages where no function obtains a current user (a configured
    auth.userFromContext, functions such as auth.UserFrom(ctx) or
    currentUser(r), ctx.Value(userKey), c.Get("user")): without a notion of
    users the analyzer cannot tell an IDOR from a public catalogue;
  - ids taken from the current user, constants or database results;
  - INSERT statements, lookups by columns that are not keys (email, slug,
    token: unguessable or meant to be looked up) and lookups whose
    placeholder binds an owner column itself (list queries by user id);
  - SQL text that is not constant (see sql-concat), and calls that pass
    their arguments as args...;
  - interface calls whose implementation is not among the package's
    dependencies (wired in main only).
*/
package scope
