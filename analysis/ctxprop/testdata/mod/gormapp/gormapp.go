package gormapp

import (
	"context"
	"encoding/json"
	"net/http"

	"gorm.io/gorm"
)

type Task struct {
	ID     uint
	UserID uint
	Title  string
}

type Server struct {
	db *gorm.DB
}

var DB *gorm.DB

func (s *Server) listTasks(w http.ResponseWriter, r *http.Request) {
	var tasks []Task
	s.db.Where("user_id = ?", 1).Find(&tasks) // want `gorm's Find on s.db does not pass the request's context \(no WithContext\); when the client goes away the query keeps running`
	_ = json.NewEncoder(w).Encode(tasks)
}

func (s *Server) createTask(w http.ResponseWriter, r *http.Request) {
	t := Task{Title: "x"}
	DB.Create(&t) // want `gorm's Create on DB does not pass the request's context`
}

func (s *Server) viaLocal(w http.ResponseWriter, r *http.Request) {
	q := s.db.Model(&Task{}).Where("user_id = ?", 1)
	var n int64
	q.Count(&n) // want `gorm's Count on s.db does not pass the request's context`
}

func (s *Server) transaction(w http.ResponseWriter, r *http.Request) {
	_ = s.db.Transaction(func(tx *gorm.DB) error { // want `gorm's Transaction on s.db does not pass the request's context`
		return tx.Create(&Task{Title: "y"}).Error
	})
}

// Negatives.

func (s *Server) withContext(w http.ResponseWriter, r *http.Request) {
	var tasks []Task
	s.db.WithContext(r.Context()).Where("user_id = ?", 1).Find(&tasks)
}

func (s *Server) withContextLocal(w http.ResponseWriter, r *http.Request) {
	db := s.db.WithContext(r.Context())
	var t Task
	db.First(&t, 1)
	db.Model(&t).Update("title", "z")
}

func (s *Server) transactionWithContext(w http.ResponseWriter, r *http.Request) {
	_ = s.db.WithContext(r.Context()).Transaction(func(tx *gorm.DB) error {
		return tx.Create(&Task{Title: "y"}).Error
	})
}

// fromParam: the *gorm.DB given may carry a context already.
func fromParam(ctx context.Context, db *gorm.DB) error {
	return db.Create(&Task{}).Error
}

func seed() { // want seed:"nocontext\\(DB.Create\\)"
	DB.Create(&Task{Title: "seed"})
}
