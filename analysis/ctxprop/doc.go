/*
Package ctxprop defines the nocontext analyzer, rule no-context: a database
query or outbound HTTP request made where a context is in reach (a
handler's request, or a context.Context parameter) without passing it.
When the client goes away or the deadline passes, the query or request
keeps running and holds its connection.

A context is in reach in handlers (net/http, gin, echo) and in functions
with a *http.Request, gin or echo context or context.Context parameter,
including closures inside them. Reported there, at the call:

  - database/sql and sqlx methods that have a Context variant: Query,
    QueryRow, Exec, Prepare, Ping, Begin (BeginTx), sqlx Get, Select,
    Queryx, NamedExec, Beginx (BeginTxx) …; the same holds for any
    method of the project's own types whose method set has a
    <Name>Context variant taking a context.Context first (a project's
    DBTX interface);
  - gorm chains ending in Find, First, Create, Save, Updates, Delete, Exec,
    Scan, Count, Transaction … without .WithContext(ctx), from a field or
    package variable (a *gorm.DB parameter may already carry one);
  - http.Get, Head, Post and PostForm, the same methods of an
    *http.Client, and http.NewRequest (instead of NewRequestWithContext)
    when the request is sent from the function (given to a Do or
    RoundTrip method), unless it is given a context with WithContext
    first: a request built to be returned or served internally makes no
    outbound call;
  - context.Background() or context.TODO() passed to one of these in a
    handler, in place of the request's context;
  - a call of a function that takes no context and makes such a call
    (directly or further down, a fact across packages): the function
    cannot be given the request's context, so the finding lands at the
    handler's call, with the inner call as related information.

For example

	func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) {
		projects, err := s.store.ListProjects(user.ID) // reported
		...
	}

	// package store
	func (s *Store) ListProjects(userID int64) ([]Project, error) {
		rows, err := s.db.Query(`SELECT …`, userID)
		...

Fixes: context/propagate switches the call to its context-taking form with
the context in reach, or a context variable the function derives from it
(ctx, cancel := context.WithTimeout(r.Context(), …)) when that is in scope
and not cancelled before the call; http.Get and the like become a request
built with NewRequestWithContext and sent with Do, repeating the error
check that follows the call (no fix without one). Not fixed: a call whose
request parameter is shadowed where it is made, a context variant whose
other parameters or results differ, and a call of a function that takes
no context: giving it one changes its signature and callers in other
packages, which one fix cannot edit.

Deliberately not reported:

  - calls in functions with no context in reach (a CLI, a migration, a
    background job started from main): there is no context to pass;
  - calls inside a `go` statement: work deliberately detached from the
    request must not be cancelled with it;
  - QueryContext and friends given any context, gorm chains with
    WithContext, requests built with NewRequestWithContext;
  - calls through interfaces whose implementation is not visible (a store
    interface wired in main): which method runs is not known.
*/
package ctxprop
