package lsp

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	t.Setenv("GOGC", "150") // the user's choice stands
	debug.SetGCPercent(150)
	if prev := TuneGC(); prev != 150 {
		t.Errorf("TuneGC with GOGC set returned %d, want the setting 150", prev)
	}
	if now := debug.SetGCPercent(150); now != 150 {
		t.Errorf("TuneGC with GOGC set changed the setting to %d", now)
	}

	if err := os.Unsetenv("GOGC"); err != nil { // t.Setenv restores it
		t.Fatal(err)
	}
	if prev := TuneGC(); prev != 150 {
		t.Errorf("TuneGC returned %d, want the previous setting 150", prev)
	}
	if now := debug.SetGCPercent(100); now != ServerGCPercent {
		t.Errorf("after TuneGC the setting is %d, want %d", now, ServerGCPercent)
	}
}
