package scope

import (
	"slices"
	"strconv"
	"testing"

	"github.com/prodready/prodready/analysis/config"
)

func TestScanSQL(t *testing.T) {
	owners := config.DefaultOwnerColumns
	tests := []struct {
		sql    string
		verb   string
		table  string
		style  PlaceholderStyle
		binds  []string // column@index or column:name
		scoped bool
	}{
		{"SELECT id, owner_id FROM tasks WHERE id = $1", "select", "tasks", StyleDollar, []string{"id@0"}, false},
		{"select * from public.tasks t where t.id = $1 and t.owner_id = $2", "select", "tasks", StyleDollar, []string{"id@0"}, true},
		{"UPDATE tasks SET title = $1, project_id = $3 WHERE id = $2", "update", "tasks", StyleDollar, []string{"id@1"}, false},
		{"DELETE FROM notes WHERE note_id = ?", "delete", "notes", StyleQuestion, []string{"note_id@0"}, false},
		{"DELETE FROM notes WHERE id = @id AND user_id = @uid", "delete", "notes", StyleAtName, []string{"id:id"}, true},
		{"UPDATE notes SET body = :body WHERE id = :id", "update", "notes", StyleColonName, []string{"id:id"}, false},
		{"SELECT * FROM t WHERE $1 = id", "select", "t", StyleDollar, []string{"id@0"}, false},
		{"SELECT * FROM t WHERE id = $1::uuid", "select", "t", StyleDollar, []string{"id@0"}, false},
		{"SELECT * FROM t WHERE id = ANY($1)", "select", "t", StyleDollar, []string{"id@0"}, false},
		{"SELECT * FROM t WHERE slug = $1", "select", "t", StyleDollar, nil, false},
		{"SELECT * FROM tasks WHERE owner_id = $1", "select", "tasks", StyleDollar, nil, true},
		{"INSERT INTO tasks (id, owner_id) VALUES ($1, $2)", "insert", "tasks", StyleDollar, nil, false},
		{"SELECT t.id FROM tasks t JOIN members m ON m.project_id = t.project_id AND m.user_id = ? WHERE t.id = ?", "select", "tasks", StyleQuestion, []string{"id@1"}, true},
		{"SELECT * FROM tasks WHERE id = $1 AND project_id IN (SELECT project_id FROM members WHERE org_id = $2)", "select", "tasks", StyleDollar, []string{"id@0"}, true},
		{"SELECT * FROM tasks WHERE id = $1 AND org_id IN (SELECT id FROM orgs WHERE name = $2)", "select", "tasks", StyleDollar, []string{"id@0"}, true},
		{"SELECT * FROM tasks WHERE id = $1 -- AND owner_id = $2", "select", "tasks", StyleDollar, []string{"id@0"}, false},
		{"SELECT * FROM tasks WHERE id = $1 AND note = 'owner_id = $2'", "select", "tasks", StyleDollar, []string{"id@0"}, false},
		{"WITH x AS (SELECT 1) SELECT * FROM tasks WHERE id = $1", "select", "tasks", StyleDollar, []string{"id@0"}, false},
		{`SELECT * FROM "Tasks" WHERE "id" = $1`, "select", "tasks", StyleDollar, []string{"id@0"}, false},
	}
	for _, tt := range tests {
		q := scanSQL(tt.sql, owners, false)
		var binds []string
		for _, b := range q.binds {
			if b.index >= 0 {
				binds = append(binds, b.column+"@"+strconv.Itoa(b.index))
			} else {
				binds = append(binds, b.column+":"+b.name)
			}
		}
		if q.verb != tt.verb || q.table != tt.table || q.style != tt.style || !slices.Equal(binds, tt.binds) || q.scoped != tt.scoped {
			t.Errorf("scanSQL(%q) = verb %q table %q style %v binds %v scoped %v; want %q %q %v %v %v",
				tt.sql, q.verb, q.table, q.style, binds, q.scoped, tt.verb, tt.table, tt.style, tt.binds, tt.scoped)
		}
	}
}

func TestSnakeAndSingular(t *testing.T) {
	for in, want := range map[string]string{"TaskID": "task_id", "ID": "id", "OwnerID": "owner_id", "HTTPServer": "http_server", "Doc": "doc"} {
		if got := snake(in); got != want {
			t.Errorf("snake(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"tasks": "task", "categories": "category", "addresses": "address", "boxes": "box", "public.notes": "note", "": "record", "access": "access"} {
		if got := singular(in); got != want {
			t.Errorf("singular(%q) = %q, want %q", in, got, want)
		}
	}
}
