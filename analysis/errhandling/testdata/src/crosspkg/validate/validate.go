// Package validate builds client-facing validation errors and imports no
// net/http: its SafeError facts must still be computed.
package validate

import (
	"errors"
	"fmt"
)

var ErrEmpty = errors.New("must not be empty")

func Title(s string) error { // want Title:"safe error"
	if s == "" {
		return fmt.Errorf("title: %w", ErrEmpty)
	}
	if len(s) > 100 {
		return fmt.Errorf("title is longer than %d characters", 100)
	}
	return nil
}

func Task(title, owner string) (err error) { // want Task:"safe error"
	if err = Title(title); err != nil {
		return
	}
	if owner == "" {
		err = errors.New("owner is required")
	}
	return
}
