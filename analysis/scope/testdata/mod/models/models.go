// Package models holds gorm models.
package models

import "github.com/google/uuid"

type Task struct {
	ID     uint
	UserID uint
	Title  string
}

type Doc struct {
	ID      uuid.UUID
	OrgID   uint
	Content string
}
