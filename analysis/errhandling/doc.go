// Package errhandling defines an Analyzer that reports the error-handling
// mistakes of HTTP handlers: discarded errors, error responses the handler
// does not return after, and error text sent to the client. Its facts are
// Responder (a function that writes a response through a parameter) and
// SafeError (a function whose errors are client-facing messages); its
// result lists each Finding for the fix patterns.
//
// # Analyzer errhandling
//
// errhandling: report discarded errors, error responses without return, and error text sent to clients
//
// Handlers are net/http functions func(w http.ResponseWriter, r
// *http.Request) — declared functions, methods, closures returned by
// factories, function literals passed as handlers —, gin func(*gin.Context)
// and echo func(echo.Context) error. The analyzer reports three rules,
// told apart by the diagnostic's category.
//
// # ignored-error
//
// An error result dropped inside a handler: a call statement whose results
// include an error (store.DeleteTask(id) alone), or an error assigned to
// the blank identifier (v, _ := store.Get(id); _ = tx.Commit()):
//
//	func deleteTask(w http.ResponseWriter, r *http.Request) {
//		store.DeleteTask(r.PathValue("id"))
//		w.WriteHeader(http.StatusNoContent)
//	}
//
// reports "error from store.DeleteTask is discarded in handler deleteTask;
// a failure would go unnoticed and the client would get a success
// response" at the call.
//
// Deliberately not reported, because ignoring them is customary and
// reporting them would get the rule switched off:
//
//   - writes to the response: methods of anything implementing
//     http.ResponseWriter (w.Write, c.Writer.WriteString) or of a writer
//     made over one (gz := gzip.NewWriter(w); gz.Write(b); gz.Flush()),
//     fmt.Fprint* to anything, io.Copy, io.CopyN, io.CopyBuffer and
//     io.WriteString to such writers, Encode of a json, xml or gob Encoder, template
//     Execute to a ResponseWriter, http.ResponseController methods, and
//     calls to the project's own response helpers (a Responder fact with a
//     writer). Their error only says that the client went away.
//   - echo: the Context methods that write the response (c.JSON, c.String,
//     c.NoContent, c.Blob, c.Redirect, …) called as a statement rather than
//     returned. Their error, as for w.Write, only reports a broken
//     connection; whether the handler forgot to return is missing-return's
//     business. gin's writers return nothing and never come up.
//   - deferred and go statements (defer rows.Close(), defer tx.Rollback()),
//     and Close and Rollback methods anywhere: the customary cleanup.
//   - writes to a bytes.Buffer, a strings.Builder or a hash, which never
//     fail; fmt.Print*; log calls.
//   - with the blank identifier only: strconv parsing (page, _ :=
//     strconv.Atoi(q.Get("page")) falls back to zero on purpose) and
//     json.Marshal of a value the program built.
//   - errors kept in a variable (err = store.Save(t)): the rule looks at
//     errors dropped on the spot; whether a variable is checked later is
//     left to vet-style tools.
//   - code outside handlers, including goroutines and callbacks started in
//     a handler (their failure is not the response's).
//
// # missing-return
//
// An error response written in a branch (typically if err != nil) that does
// not end in return, panic, os.Exit, log.Fatal, continue, break or goto,
// when the handler then runs more code:
//
//	if err != nil {
//		http.Error(w, "not found", http.StatusNotFound)
//	}
//	json.NewEncoder(w).Encode(task)
//
// reports "http.Error writes an error response but the handler goes on;
// later writes corrupt the response and the work continues despite the
// error" at http.Error. Error responses are http.Error, http.NotFound,
// WriteHeader with a constant 4xx/5xx status, the project's own helpers
// that write a constant 4xx/5xx (or a status parameter given one) on every
// path (the Responder fact, so helpers of other packages count), gin's
// c.JSON, c.String, c.AbortWithStatus, c.AbortWithStatusJSON,
// c.AbortWithError, c.Status and the like with a 4xx/5xx status, and
// echo's c.JSON, c.String, c.NoContent and the like called as a statement.
// gin's Abort* only stop the middleware chain, not the handler function,
// and the message says so.
//
// Not reported: a branch that is the last thing the handler does (an
// if/else at the end needs no return), a branch followed only by return
// statements without calls (return, return nil, return err), writes whose
// status is not a constant, and error writes outside an if, switch or
// select branch. Inside a loop the next iteration counts as going on.
//
// # error-detail
//
// Error text sent to the client: err.Error(), an error formatted into a
// string (fmt.Sprintf, Sprint, Errorf with %v, %s, %q, %w, %x), or the
// error value itself, when it reaches http.Error's message, fmt.Fprint*
// to the ResponseWriter, w.Write, io.WriteString, json.NewEncoder(w).Encode
// (also inside a map or struct literal), gin's and echo's c.JSON, c.String
// and the like, echo.NewHTTPError's message, or a parameter of the
// project's own helpers that the helper sends (the Responder fact's Sends):
//
//	t, err := s.store.GetTask(ctx, id)
//	if err != nil {
//		http.Error(w, err.Error(), http.StatusInternalServerError)
//		return
//	}
//
// reports "error text from store.GetTask is sent to the client; it can
// reveal SQL, file paths or internal state" at err.Error().
//
// The error is followed through local variables (msg := err.Error(),
// resp.Error = msg), string concatenation, conversions and wrapping with
// fmt.Errorf; which assignment reaches a use is decided on the syntax: the
// last assignment before it in an enclosing block, plus later ones in
// nested branches.
//
// Only errors returned by calls are reported, and not those of:
//
//   - functions of the package that build client-facing messages: every
//     error they return is nil, errors.New or fmt.Errorf whose operands
//     carry no other error, a package-level sentinel, or the result of
//     another such function (the SafeError fact, so validators in other
//     packages count). A handler's own errors.New("title is required") is
//     safe for the same reason.
//   - decoders of the request's own input: encoding/json and encoding/xml
//     Decode and Unmarshal, strconv, net/url, net/netip, net/mail,
//     time.Parse and ParseDuration, mime.ParseMediaType, the
//     *http.Request parsers (ParseForm, FormFile, Cookie…), uuid.Parse,
//     gin's Bind*/ShouldBind*, echo's Bind and Validate, and
//     go-playground/validator, io.ReadAll, ReadFull, Copy and CopyN
//     reading r.Body or http.MaxBytesReader(…), and any function named
//     Parse…, parse…, Compile… or compile… (regexp.Compile, cron's
//     ParseStandard, a template's Compile, a parseAuthHeader helper) but
//     those reading files (ParseFiles, ParseGlob, ParseFS, ParseDir). Their
//     text describes what the client sent (at most a Go type name), and
//     answering 400 with it is how most APIs report bad input; flagging it
//     would bury the real leaks. The choice is by the call, not by the
//     source: json.Decode of a configuration file counts as input decoding
//     too.
//
// Also not reported: an error value itself (not its text) inside what
// json.Encoder, gin's and echo's JSON, XML and YAML writers encode — an
// error encodes as {} —; package-level error variables (sentinels such as
// ErrNotFound), errors obtained by a type assertion to a concrete type or
// errors.As (a type made to be shown), errors that are only logged, text
// that passes through a function other than those listed above (a
// function mapping errors to messages is trusted to sanitise), and
// parameters of the function (the caller's argument is checked instead,
// through the Responder fact). echo handlers returning err are fine: echo
// answers 500 with its status text.
//
// # Fixes
//
// Each finding offers one pattern, attached as its SuggestedFix (the
// analyzer's result implements patterns.Sites). The code a fix writes is
// the package's own, copied from its other handlers with their parameters,
// receiver and error variable renamed, and only where every name it uses
// means the same at the new place.
//
//   - ignored-error: errors/check-and-respond. f() becomes if err := f();
//     err != nil { … }, v, _ := f() becomes v, err := f() followed by the
//     check (err, or a free name when err would shadow, clobber or clash
//     with another). The answer is, in order: how a handler of the package
//     answers an error of the same function; after gin's c.Bind*, which has
//     answered 400, a bare return; for a decoder of the request's input
//     (its call mentions the request, or a variable assigned from it) or a
//     function whose errors are client-facing (SafeError), 400; the
//     package's helper answering 5xx that is given the error
//     (s.internalError(w, r, err), echo's return internal(c, err)); else the
//     project's logger followed by its error writer
//     (httputil.WriteError(w, 500, http.StatusText(500))), http.Error with
//     the status text, gin's AbortWithStatusJSON in the shape of the
//     package's error bodies or AbortWithStatus, echo's return err. Not
//     offered once the handler has written to the response or called the
//     next handler before the statement, when the statement is not in a
//     block, or when v, _ = f() assigns variables of an outer block.
//   - missing-return: errors/add-return. A return at the end of the branch;
//     in echo, return c.JSON(…) when the branch ends with the write, else
//     return nil. Inside a loop it returns too: the response is written, and
//     continuing or breaking would write again.
//   - error-detail: errors/generic-message. The error is logged just before
//     the write, unless the block logs it already, with the project's
//     logger (the one the package uses most that the function can reach: a
//     receiver field, a package logger, log/slog, log, zap, zerolog; its
//     ErrorContext style and error key; else slog.ErrorContext with the
//     request's context), and the text sent
//     becomes http.StatusText of the write's status, or "request failed"
//     when no status is known. Not offered when the text goes to an
//     error-typed parameter of a helper (the helper must change), when the
//     leaking value is not a string or an error (a struct would change the
//     response's shape), or when the error cannot be logged without
//     evaluating a call again.
//
// The log message names the function that failed, in words ("create
// project" for store.CreateProject).
package errhandling
