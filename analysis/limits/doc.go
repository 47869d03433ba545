/*
Package limits defines the unboundedbody analyzer, rule unbounded-body: a
handler decodes or reads the request body with no limit on its size. The
standard library reads as much as the client sends, so one request with a
multi-gigabyte body can exhaust the server's memory (or, for multipart
forms, its disk).

Reported, at the call that reads the body:

  - json.NewDecoder, xml.NewDecoder and gob.NewDecoder of the body,
    io.ReadAll and ioutil.ReadAll of it, (*bytes.Buffer).ReadFrom;
  - r.ParseMultipartForm and r.FormFile: their memory argument caps what
    is held in memory only, larger parts spill to temporary files without
    bound;
  - gin's c.Bind*, c.ShouldBind* (body bindings, not Query, Uri or Header),
    c.GetRawData, c.FormFile and c.MultipartForm; echo's c.Bind, c.FormFile
    and c.MultipartForm;
  - a call of a helper that does one of these to the request it is given
    (a fact, across packages): the finding lands at the handler's call.

For example

	func (s *Server) updateTask(w http.ResponseWriter, r *http.Request) {
		var in taskInput
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil { // reported
			...

The body counts as limited when, earlier in the function,

  - r.Body is replaced (r.Body = http.MaxBytesReader(w, r.Body, n), or any
    other reader), gin's c.Request.Body or echo's c.Request().Body likewise;
  - the reader decoded is http.MaxBytesReader(...) or io.LimitReader(...),
    or a variable holding one;
  - the request was handed to a helper that limits its body (a fact:
    httputil.DecodeJSON(w, r, &v) that calls http.MaxBytesReader itself is
    also never a finding);

or when every route the route model knows for the handler has a body-limit
middleware in its chain (http.MaxBytesHandler, chi's RequestSize, echo's
BodyLimit, a project middleware calling http.MaxBytesReader).

The fix, validation/limit-body (the diagnostic's SuggestedFix, and
Result.FixSites), is one per handler, the same for every finding in it:

  - r.Body = http.MaxBytesReader(w, r.Body, limit) before the first read
    of the body, as far out of blocks and loops as the names it uses
    allow (gin: c.Request.Body and c.Writer; echo: c.Request().Body and
    c.Response()); before the statement that copies the body into a
    variable when the read goes through one;
  - or, when the package or one it imports has a limiting JSON decoder
    (JSONDecoderFact: func(http.ResponseWriter, *http.Request, any) error
    that calls http.MaxBytesReader and returns Decode's error, such as
    httputil.DecodeJSON), every json.NewDecoder(r.Body).Decode(&v) of a
    net/http handler switched to it;
  - in each read's error check (if err := …; err != nil, or err := …
    followed by if err != nil), a first branch for *http.MaxBytesError
    that answers 413 the way the check answers (its response call with
    the status, and its message literals, swapped), else with the
    package's func(http.ResponseWriter, int, string) error writer, else
    with http.Error, c.AbortWithStatus or echo.NewHTTPError. gin's Bind*
    answer 413 themselves; reads through a helper keep its error as is.

The limit is the package's (or an imported package's) constant named for
it (maxBodyBytes, MaxRequestBodySize; for multipart reads maxUploadSize),
limits.maxBodyBytes of .prodready.yaml (a constant of that value when
there is one), else 1 << 20, and 32 << 20 for multipart uploads. No fix
is offered when the handler's writer or context parameter is unnamed,
when its reads go through different request variables, or when no
statement before the first read sees the request.

Deliberately not reported:

  - r.ParseForm, r.FormValue and r.PostFormValue: net/http caps
    non-multipart form bodies at 10 MB;
  - helpers that are not handlers: their callers are reported instead, so
    a helper used only by limited callers costs nothing;
  - bodies of requests the program builds itself and of responses;
  - limits applied around the whole server in another package (main's
    http.MaxBytesHandler(mux, n)) when the handler's package is analysed
    first: a modular driver cannot see them. Suppress with a reason.
*/
package limits
