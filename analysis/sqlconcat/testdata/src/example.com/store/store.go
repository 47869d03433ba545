// Package store is a PostgreSQL store in the shape of testdata/example:
// one injectable ORDER BY and many queries that only look risky.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

type Store struct {
	db     *sql.DB
	schema string
}

type Task struct {
	ID      int64
	OwnerID int64
	Title   string
}

const taskColumns = "id, user_id, title"

// ListTasks builds ORDER BY from its orderBy parameter: reported here,
// whoever calls it.
func (s *Store) ListTasks(ctx context.Context, userID int64, orderBy string) ([]Task, error) { // want ListTasks:`sqlconcat\(param 2 spliced into SQL \(identifier\)\)`
	query := fmt.Sprintf("SELECT %s FROM tasks WHERE user_id = $1 ORDER BY %s", taskColumns, orderBy) // want `SQL text is built with fmt.Sprintf from orderBy, which is used as an identifier \(ORDER BY\); placeholders cannot bind identifiers: check it against an allow-list`
	rows, err := s.db.QueryContext(ctx, query, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return nil, rows.Err()
}

// FindByTitle splices a value inside quotes.
func (s *Store) FindByTitle(ctx context.Context, title string) error { // want FindByTitle:`sqlconcat\(param 1 spliced into SQL \(value\)\)`
	_, err := s.db.ExecContext(ctx, "DELETE FROM tasks WHERE title = '"+title+"'") // want `SQL text is built with \+ from title; a crafted value can change the query \(SQL injection\): pass it as a placeholder argument`
	return err
}

// Search appends a condition with +=.
func (s *Store) Search(ctx context.Context, userID int64, term string) error { // want Search:`sqlconcat\(param 2 spliced into SQL \(value\)\)`
	q := "SELECT " + taskColumns + " FROM tasks WHERE user_id = $1"
	if term != "" {
		q += " AND title LIKE '%" + term + "%'" // want `SQL text is built with \+ from term;`
	}
	_, err := s.db.QueryContext(ctx, q, userID)
	return err
}

// ByTable takes the table as a parameter: an identifier.
func (s *Store) ByTable(ctx context.Context, table string) error { // want ByTable:`sqlconcat\(param 1 spliced into SQL \(identifier\)\)`
	var b strings.Builder
	b.WriteString("SELECT count(*) FROM ")
	b.WriteString(table) // want `SQL text is built with strings.Builder from table, which is used as an identifier \(FROM\)`
	return s.db.QueryRowContext(ctx, b.String()).Scan(new(int))
}

// Filter joins conditions built from a struct parameter's fields.
type Filter struct {
	Title  string
	Status string
	Limit  int
}

func (s *Store) Filter(ctx context.Context, f Filter) error { // want Filter:`sqlconcat\(param 1 spliced into SQL \(value\)\)`
	var conds []string
	var args []any
	if f.Title != "" {
		args = append(args, f.Title)
		conds = append(conds, "title = $"+strconv.Itoa(len(args)))
	}
	if f.Status != "" {
		conds = append(conds, "status = '"+f.Status+"'") // want `SQL text is built with \+ from f.Status;`
	}
	q := "SELECT id FROM tasks WHERE " + strings.Join(conds, " AND ")
	_, err := s.db.QueryContext(ctx, q, args...)
	return err
}

// ByStatus appends a condition in the query's own block: one shape, so
// the value becomes a placeholder.
func (s *Store) ByStatus(ctx context.Context, status string) error { // want ByStatus:`sqlconcat\(param 1 spliced into SQL \(value\)\)`
	q := "SELECT id FROM tasks WHERE archived = $1"
	q += " AND status = '" + status + "'" // want `SQL text is built with \+ from status;`
	_, err := s.db.QueryContext(ctx, q, false)
	return err
}

// ByOwnerName writes the value into a Builder in one block.
func (s *Store) ByOwnerName(ctx context.Context, owner string) error { // want ByOwnerName:`sqlconcat\(param 1 spliced into SQL \(value\)\)`
	var b strings.Builder
	b.WriteString("DELETE FROM tasks WHERE owner_name = ")
	b.WriteString(owner) // want `SQL text is built with strings.Builder from owner;`
	_, err := s.db.ExecContext(ctx, b.String())
	return err
}

// ByField compares a column the caller names: an identifier.
func (s *Store) ByField(ctx context.Context, field string, v int64) error { // want ByField:`sqlconcat\(param 1 spliced into SQL \(identifier\)\)`
	_, err := s.db.QueryContext(ctx, "SELECT id FROM tasks WHERE "+field+" = $1", v) // want `from field, which is used as an identifier \(WHERE\)`
	return err
}

// Sorted splices a direction after the column.
func (s *Store) Sorted(ctx context.Context, dir string) error { // want Sorted:`sqlconcat\(param 1 spliced into SQL \(identifier\)\)`
	_, err := s.db.QueryContext(ctx, fmt.Sprintf("SELECT id FROM tasks ORDER BY title %s", dir)) // want `from dir, which is used as an identifier \(ORDER BY\)`
	return err
}

// Reported, but with no fix: the text is shared by two queries, a list
// goes into IN (…), a LIMIT takes a string.

func (s *Store) CountAndList(ctx context.Context, title string) error { // want CountAndList:`sqlconcat\(param 1 spliced into SQL \(value\)\)`
	where := " WHERE title = '" + title + "'" // want `SQL text is built with \+ from title;`
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM tasks"+where).Scan(new(int)); err != nil {
		return err
	}
	_, err := s.db.QueryContext(ctx, "SELECT id FROM tasks"+where)
	return err
}

func (s *Store) ByNames(ctx context.Context, names string) error { // want ByNames:`sqlconcat\(param 1 spliced into SQL \(value\)\)`
	_, err := s.db.QueryContext(ctx, "SELECT id FROM tasks WHERE owner_name IN ("+names+")") // want `SQL text is built with \+ from names;`
	return err
}

func (s *Store) Limited(ctx context.Context, limit string) error { // want Limited:`sqlconcat\(param 1 spliced into SQL \(value\)\)`
	_, err := s.db.QueryContext(ctx, "SELECT id FROM tasks LIMIT "+limit) // want `SQL text is built with \+ from limit;`
	return err
}

// --- negatives ---

// GetTask concatenates constants only.
func (s *Store) GetTask(ctx context.Context, id int64) error {
	return s.db.QueryRowContext(ctx, "SELECT "+taskColumns+" FROM tasks WHERE id = $1", id).Scan(new(int64))
}

// Page formats integers: they cannot inject SQL.
func (s *Store) Page(ctx context.Context, limit, offset int, done bool) error {
	q := fmt.Sprintf("SELECT id FROM tasks WHERE done = %v LIMIT %d OFFSET %d", done, limit, offset)
	_, err := s.db.QueryContext(ctx, q+" -- "+strconv.Itoa(limit))
	return err
}

// ByIDs builds an IN list of placeholders from a count.
func (s *Store) ByIDs(ctx context.Context, ids []int64) error {
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i] = "$" + strconv.Itoa(i+1)
		args[i] = id
	}
	_, err := s.db.QueryContext(ctx, "SELECT id FROM tasks WHERE id IN ("+strings.Join(ph, ", ")+")", args...)
	return err
}

// ByIDsQ repeats placeholders.
func (s *Store) ByIDsQ(ctx context.Context, ids []any) error {
	q := "SELECT id FROM tasks WHERE id IN (" + strings.TrimSuffix(strings.Repeat("$1,", len(ids)), ",") + ")"
	_, err := s.db.QueryContext(ctx, q, ids...)
	return err
}

var sortColumns = map[string]string{"title": "title", "created": "created_at"}

// SortedMapped looks the column up in an allow-list map.
func (s *Store) SortedMapped(ctx context.Context, sort string) error {
	col, ok := sortColumns[sort]
	if !ok {
		col = "id"
	}
	_, err := s.db.QueryContext(ctx, "SELECT id FROM tasks ORDER BY "+col)
	return err
}

// SortedSwitch checks the value against constants before use.
func (s *Store) SortedSwitch(ctx context.Context, sort, dir string) error {
	switch sort {
	case "title", "created_at":
	default:
		sort = "id"
	}
	if dir != "asc" && dir != "desc" {
		dir = "asc"
	}
	_, err := s.db.QueryContext(ctx, fmt.Sprintf("SELECT id FROM tasks ORDER BY %s %s", sort, dir))
	return err
}

var sortFields = []string{"title", "created_at"}

func strSliceContains(s string, list []string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// SortedHelper checks the value with a helper over a list of constants.
func (s *Store) SortedHelper(ctx context.Context, sort string) error {
	if !strSliceContains(sort, sortFields) {
		sort = "created_at"
	}
	_, err := s.db.QueryContext(ctx, "SELECT id FROM tasks ORDER BY "+sort)
	return err
}

// SortedBranches picks the column from constants.
func (s *Store) SortedBranches(ctx context.Context, byTitle bool) error {
	col := "created_at"
	if byTitle {
		col = "title"
	}
	_, err := s.db.QueryContext(ctx, "SELECT id FROM tasks ORDER BY "+col)
	return err
}

// InSchema uses configuration held by the store.
func (s *Store) InSchema(ctx context.Context) error {
	_, err := s.db.QueryContext(ctx, "SELECT id FROM "+s.schema+".tasks")
	return err
}

// Since formats a time: no text of the caller's choosing.
func (s *Store) Since(ctx context.Context, t time.Time) error {
	_, err := s.db.QueryContext(ctx, fmt.Sprintf("SELECT id FROM tasks WHERE created_at > '%s'", t.Format(time.RFC3339)))
	return err
}

// count is unexported and only ever given constants.
func (s *Store) count(ctx context.Context, table string) (int, error) { // want count:`sqlconcat\(param 1 spliced into SQL \(identifier\)\)`
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n)
	return n, err
}

func (s *Store) Stats(ctx context.Context) error {
	if _, err := s.count(ctx, "tasks"); err != nil {
		return err
	}
	_, err := s.count(ctx, "projects")
	return err
}

// Reused prepares constant text in a variable.
func (s *Store) Reused(ctx context.Context, id int64) error {
	q := `SELECT id FROM tasks`
	q += ` WHERE id = $1`
	stmt, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return err
	}
	defer stmt.Close()
	_, err = stmt.ExecContext(ctx, id)
	return err
}

// Fmt is not a query: building text is fine until it is run.
func Fmt(name string) string { // want Fmt:`sqlconcat\(returns params \[0\]\)`
	return "SELECT * FROM " + name
}
