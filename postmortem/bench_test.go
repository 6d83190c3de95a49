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
	s := newScript(b, t0)
	s.to = []string{"slack", "status-page", "email"}
	s.declare(incident.Declared{Title: "Checkout returns 500s", Severity: 2, Estimate: s.estimateIn(30*time.Minute, time.Hour)})
	for i := range 10000 {
		id := s.after(30 * time.Second).note(fmt.Sprintf("Step %d: failing over `pg-%d`; *watching* the error rate.", i, i%3))
		s.after(time.Second)
		for _, ch := range s.to {
			s.add(updates.EventDelivered, updates.Delivered{MessageID: id, Channel: ch, Attempt: 1})
		}
	}
	s.after(time.Minute).resolve("Failed over.", "A migration locked the orders table.")
	st, ts := s.state(), timefmt.In(time.UTC)
	if md := Build(st, ts).Markdown(); !strings.Contains(md, "Step 9999") {
		b.Fatal("the post-mortem lacks the last note")
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = Build(st, ts).Markdown()
	}
}
