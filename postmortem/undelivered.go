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
		b.WriteString("\nThe channel refused these messages for good; keepcool did not send them again.\n\n")
	}
	for _, name := range refused {
		for _, r := range l.Channels[name].Undelivered {
			fmt.Fprintf(&b, "- %s — %s — %s%s: %s\n", codeSpan(name), at(r.At), kindLabel(r.Kind), quoted(st, r.MessageID), codeSpan(r.Error))
		}
	}
	if len(queued) > 0 {
		b.WriteString("\nThese were still queued when this was written. keepcool sends them once the channel takes messages " +
			"(`keepcool channels test NAME` tries a given-up channel again); until then stakeholders there have not read them.\n\n")
	}
	for _, name := range queued {
		c := l.Channels[name]
		fmt.Fprintf(&b, "- %s — %s not delivered%s\n", codeSpan(name), timefmt.Count(len(c.Pending), "message", "messages"), channelState(c, at))
		for _, m := range c.Pending {
			fmt.Fprintf(&b, "  - %s — %s%s\n", at(m.At), kindLabel(m.Kind), quoted(st, m.ID))
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

// quoted is the start of what message id said, so two refused notes of one
// second are told apart: ` “Failing over to the…”`; "" when the journal
// has no text for it.
func quoted(st incident.State, id string) string {
	seq, ok := updates.MessageSeq(id)
	if !ok {
		return ""
	}
	for _, ev := range st.Events {
		if ev.Seq != seq {
			continue
		}
		var t string
		d, _ := ev.Decode() // a damaged event has no text (the timeline says it is unreadable)
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
	return ""
}
