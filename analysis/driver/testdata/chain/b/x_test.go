package b_test

import (
	"testing"

	"example.com/chain/b"
)

func TestOther(t *testing.T) { _ = b.Wrap("y") }
