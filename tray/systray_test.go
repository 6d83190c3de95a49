//go:build !darwin || cgo

package tray

import (
	"strings"
	"testing"
	"unicode/utf16"
)

func TestPlatformText(t *testing.T) {
	idle, active := Model{Kind: Idle, Title: "keepcool · no incident"}, Model{Kind: Active, Title: "SEV2 · 42 min"}
	if titleShown(idle, "darwin") != "" || titleShown(active, "darwin") != active.Title || titleShown(idle, "linux") != idle.Title {
		t.Error("macOS shows a title in the menu bar only during an incident; others always")
	}
	long := "SEV2 · 42 min · next update 09:45\n" + strings.Repeat("Checkout returns 500s for every EU customer ", 4)
	if got := tooltipShown(long, "linux"); got != long {
		t.Error("only Windows cuts the tooltip")
	}
	got := tooltipShown(long, "windows")
	if n := len(utf16.Encode([]rune(got))); n > 120 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("Windows tooltip (%d UTF-16 units): %q", n, got)
	}
}
