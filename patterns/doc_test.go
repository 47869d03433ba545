package patterns_test

import (
	"testing"

	"github.com/prodready/prodready/patterns"
)

func TestRegisterRejectsDuplicates(t *testing.T) {
	p := &patterns.Pattern{ID: "test/duplicate-check"}
	patterns.Register(p)
	defer func() {
		if recover() == nil {
			t.Fatal("registering the same ID twice did not panic")
		}
	}()
	patterns.Register(&patterns.Pattern{ID: "test/duplicate-check"})
}
