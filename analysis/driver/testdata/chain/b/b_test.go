package b

import "testing"

func TestWrap(t *testing.T) {
	if Wrap("x") != "X" {
		t.Fatal(Wrap("x"))
	}
}
