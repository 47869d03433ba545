// Package service sits between handlers and the store.
package service

import (
	"context"
	"errors"

	"example.com/store"
)

var ErrNotFound = errors.New("not found")

type Service struct{ store *store.Store }

// GetTask passes the id through: the fact travels up.
func (s *Service) GetTask(ctx context.Context, id int64) (*store.Task, error) { // want GetTask:`scope\(param 1 reaches tasks by id\)`
	return s.store.GetTask(ctx, id)
}

// GetTaskFor loads and checks the owner: no fact.
func (s *Service) GetTaskFor(ctx context.Context, userID, id int64) (*store.Task, error) {
	t, err := s.store.GetTask(ctx, id)
	if err != nil {
		return nil, err
	}
	if t.OwnerID != userID {
		return nil, ErrNotFound
	}
	return t, nil
}

// Delete asks an authorization helper first.
func (s *Service) Delete(ctx context.Context, userID, id int64) error { // want Delete:`scope\(checks owner of param 1; checks owner of param 2\)`
	if err := s.authorize(ctx, userID, id); err != nil {
		return err
	}
	return s.store.DeleteTask(ctx, id)
}

func (s *Service) authorize(ctx context.Context, userID, id int64) error {
	owner, err := s.store.OwnerOf(ctx, id)
	if err != nil {
		return err
	}
	if owner != userID {
		return ErrNotFound
	}
	return nil
}

// MustOwn compares the owner of its parameter: callers that pass a record
// to it have checked ownership.
func MustOwn(t *store.Task, userID int64) error { // want MustOwn:`scope\(checks owner of param 0\)`
	if t.OwnerID != userID {
		return ErrNotFound
	}
	return nil
}
