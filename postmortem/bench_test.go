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

// BenchmarkBuild measures what resolve pays to write ID.md: the
// post-mortem (Build and Markdown) of an incident of 10,000 notes, each
// delivered to 3 channels.
//
//	go test -run '^$' -bench Build -benchmem -count 5 ./postmortem/
func BenchmarkBuild(b *testing.B) {
	benchBuild(b, false, "Step 9999")
}

// BenchmarkBuildDeadChannel is BenchmarkBuild with the email channel
// given up at the declaration: its 10,002 messages are still queued,
// listed in part and quoted.
func BenchmarkBuildDeadChannel(b *testing.B) {
	benchBuild(b, true, "- `email` — 10002 messages not delivered; keepcool gave the channel up",
		"  - … 9982 more …\n", "resolved message `“Failed over.”`")
}

func benchBuild(b *testing.B, emailDead bool, want ...string) {
	s := newScript(b, t0)
	s.to = []string{"slack", "status-page", "email"}
	declared := s.declare(incident.Declared{Title: "Checkout returns 500s", Severity: 2, Estimate: s.estimateIn(30*time.Minute, time.Hour)})
	delivers := s.to
	if emailDead {
		s.add(updates.EventFailed, updates.Failed{MessageID: declared, Channel: "email", Attempt: 1, Dead: true, Error: "HTTP 404 Not Found"})
		delivers = s.to[:2]
	}
	for i := range 10000 {
		id := s.after(30 * time.Second).note(fmt.Sprintf("Step %d: failing over `pg-%d`; *watching* the error rate.", i, i%3))
		s.after(time.Second)
		for _, ch := range delivers {
			s.add(updates.EventDelivered, updates.Delivered{MessageID: id, Channel: ch, Attempt: 1})
		}
	}
	s.after(time.Minute).resolve("Failed over.", "A migration locked the orders table.")
	st, ts := s.state(), timefmt.In(time.UTC)
	md := Build(st, ts).Markdown()
	for _, w := range want {
		if !strings.Contains(md, w) {
			b.Fatalf("the post-mortem lacks %q", w)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = Build(st, ts).Markdown()
	}
}
