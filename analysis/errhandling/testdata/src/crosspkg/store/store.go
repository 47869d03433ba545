// Package store returns errors with internal detail.
package store

import (
	"errors"
	"fmt"
	"os"
)

type Task struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

var ErrNotFound = errors.New("not found")

func GetTask(id string) (*Task, error) {
	b, err := os.ReadFile("/var/lib/tasks/" + id)
	if err != nil {
		return nil, fmt.Errorf("read task %s: %w", id, err)
	}
	return &Task{ID: id, Title: string(b)}, nil
}

func DeleteTask(id string) error {
	return os.Remove("/var/lib/tasks/" + id)
}
