package postmortem

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// undelivered is the post-mortem's "Undelivered messages" section: every
// message a channel refused for good, with the provider's answer, then
// every message still queued to a channel when it was written (a dead
// channel's backlog, an all-clear on its way), channel by channel
// (configuration order is not known to a journal, so by name). "" when
// every message went.
func undelivered(st incident.State, ts timefmt.Style) string {
	l := updates.Replay(st.Events)
	quotes := quoter{st: st}
	var refused, queued []string
	for name, c := range l.Channels {
		if len(c.Undelivered) > 0 {
			refused = append(refused, name)
		}
		if len(c.Pending) > 0 {
			queued = append(queued, name)
		}
	}
	if len(refused) == 0 && len(queued) == 0 {
		return ""
	}
	slices.Sort(refused)
	slices.Sort(queued)
	at := func(t time.Time) string { return ts.Day(t, st.DeclaredAt) + ts.ClockSeconds(t) + " " + ts.ZoneName(t) }
	var b strings.Builder
	b.WriteString("\n## Undelivered messages\n")
	if len(refused) > 0 {
		b.WriteString("\nThese were not delivered and are not tried again: the channel refused them for good, " +
			"or keepcool did not send them (the reason says which).\n\n")
	}
	for _, name := range refused {
		for _, r := range l.Channels[name].Undelivered {
			fmt.Fprintf(&b, "- %s — %s — %s%s: %s\n", codeSpan(name), at(r.At), kindLabel(r.Kind), quotes.of(r.MessageID), codeSpan(r.Error))
		}
	}
	if len(queued) > 0 {
		b.WriteString("\nThese were still queued when this was written. keepcool sends them once the channel takes messages " +
			"(`keepcool channels test NAME` tries a given-up channel again); until then stakeholders there have not read them.\n\n")
	}
	for _, name := range queued {
		c := l.Channels[name]
		fmt.Fprintf(&b, "- %s — %s not delivered%s\n", codeSpan(name), timefmt.Count(len(c.Pending), "message", "messages"), channelState(c, at))
		for i, m := range c.Pending {
			if skip := len(c.Pending) - queuedHead - queuedTail; skip > 1 && i >= queuedHead && i < queuedHead+skip {
				if i == queuedHead {
					fmt.Fprintf(&b, "  - … %d more …\n", skip)
				}
				continue
			}
			fmt.Fprintf(&b, "  - %s — %s%s\n", at(m.At), kindLabel(m.Kind), quotes.of(m.ID))
		}
	}
	return b.String()
}

// channelState says why a channel still owes messages: given up, failing
// (and since when, with its latest answer), or "" when it was not failing.
func channelState(c *updates.ChannelLog, at func(time.Time) string) string {
	switch {
	case c.Dead && !c.FailingSince.IsZero():
		return fmt.Sprintf("; keepcool gave the channel up after %s, failing since %s: %s", timefmt.Count(c.Attempts, "attempt", "attempts"), at(c.FailingSince), codeSpan(c.LastError))
	case c.Dead:
		return fmt.Sprintf("; keepcool gave the channel up: %s", codeSpan(c.LastError))
	case c.LastError != "":
		return fmt.Sprintf("; the channel was failing since %s, keepcool still trying: %s", at(c.FailingSince), codeSpan(c.LastError))
	}
	return ""
}

// kindLabel names a message by its kind: "note message", "message" when
// the kind is not known.
func kindLabel(k updates.Kind) string {
	if k == "" {
		return "message"
	}
	return string(k) + " message"
}

// codeSpan shows untrusted text (a provider's answer) literally in
// Markdown, on one line: a code span opened by more backticks than the
// text holds in a row.
func codeSpan(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence, pad := strings.Repeat("`", longest+1), ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " " // CommonMark strips one space each side
	}
	return fence + pad + s + pad + fence
}

// A channel's still-queued messages are listed from the first
// queuedHead and the last queuedTail (the all-clear among them): a
// channel dead for a long incident owes thousands.
const queuedHead, queuedTail = 15, 5

// quoter quotes messages from an incident's events, indexed by seq on
// first use: a dead channel's backlog quotes thousands of them.
type quoter struct {
	st    incident.State
	bySeq map[int]int // event index by seq
}

// of is the start of what message id said, so two refused notes of one
// second are told apart: ` “Failing over to the…”`; "" when the journal
// has no text for it.
func (q *quoter) of(id string) string {
	seq, ok := updates.MessageSeq(id)
	if !ok {
		return ""
	}
	if q.bySeq == nil {
		q.bySeq = make(map[int]int, len(q.st.Events))
		for i, ev := range q.st.Events {
			if _, dup := q.bySeq[ev.Seq]; !dup { // the first, as a scan finds it
				q.bySeq[ev.Seq] = i
			}
		}
	}
	i, ok := q.bySeq[seq]
	if !ok {
		return ""
	}
	var t string
	d, _ := q.st.Events[i].Decode() // a damaged event has no text (the timeline says it is unreadable)
	switch d := d.(type) {
	case incident.NoteAdded:
		t = d.Text
	case incident.Resolution:
		t = d.Summary
	case incident.Declared:
		t = d.Title
	}
	if t == "" {
		return ""
	}
	if r := []rune(t); len(r) > 60 {
		t = string(r[:60]) + "…"
	}
	return " " + codeSpan("“"+t+"”")
}
