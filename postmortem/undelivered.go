package postmortem

import (
	"fmt"
	"slices"
	"strings"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// undelivered is the post-mortem's "Undelivered messages" section:
// every message a channel refused for good, with the provider's answer,
// channel by channel (configuration order is not known to a journal, so by
// name). "" when every message went.
func undelivered(st incident.State, ts timefmt.Style) string {
	l := updates.Replay(st.Events)
	names := make([]string, 0, len(l.Channels))
	for name, c := range l.Channels {
		if len(c.Undelivered) > 0 {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString("\n## Undelivered messages\n\n")
	b.WriteString("The channel refused these messages for good; keepcool did not send them again.\n\n")
	for _, name := range names {
		for _, r := range l.Channels[name].Undelivered {
			at := ts.Day(r.At, st.DeclaredAt) + ts.ClockSeconds(r.At) + " " + ts.ZoneName(r.At)
			fmt.Fprintf(&b, "- %s — %s — %s%s: %s\n", codeSpan(name), at, kindLabel(r.Kind), quoted(st, r.MessageID), codeSpan(r.Error))
		}
	}
	return b.String()
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
