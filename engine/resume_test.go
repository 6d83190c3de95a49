package engine

import (
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// requeue's pass is skipped only when every event that sends a message has
// its message queued.
func TestRequeueNeeded(t *testing.T) {
	ev := func(seq int, kind string) incident.Event { return incident.Event{Seq: seq, At: time.Now(), Kind: kind} }
	events := []incident.Event{ev(1, incident.KindDeclared), ev(2, updates.EventQueued), ev(3, incident.KindPrompted), ev(4, incident.KindNote)}
	ledger := func(ids ...string) *updates.Ledger {
		l := &updates.Ledger{}
		for _, id := range ids {
			l.Messages = append(l.Messages, updates.MessageRef{ID: id})
		}
		return l
	}
	for _, tt := range []struct {
		name   string
		ledger *updates.Ledger
		want   bool
	}{
		{"all queued", ledger("inc/1", "inc/4"), false},
		{"the note not queued", ledger("inc/1"), true},
		{"another incident's message", ledger("inc/1", "other/4"), true},
		{"nothing queued", ledger(), true},
	} {
		if got := requeueNeeded("inc", events, tt.ledger); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
