// Package gen writes synthetic Go HTTP API modules of a chosen size for
// benchmarks of the CLI and the language server; Generate is its entry point.
//
// The module it writes (module path [ModulePath], standard library only,
// Go 1.22 routing patterns) looks like a service grown by a team: an auth
// package with a middleware and a context accessor, a respond package with
// JSON helpers, store packages (database/sql, one Store type per package, a
// model type and CRUD methods per resource), handler packages (one resource
// of five handlers per file, methods on a Handlers type), a router package
// that registers every handler on an http.ServeMux — about a third of the
// routes wrapped in the auth middleware — and a main package. Store and
// handler packages hold about [FilesPerPackage] files each. Handlers read ids
// with r.PathValue, decode JSON bodies (some behind http.MaxBytesReader),
// query with and without owner scoping, and write JSON, so every analyzer
// finds both clean code and findings.
//
// Output is deterministic for given arguments, gofmt-clean, and builds.
// About 36 lines are written per handler: 3000 handlers give about 109k lines.
package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"strings"
)

// ModulePath is the module path of every generated module.
const ModulePath = "example.com/synth"

// FilesPerPackage is the number of resource files in each store and handler package.
const FilesPerPackage = 50

// handlersPerResource is fixed by the five CRUD handlers of a resource.
const handlersPerResource = 5

// Stats describes a generated module.
type Stats struct {
	Handlers int // handlers written (n rounded up to whole resources)
	Packages int // packages written
	Files    int // .go files written
	Lines    int // lines of Go written
}

// Generate writes a module with at least n handlers into dir, which is
// created if needed; existing files of the same names are overwritten.
func Generate(dir string, n int) (Stats, error) {
	if n < 1 {
		return Stats{}, fmt.Errorf("handlers must be at least 1, got %d", n)
	}
	g := &generator{dir: dir}
	resources := (n + handlersPerResource - 1) / handlersPerResource
	groups := (resources + FilesPerPackage - 1) / FilesPerPackage

	g.raw("go.mod", "module "+ModulePath+"\n\ngo 1.22\n")
	g.file("internal/auth", "auth.go", authFile)
	g.file("internal/respond", "respond.go", respondFile)
	var router strings.Builder
	for gi := range groups {
		first := gi * FilesPerPackage
		last := min(first+FilesPerPackage, resources)
		g.file(storePkg(gi), "store.go", fmt.Sprintf(storeBase, storeName(gi)))
		g.file(apiPkg(gi), "handlers.go", fmt.Sprintf(apiBase, apiName(gi), storeName(gi)))
		fmt.Fprintf(&router, "\t%s := &%s.Handlers{Store: &%s.Store{DB: db}}\n", apiName(gi), apiName(gi), storeName(gi))
		for ri := first; ri < last; ri++ {
			r := newResource(ri)
			g.file(storePkg(gi), r.lower+".go", r.storeFile(storeName(gi)))
			g.file(apiPkg(gi), r.lower+".go", r.apiFile(apiName(gi), storeName(gi)))
			r.routes(&router, apiName(gi))
			g.stats.Handlers += handlersPerResource
		}
	}
	var imports strings.Builder
	for gi := range groups {
		fmt.Fprintf(&imports, "\t%q\n\t%q\n", ModulePath+"/"+apiPkg(gi), ModulePath+"/"+storePkg(gi))
	}
	g.file("internal/router", "router.go", fmt.Sprintf(routerFile, imports.String(), router.String()))
	g.file("cmd/server", "main.go", mainFile)
	return g.stats, g.err
}

type generator struct {
	dir   string
	stats Stats
	err   error
	pkgs  map[string]bool
}

// file formats src and writes it as pkg/name.
func (g *generator) file(pkg, name, src string) {
	if g.err != nil {
		return
	}
	out, err := format.Source([]byte(src))
	if err != nil {
		g.err = fmt.Errorf("format %s/%s: %w\n%s", pkg, name, err, src)
		return
	}
	if g.pkgs == nil {
		g.pkgs = map[string]bool{}
	}
	if !g.pkgs[pkg] {
		g.pkgs[pkg] = true
		g.stats.Packages++
	}
	g.stats.Files++
	g.stats.Lines += bytes.Count(out, []byte("\n"))
	g.raw(filepath.Join(pkg, name), string(out))
}

func (g *generator) raw(name, content string) {
	if g.err != nil {
		return
	}
	path := filepath.Join(g.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		g.err = err
		return
	}
	g.err = os.WriteFile(path, []byte(content), 0o644)
}

func storePkg(i int) string  { return "internal/store/" + storeName(i) }
func apiPkg(i int) string    { return "internal/api/" + apiName(i) }
func storeName(i int) string { return fmt.Sprintf("store%02d", i) }
func apiName(i int) string   { return fmt.Sprintf("api%02d", i) }

// nouns are combined with an index into resource names.
var nouns = []string{"task", "project", "invoice", "customer", "order", "ticket", "note", "device", "report", "account"}

// resource is one model type with its table, store methods, and handlers.
// Its flags vary with the index so findings are spread evenly.
type resource struct {
	name, lower, table string
	auth               bool // routes wrapped in auth.RequireUser
	selfCheck          bool // handlers check the user themselves
	scoped             bool // queries carry an owner condition
	limitBody          bool // request bodies behind http.MaxBytesReader
	secret             bool // model has a secret field that is serialised
}

func newResource(i int) resource {
	noun := nouns[i%len(nouns)]
	lower := fmt.Sprintf("%s%d", noun, i)
	return resource{
		name:      strings.ToUpper(noun[:1]) + noun[1:] + fmt.Sprint(i),
		lower:     lower,
		table:     lower + "s",
		auth:      i%3 == 0,
		selfCheck: i%3 == 1,
		scoped:    i%2 == 0,
		limitBody: i%4 != 3,
		secret:    i%7 == 5,
	}
}

func (r resource) storeFile(pkg string) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("package %s\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n\t\"errors\"\n\t\"time\"\n)\n\n", pkg)
	w("// %s is one row of the %s table.\ntype %s struct {\n", r.name, r.table, r.name)
	w("\tID int64 `json:\"id\"`\n\tOwnerID int64 `json:\"owner_id\"`\n\tTitle string `json:\"title\"`\n\tBody string `json:\"body\"`\n\tCreated time.Time `json:\"created\"`\n")
	if r.secret {
		w("\tAPIKey string `json:\"api_key\"`\n")
	} else {
		w("\tInternal string `json:\"-\"`\n")
	}
	w("}\n\n")
	owner, ownerArg := "", ""
	if r.scoped {
		owner, ownerArg = " AND owner_id = $2", ", owner"
	}
	w("// List%[1]ss returns the %[2]s of owner, newest first.\n", r.name, r.table)
	w("func (s *Store) List%ss(ctx context.Context, owner int64, limit int) ([]%s, error) {\n", r.name, r.name)
	w("\trows, err := s.DB.QueryContext(ctx, `SELECT id, owner_id, title, body, created FROM %s WHERE owner_id = $1 ORDER BY created DESC LIMIT $2`, owner, limit)\n", r.table)
	w("\tif err != nil {\n\t\treturn nil, err\n\t}\n\tdefer rows.Close()\n\tvar out []%s\n\tfor rows.Next() {\n\t\tvar v %s\n", r.name, r.name)
	w("\t\tif err := rows.Scan(&v.ID, &v.OwnerID, &v.Title, &v.Body, &v.Created); err != nil {\n\t\t\treturn nil, err\n\t\t}\n\t\tout = append(out, v)\n\t}\n\treturn out, rows.Err()\n}\n\n")
	w("// Get%s loads one row by id.\n", r.name)
	w("func (s *Store) Get%s(ctx context.Context, id, owner int64) (*%s, error) {\n\tvar v %s\n", r.name, r.name, r.name)
	w("\terr := s.DB.QueryRowContext(ctx, `SELECT id, owner_id, title, body, created FROM %s WHERE id = $1%s`, id%s).Scan(&v.ID, &v.OwnerID, &v.Title, &v.Body, &v.Created)\n", r.table, owner, ownerArg)
	w("\tif errors.Is(err, sql.ErrNoRows) {\n\t\treturn nil, ErrNotFound\n\t}\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn &v, nil\n}\n\n")
	w("// Create%s inserts v and sets its id.\n", r.name)
	w("func (s *Store) Create%s(ctx context.Context, v *%s) error {\n", r.name, r.name)
	w("\treturn s.DB.QueryRowContext(ctx, `INSERT INTO %s (owner_id, title, body, created) VALUES ($1, $2, $3, now()) RETURNING id`, v.OwnerID, v.Title, v.Body).Scan(&v.ID)\n}\n\n", r.table)
	w("// Update%s changes the title and body of one row.\n", r.name)
	w("func (s *Store) Update%s(ctx context.Context, v *%s) error {\n", r.name, r.name)
	w("\t_, err := s.DB.ExecContext(ctx, `UPDATE %s SET title = $1, body = $2 WHERE id = $3 AND owner_id = $4`, v.Title, v.Body, v.ID, v.OwnerID)\n\treturn err\n}\n\n", r.table)
	w("// Delete%s removes one row.\n", r.name)
	w("func (s *Store) Delete%s(ctx context.Context, id, owner int64) error {\n", r.name)
	w("\t_, err := s.DB.ExecContext(ctx, `DELETE FROM %s WHERE id = $1%s`, id%s)\n\treturn err\n}\n", r.table, owner, ownerArg)
	return b.String()
}

func (r resource) apiFile(pkg, store string) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("package %s\n\nimport (\n\t\"encoding/json\"\n\t\"errors\"\n\t\"net/http\"\n\t\"strconv\"\n\n", pkg)
	w("\t%q\n\t%q\n\t%q\n)\n\n", ModulePath+"/internal/auth", ModulePath+"/internal/respond", ModulePath+"/internal/store/"+store)
	user := "\tuser, _ := auth.UserFrom(r.Context())\n"
	if r.selfCheck {
		user = "\tuser, ok := auth.UserFrom(r.Context())\n\tif !ok {\n\t\trespond.Error(w, http.StatusUnauthorized, \"unauthorized\")\n\t\treturn\n\t}\n"
	}
	body := "\tdefer r.Body.Close()\n"
	if r.limitBody {
		body = "\tr.Body = http.MaxBytesReader(w, r.Body, 1<<20)\n"
	}
	id := "\tid, err := strconv.ParseInt(r.PathValue(\"id\"), 10, 64)\n\tif err != nil {\n\t\trespond.Error(w, http.StatusBadRequest, \"bad id\")\n\t\treturn\n\t}\n"

	w("// List%ss answers GET /%s.\nfunc (h *Handlers) List%ss(w http.ResponseWriter, r *http.Request) {\n%s", r.name, r.table, r.name, user)
	w("\tlimit := 50\n\tif s := r.URL.Query().Get(\"limit\"); s != \"\" {\n\t\tif n, err := strconv.Atoi(s); err == nil && n > 0 && n <= 500 {\n\t\t\tlimit = n\n\t\t}\n\t}\n")
	w("\titems, err := h.Store.List%ss(r.Context(), user.ID, limit)\n\tif err != nil {\n\t\trespond.Error(w, http.StatusInternalServerError, \"internal error\")\n\t\treturn\n\t}\n\trespond.JSON(w, http.StatusOK, items)\n}\n\n", r.name)

	w("// Get%s answers GET /%s/{id}.\nfunc (h *Handlers) Get%s(w http.ResponseWriter, r *http.Request) {\n%s%s", r.name, r.table, r.name, user, id)
	w("\tv, err := h.Store.Get%s(r.Context(), id, user.ID)\n\tif errors.Is(err, %s.ErrNotFound) {\n\t\trespond.Error(w, http.StatusNotFound, \"not found\")\n\t\treturn\n\t}\n", r.name, store)
	w("\tif err != nil {\n\t\trespond.Error(w, http.StatusInternalServerError, err.Error())\n\t\treturn\n\t}\n\trespond.JSON(w, http.StatusOK, v)\n}\n\n")

	w("// Create%s answers POST /%s.\nfunc (h *Handlers) Create%s(w http.ResponseWriter, r *http.Request) {\n%s%s", r.name, r.table, r.name, user, body)
	w("\tvar v %s.%s\n\tif err := json.NewDecoder(r.Body).Decode(&v); err != nil {\n\t\trespond.Error(w, http.StatusBadRequest, \"bad request\")\n\t\treturn\n\t}\n\tv.OwnerID = user.ID\n", store, r.name)
	w("\tif err := h.Store.Create%s(r.Context(), &v); err != nil {\n\t\trespond.Error(w, http.StatusInternalServerError, \"internal error\")\n\t\treturn\n\t}\n\trespond.JSON(w, http.StatusCreated, v)\n}\n\n", r.name)

	w("// Update%s answers PUT /%s/{id}.\nfunc (h *Handlers) Update%s(w http.ResponseWriter, r *http.Request) {\n%s%s%s", r.name, r.table, r.name, user, id, body)
	w("\tvar v %s.%s\n\tif err := json.NewDecoder(r.Body).Decode(&v); err != nil {\n\t\trespond.Error(w, http.StatusBadRequest, \"bad request\")\n\t\treturn\n\t}\n\tv.ID, v.OwnerID = id, user.ID\n", store, r.name)
	w("\tif err := h.Store.Update%s(r.Context(), &v); err != nil {\n\t\trespond.Error(w, http.StatusInternalServerError, \"internal error\")\n\t\treturn\n\t}\n\tw.WriteHeader(http.StatusNoContent)\n}\n\n", r.name)

	w("// Delete%s answers DELETE /%s/{id}.\nfunc (h *Handlers) Delete%s(w http.ResponseWriter, r *http.Request) {\n%s%s", r.name, r.table, r.name, user, id)
	w("\tif err := h.Store.Delete%s(r.Context(), id, user.ID); err != nil {\n\t\trespond.Error(w, http.StatusInternalServerError, \"internal error\")\n\t\treturn\n\t}\n\tw.WriteHeader(http.StatusNoContent)\n}\n", r.name)
	return b.String()
}

// routes writes the five registrations of r into the router's body.
func (r resource) routes(b *strings.Builder, api string) {
	for _, rt := range []struct{ method, path, fn string }{
		{"GET", "/" + r.table, "List" + r.name + "s"},
		{"GET", "/" + r.table + "/{id}", "Get" + r.name},
		{"POST", "/" + r.table, "Create" + r.name},
		{"PUT", "/" + r.table + "/{id}", "Update" + r.name},
		{"DELETE", "/" + r.table + "/{id}", "Delete" + r.name},
	} {
		if r.auth {
			fmt.Fprintf(b, "\tmux.Handle(%q, auth.RequireUser(http.HandlerFunc(%s.%s)))\n", rt.method+" "+rt.path, api, rt.fn)
		} else {
			fmt.Fprintf(b, "\tmux.HandleFunc(%q, %s.%s)\n", rt.method+" "+rt.path, api, rt.fn)
		}
	}
}

const authFile = `// Package auth authenticates requests by bearer token.
package auth

import (
	"context"
	"net/http"
	"strings"
)

// User is the authenticated caller.
type User struct {
	ID    int64
	Email string
}

type ctxKey struct{}

// UserFrom returns the user RequireUser stored in ctx.
func UserFrom(ctx context.Context) (User, bool) {
	u, ok := ctx.Value(ctxKey{}).(User)
	return u, ok
}

// Lookup resolves a token; it is replaced at start-up.
var Lookup = func(ctx context.Context, token string) (User, bool) { return User{}, false }

// RequireUser rejects requests without a valid bearer token.
func RequireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		u, ok := Lookup(r.Context(), token)
		if !ok {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, u)))
	})
}
`

const respondFile = `// Package respond writes JSON responses.
package respond

import (
	"encoding/json"
	"net/http"
)

// JSON writes v as a JSON response with the given status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Error writes a JSON error body.
func Error(w http.ResponseWriter, status int, msg string) {
	JSON(w, status, map[string]string{"error": msg})
}
`

const storeBase = `// Package %[1]s stores resources in SQL.
package %[1]s

import (
	"database/sql"
	"errors"
)

// ErrNotFound is returned when no row matches.
var ErrNotFound = errors.New("not found")

// Store reads and writes rows.
type Store struct {
	DB *sql.DB
}
`

const apiBase = `// Package %[1]s holds HTTP handlers.
package %[1]s

import "` + ModulePath + `/internal/store/%[2]s"

// Handlers serves the resources of one store.
type Handlers struct {
	Store *%[2]s.Store
}
`

const routerFile = `// Package router registers every route.
package router

import (
	"database/sql"
	"log/slog"
	"net/http"
	"time"

	"` + ModulePath + `/internal/auth"
%s)

// New returns the service's handler.
func New(db *sql.DB) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
%s	return logRequests(mux)
}

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, r)
		slog.Info("request", "method", r.Method, "path", r.URL.Path, "took", time.Since(start))
	})
}
`

const mainFile = `// Command server runs the service.
package main

import (
	"database/sql"
	"log"
	"net/http"
	"os"
	"time"

	"` + ModulePath + `/internal/router"
)

func main() {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{
		Addr:              ":8080",
		Handler:           router.New(db),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Fatal(srv.ListenAndServe())
}
`
