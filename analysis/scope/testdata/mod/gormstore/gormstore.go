// Package gormstore is a repository over gorm.
package gormstore

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"example.com/app/models"
)

type Store struct{ db *gorm.DB }

func (s *Store) Get(ctx context.Context, id uint) (*models.Task, error) { // want Get:`scope\(param 1 reaches task by id\)`
	var t models.Task
	err := s.db.WithContext(ctx).First(&t, id).Error
	return &t, err
}

func (s *Store) GetWhere(id string) (*models.Task, error) { // want GetWhere:`scope\(param 0 reaches task by id\)`
	var t models.Task
	err := s.db.Where("id = ?", id).First(&t).Error
	return &t, err
}

func (s *Store) Delete(id uint) error { // want Delete:`scope\(param 0 reaches task by id\)`
	return s.db.Delete(&models.Task{}, id).Error
}

func (s *Store) Rename(id uint, title string) error { // want Rename:`scope\(param 0 reaches task by id\)`
	return s.db.Model(&models.Task{ID: id}).Updates(map[string]any{"title": title}).Error
}

func (s *Store) Doc(id uuid.UUID) (*models.Doc, error) { // want Doc:`scope\(param 0 reaches doc by id\)`
	var d models.Doc
	q := s.db.Model(&models.Doc{})
	err := q.Where(&models.Doc{ID: id}).Take(&d).Error
	return &d, err
}

// --- scoped ---

func (s *Store) GetFor(id, userID uint) (*models.Task, error) { // want GetFor:`scope\(owner param 1 by user_id\)`
	var t models.Task
	err := s.db.Where("user_id = ?", userID).First(&t, id).Error
	return &t, err
}

func (s *Store) GetForChained(id, userID uint) (*models.Task, error) { // want GetForChained:`scope\(owner param 1 by user_id\)`
	var t models.Task
	q := s.db.Where("user_id = ?", userID)
	err := q.First(&t, "id = ?", id).Error
	return &t, err
}

func (s *Store) DocFor(id uuid.UUID, orgID uint) (*models.Doc, error) { // want DocFor:`scope\(owner param 1 by org_id\)`
	var d models.Doc
	err := s.db.Where(&models.Doc{ID: id, OrgID: orgID}).Take(&d).Error
	return &d, err
}

func (s *Store) GetScoped(id uint, scope func(*gorm.DB) *gorm.DB) (*models.Task, error) {
	var t models.Task
	err := s.db.Scopes(scope).First(&t, id).Error
	return &t, err
}

func (s *Store) DeleteFor(id, userID uint) error { // want DeleteFor:`scope\(owner param 1 by user_id\)`
	return s.db.Where("id = ? AND user_id = ?", id, userID).Delete(&models.Task{}).Error
}

func (s *Store) Create(t *models.Task) error {
	return s.db.Create(t).Error
}

func (s *Store) ListFor(userID uint) ([]models.Task, error) { // want ListFor:`scope\(owner param 0 by user_id\)`
	var ts []models.Task
	err := s.db.Where("user_id = ?", userID).Find(&ts).Error
	return ts, err
}

func (s *Store) RawFor(id, userID uint) (*models.Task, error) { // want RawFor:`scope\(owner param 1 by user_id\)`
	var t models.Task
	err := s.db.Raw("SELECT * FROM tasks WHERE id = ? AND user_id = ?", id, userID).Scan(&t).Error
	return &t, err
}

func (s *Store) Raw(id uint) (*models.Task, error) { // want Raw:`scope\(param 0 reaches tasks by id\)`
	var t models.Task
	err := s.db.Raw("SELECT * FROM tasks WHERE id = ?", id).Scan(&t).Error
	return &t, err
}
