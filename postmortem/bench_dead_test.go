package postmortem

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// BenchmarkBuildDeadChannel is BenchmarkBuild with one of the channels
// given up at the declaration: its 10,002 messages are all listed as
// still queued, each quoted from its event.
//
//	go test -run '^$' -bench BuildDeadChannel -benchmem -count 5 ./postmortem/
func BenchmarkBuildDeadChannel(b *testing.B) {
	s := newScript(b, t0)
	s.to = []string{"slack", "status-page", "email"}
	declared := s.declare(incident.Declared{Title: "Checkout returns 500s", Severity: 2, Estimate: s.estimateIn(30*time.Minute, time.Hour)})
	s.add(updates.EventFailed, updates.Failed{MessageID: declared, Channel: "email", Attempt: 1, Dead: true, Error: "HTTP 404 Not Found"})
	for i := range 10000 {
		id := s.after(30 * time.Second).note(fmt.Sprintf("Step %d: failing over `pg-%d`.", i, i%3))
		s.after(time.Second)
		for _, ch := range s.to[:2] {
			s.add(updates.EventDelivered, updates.Delivered{MessageID: id, Channel: ch, Attempt: 1})
		}
	}
	s.after(time.Minute).resolve("Failed over.", "A migration locked the orders table.")
	st, ts := s.state(), timefmt.In(time.UTC)
	md := Build(st, ts).Markdown()
	for _, want := range []string{"- `email` — 10002 messages not delivered; keepcool gave the channel up",
		"  - … 9982 more …\n", "Step 9999: failing over", "resolved message `“Failed over.”`"} {
		if !strings.Contains(md, want) {
			b.Fatalf("the post-mortem lacks %q", want)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = Build(st, ts).Markdown()
	}
}
