package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// Inputs past keepcool's limits are refused with an error that says where
// and what to do, before they cost memory: a config of 100 channels or a
// 10 MB engineer's name, a 100 KB title.

func TestLimitConfigOfAHundredChannels(t *testing.T) {
	var b strings.Builder
	for i := range 100 {
		fmt.Fprintf(&b, "[[channel]]\nname = \"hook%d\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:9/hook\"\n\n", i)
	}
	r := newHome(t, b.String()).run("daemon")
	want := "config.toml:321: channel #65: there are 100 channels; keepcool takes at most 64: remove 36"
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Fatalf("daemon: exit %d\nstderr: %.2000s\nwant exit 1 and %q", r.code, r.stderr, want)
	}
}

func TestLimitEngineerName(t *testing.T) {
	for _, tc := range []struct{ name, engineer, want string }{
		{"10 MB", strings.Repeat("x", 10<<20), "config.toml:1: the file is over 1024 KiB, larger than any keepcool config"},
		{"101 characters", strings.Repeat("é", 101), "config.toml:3: incident.engineer is 101 characters long; it may be at most 100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newHome(t, "[incident]\n\nengineer = \""+tc.engineer+"\"\n").run("daemon")
			if r.code != 1 || !strings.Contains(r.stderr, tc.want) || len(r.stderr) > 1000 {
				t.Fatalf("daemon: exit %d\nstderr: %.1000s\nwant exit 1 and %q", r.code, r.stderr, tc.want)
			}
		})
	}
}

func TestLimitTitleRefusedByStart(t *testing.T) {
	h := newHome(t, "")
	h.startDaemon()
	r := h.run("start", strings.Repeat("x", 100_000), "--eta", "30m-90m")
	want := "the title is 100,000 characters, and at most 200 go out: shorten it"
	if r.code != 2 || !strings.Contains(r.stderr, want) || len(r.stderr) > 1000 {
		t.Fatalf("start: exit %d\nstderr: %.1000s\nwant exit 2 and %q", r.code, r.stderr, want)
	}
	if st := h.status(); st.Incident != nil {
		t.Fatalf("an incident was declared: %+v", st.Incident)
	}
}
