package postmortem

import (
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// A channel given up after one attempt says "1 attempt".
func TestTimelineGaveUpAfterOneAttempt(t *testing.T) {
	s := newScript(t, t0)
	id := s.declare(incident.Declared{Title: "Checkout down", Severity: 2})
	s.after(time.Second).add(updates.EventFailed, updates.Failed{MessageID: id, Channel: "email", Attempt: 1, Dead: true, Error: "no"})
	hasLines(t, Markdown(s.state(), timefmt.In(time.UTC)),
		"- 09:30:01 UTC — `email`: Declared message not delivered after 1 attempt; the channel was given up: `no`")
}

// A link made during the incident is in the timeline: named by the
// engineer, or found by a channel on its service (which it names).
func TestTimelineShowsLinks(t *testing.T) {
	s := newScript(t, t0)
	s.declare(incident.Declared{Title: "Checkout down", Severity: 2})
	s.after(time.Minute).add(incident.KindLinked, incident.Linked{Type: "pagerduty", ID: "PNEWEST", Found: "pd"})
	s.after(time.Minute).add(incident.KindLinked, incident.Linked{Type: "pagerduty", ID: "PT4KHLK"})
	hasLines(t, Markdown(s.state(), timefmt.In(time.UTC)),
		"- 09:31:00 UTC — `pd`: Linked to pagerduty incident PNEWEST, which pd found on its service",
		"- 09:32:00 UTC — Linked to pagerduty incident PT4KHLK")
}

// The summary a link sends is neither the declaration nor the update
// that answered a promise: the timeline calls it "Summary (linked)", and
// a promise missed before the link is judged by the next real update.
func TestLinkSummaryIsNotAnUpdate(t *testing.T) {
	s := newScript(t, t0)
	s.declare(incident.Declared{Title: "Checkout down", Severity: 2})                       // promises 09:45
	s.after(16 * time.Minute).holding(t0.Add(15 * time.Minute))                             // 09:46, promises 10:01
	recap := s.after(4*time.Minute).link("pagerduty", "PT4KHLK", s.now.Add(11*time.Minute)) // 09:50, repeats 10:01
	s.after(time.Second).add(updates.EventDelivered, updates.Delivered{MessageID: recap, Channel: "pd", Attempt: 1})
	s.after(20*time.Minute - time.Second).note("Rolled back deploy 412.") // 10:10
	st := s.state()

	ps := Promises(st.Events)
	if len(ps) != 3 {
		t.Fatalf("%d promises; want 3 (09:45, 10:01, 10:25): %+v", len(ps), ps)
	}
	if p := ps[0]; !p.Missed || !p.UpdateAt.Equal(t0.Add(40*time.Minute)) || p.Late != 25*time.Minute {
		t.Errorf("the 09:45 promise: missed %v, update at %s, late %s; want missed, answered by the 10:10 note, 25 min late", p.Missed, p.UpdateAt, p.Late)
	}
	if f := Compute(st); f.Updates != 1 || f.WorstLateness != 25*60 {
		t.Errorf("updates %d, worst lateness %d s; want 1 (the note), 1500 s", f.Updates, f.WorstLateness)
	}
	hasLines(t, Markdown(st, timefmt.In(time.UTC)),
		"- 09:50:00 UTC — Linked to pagerduty incident PT4KHLK",
		"- 09:50:01 UTC — `pd`: Summary (linked) delivered")
}

// A message keepcool held back (a drill's, to a channel that takes none
// now) reads as not sent, whatever its error says; one a provider refused
// does not. A journal written before Failed.HeldBack existed says it in
// the engine's words, and still reads as not sent.
func TestTimelineHeldBackIsNotARefusal(t *testing.T) {
	s := newScript(t, t0)
	id := s.declare(incident.Declared{Title: "Practice", Severity: 3})
	s.after(time.Second).add(updates.EventFailed, updates.Failed{MessageID: id, Channel: "pager", Error: "no drills here", Rejected: true, HeldBack: true})
	s.after(time.Second).add(updates.EventFailed, updates.Failed{MessageID: id, Channel: "old", Error: "not sent: no drills", Rejected: true})
	s.after(time.Second).add(updates.EventFailed, updates.Failed{MessageID: id, Channel: "chat", Attempt: 1, Error: "HTTP 400 Bad Request", Rejected: true})
	md := Markdown(s.state(), timefmt.In(time.UTC))
	hasLines(t, md,
		"- 09:30:01 UTC — `pager`: Declared message undelivered: not sent to this channel",
		"- 09:30:02 UTC — `old`: Declared message undelivered: not sent to this channel",
		"- 09:30:03 UTC — `chat`: Declared message undelivered: the channel refused it for good")
}
