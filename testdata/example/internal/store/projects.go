package store

import (
	"context"
	"database/sql"
	"fmt"
)

const projectColumns = "p.id, p.owner_id, p.name, p.webhook_secret, p.created_at"

func scanProject(row interface{ Scan(...any) error }) (*Project, error) {
	var p Project
	if err := row.Scan(&p.ID, &p.OwnerID, &p.Name, &p.WebhookSecret, &p.CreatedAt); err != nil {
		return nil, notFound(err)
	}
	return &p, nil
}

// CreateProject inserts a project owned by ownerID and makes the owner its first member.
func (s *Store) CreateProject(ctx context.Context, ownerID int64, name, webhookSecret string) (p *Project, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = rollback(tx, err)
		}
	}()
	row := tx.QueryRowContext(ctx,
		"INSERT INTO projects AS p (owner_id, name, webhook_secret) VALUES ($1, $2, $3) RETURNING "+projectColumns,
		ownerID, name, webhookSecret)
	if p, err = scanProject(row); err != nil {
		return nil, err
	}
	if _, err = tx.ExecContext(ctx,
		"INSERT INTO project_members (project_id, user_id) VALUES ($1, $2)", p.ID, ownerID); err != nil {
		return nil, err
	}
	return p, tx.Commit()
}

func rollback(tx *sql.Tx, err error) error {
	if rerr := tx.Rollback(); rerr != nil {
		return fmt.Errorf("%w (rollback: %v)", err, rerr)
	}
	return err
}

// GetProject loads a project by id. Callers check that the current user may see it.
func (s *Store) GetProject(ctx context.Context, id int64) (*Project, error) {
	row := s.db.QueryRowContext(ctx, "SELECT "+projectColumns+" FROM projects p WHERE p.id = $1", id)
	return scanProject(row)
}

// GetProjectForMember loads a project by id if userID is one of its members.
func (s *Store) GetProjectForMember(ctx context.Context, id, userID int64) (*Project, error) {
	row := s.db.QueryRowContext(ctx,
		`SELECT `+projectColumns+` FROM projects p
		 JOIN project_members m ON m.project_id = p.id
		 WHERE p.id = $1 AND m.user_id = $2`, id, userID)
	return scanProject(row)
}

// ListProjects lists the projects userID is a member of.
func (s *Store) ListProjects(userID int64) ([]Project, error) {
	rows, err := s.db.Query(
		`SELECT `+projectColumns+` FROM projects p
		 JOIN project_members m ON m.project_id = p.id
		 WHERE m.user_id = $1 ORDER BY p.name`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	projects := []Project{}
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, err
		}
		projects = append(projects, *p)
	}
	return projects, rows.Err()
}

// ListMembers lists the users who are members of projectID.
func (s *Store) ListMembers(ctx context.Context, projectID int64) ([]User, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT u.id, u.email, u.name, u.password_hash, u.created_at FROM users u
		 JOIN project_members m ON m.user_id = u.id
		 WHERE m.project_id = $1 ORDER BY u.name`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	users := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		users = append(users, *u)
	}
	return users, rows.Err()
}

// AddMember makes userID a member of projectID; adding an existing member is a no-op.
func (s *Store) AddMember(ctx context.Context, projectID, userID int64) error {
	_, err := s.db.ExecContext(ctx,
		"INSERT INTO project_members (project_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
		projectID, userID)
	return err
}

// RemoveMember removes userID from projectID.
func (s *Store) RemoveMember(ctx context.Context, projectID, userID int64) error {
	res, err := s.db.ExecContext(ctx,
		"DELETE FROM project_members WHERE project_id = $1 AND user_id = $2", projectID, userID)
	if err != nil {
		return err
	}
	return expectOne(res)
}

func expectOne(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
