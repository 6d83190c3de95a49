//go:build cgo

package app

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/timefmt"
)

func TestFixRangeNamesTheZoneOnce(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, cet) }
	for _, tc := range []struct {
		e    api.Estimate
		want string
	}{
		{api.Estimate{MinAt: at(24, 9, 30), MaxAt: at(24, 10, 15)}, "09:30–10:15 CET"},
		{api.Estimate{MinAt: at(24, 9, 30), MaxAt: at(24, 9, 30)}, "by 09:30 CET"},
		{api.Estimate{MinAt: at(24, 23, 30), MaxAt: at(25, 0, 30)}, "23:30–Wed 00:30 CET"},
	} {
		d := &deps{now: func() time.Time { return tc.e.MinAt }, ts: timefmt.In(cet)}
		d.styleOnce.Do(func() {}) // the style is set: no config to read
		if got := d.fixRangeNow(tc.e); got != tc.want {
			t.Errorf("fixRangeNow = %q, want %q", got, tc.want)
		}
	}
}

// The windows read the config's zone and clock; without them, the clock's
// zone and the locale's clock.
func TestWindowsReadTheConfiguredZoneAndClock(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.toml")
	now := time.Date(2026, 11, 24, 9, 50, 0, 0, time.UTC) // a Tuesday
	d := &deps{now: func() time.Time { return now }, configFile: cfg,
		getenv: func(k string) string { return map[string]string{"LANG": "en_US.UTF-8"}[k] }}
	tomorrow := now.Add(20 * time.Hour)
	if got, want := d.when(tomorrow), "Wed 5:50 AM UTC"; got != want {
		t.Errorf("no config, en_US: when = %q, want %q", got, want)
	}
	if err := os.WriteFile(cfg, []byte("[incident]\ntimezone = \"Europe/Berlin\"\nclock = \"24h\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A window reads the config once, when it opens: the next one sees it.
	d = &deps{now: d.now, configFile: cfg, getenv: d.getenv}
	if got, want := d.when(now), "10:50 CET"; got != want {
		t.Errorf("Berlin, 24h: when = %q, want %q", got, want)
	}
	if got, want := d.fixRangeNow(api.Estimate{MinAt: tomorrow, MaxAt: tomorrow.Add(10 * time.Hour)}), "Wed 06:50–16:50 CET"; got != want {
		t.Errorf("Berlin, 24h: fixRangeNow = %q, want %q", got, want)
	}
	if got := d.style().Zone.String(); got != "Europe/Berlin" {
		t.Errorf("loc = %s, want the configured zone", got)
	}
}
