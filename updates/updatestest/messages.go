// Package updatestest holds the messages every channel's tests send: one
// realistic incident with an update of every kind, hostile text that must
// come out inert and readable, and the small helpers the channels' fakes
// share. Only tests import it.
package updatestest

import (
	"strings"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// zone is the engine's: not UTC, so a channel that sends times shows that
// it keeps the offset.
var zone = time.FixedZone("CET", 3600)

// Clock is a wall-clock time on the day of the incident: Clock("09:30").
func Clock(hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2025-03-14 "+hhmm, zone)
	if err != nil {
		panic(err)
	}
	return t
}

// Message is a progress note on a SEV2 incident declared at 09:00, sent at
// 09:30 and promising the next update by 09:45, of kind and changed in
// nothing else; Kinds fills in what each kind carries.
func Message(kind updates.Kind) updates.Message {
	return updates.Message{
		ID: "inc-1/7", Kind: kind, At: Clock("09:30"),
		IncidentID: "inc-1", Title: "Checkout returns 500s", Severity: 2,
		Status: "investigating", DeclaredAt: Clock("09:00"), Engineer: "Sam",
		Note:         "Rolled back the deploy; error rate falling.",
		Estimate:     incident.Estimate{MinAt: Clock("10:00"), MaxAt: Clock("10:30")},
		NextUpdateBy: Clock("09:45"),
		StatusPage:   "http://127.0.0.1:8725/",
	}
}

// Case is a message and what any channel must show of it, as plain text.
type Case struct {
	Message updates.Message
	Want    []string
}

// Kinds is one message of every kind, and a drill, by test name (the
// kind's own name for each kind).
func Kinds() map[string]Case {
	declared := Message(updates.KindDeclared)
	declared.Note = ""
	declared.Impact, declared.Known = "EU customers cannot pay", "500s since the 08:55 deploy"
	declared.Unknown, declared.Plan = "whether orders were lost", "compare the order log with payments"
	noChange := Message(updates.KindNoChange)
	noChange.Note = "No change yet."
	holding := Message(updates.KindHolding)
	holding.Note = "We are still working on it; the next update is coming."
	est := Message(updates.KindEstimate)
	est.PreviousEstimate = incident.Estimate{MinAt: Clock("09:40"), MaxAt: Clock("10:00")}
	est.Why = "The rollback needs a cache flush."
	status := Message(updates.KindStatus)
	status.Status, status.Note = "monitoring", ""
	resolved := Message(updates.KindResolved)
	resolved.Status, resolved.ResolvedAt, resolved.NextUpdateBy = "resolved", Clock("10:05"), time.Time{}
	resolved.Summary, resolved.RootCause = "Checkout works again.", "A bad config push"
	drill := Message(updates.KindNote)
	drill.Drill = true
	tomorrow := Message(updates.KindEstimate)
	tomorrow.PreviousEstimate = tomorrow.Estimate
	tomorrow.Estimate = incident.Estimate{MinAt: Clock("10:44").AddDate(0, 0, 1), MaxAt: Clock("20:44").AddDate(0, 0, 1)}
	return map[string]Case{
		"declared": {declared, []string{"Incident declared", "Checkout returns 500s: we are investigating.", "EU customers cannot pay",
			"500s since the 08:55 deploy", "whether orders were lost", "compare the order log with payments", "10:00–10:30 CET", "09:00 CET", "Next update by 09:45 CET"}},
		"note":      {Message(updates.KindNote), []string{"Update", "Rolled back the deploy", "investigating", "10:00–10:30 CET", "30 min, since 09:00 CET", "Next update by 09:45 CET"}},
		"no-change": {noChange, []string{"No change yet", "Next update by 09:45 CET"}},
		"holding":   {holding, []string{"Still working on it", "next update is coming", "Next update by 09:45 CET"}},
		"estimate":  {est, []string{"Estimate revised", "cache flush", "10:00–10:30 CET (revised from 09:40–10:00 CET)", "Next update by 09:45 CET"}},
		// 14 March 2025 is a Friday: an estimate for the next day says so.
		"estimate tomorrow": {tomorrow, []string{"Estimate revised", "Sat 10:44–20:44 CET (revised from 10:00–10:30 CET)", "Next update by 09:45 CET"}},
		"status":            {status, []string{"Status: monitoring", "Checkout returns 500s: a fix is in place and we are monitoring it.", "Next update by 09:45 CET"}},
		"resolved":          {resolved, []string{"Resolved", "Checkout works again", "1 h 05 min", "A bad config push"}},
		"test":              {Message(updates.KindTest), []string{"Test message", "this channel works"}},
		"drill":             {drill, []string{"[DRILL] SEV2", "Rolled back the deploy", "Next update by 09:45 CET"}},
	}
}

// UntitledTest is a test message with no incident, not even a title: the
// least a channel may be asked to show.
func UntitledTest() updates.Message {
	return updates.Message{ID: "test", Kind: updates.KindTest, At: Clock("09:30")}
}

// Tricks is every trick a pasted line could play: a script, mentions in
// every channel's syntax, markup and a terminal escape.
const Tricks = "<script>alert(1)</script> <!channel> <!here> @channel @here @everyone <@U123> **bold** _x_ " +
	"`code` [link](http://evil) & < > \x1b[31m"

// HostileReadable is what must still be readable of HostileNote: the
// terminal escape gone whole, everything else shown as typed.
const HostileReadable = "<script>alert(1)</script> <!channel> <!here> @channel @here @everyone <@U123> **bold** _x_ " +
	"`code` [link](http://evil) & < > lorem ipsum"

// HostileNote is Tricks, then 100 KB of text and invalid UTF-8.
func HostileNote() string {
	return Tricks + strings.Repeat("lorem ipsum ", 100<<10/12) + "\xff\xfe"
}

// ExtrasNote is markup Tricks lacks: Adaptive Card date substitution,
// block markdown at line starts, Discord spoilers and subtext, Google
// Chat's mention and link forms.
const ExtrasNote = "{{DATE(2026-01-01T00:00:00Z, SHORT)}}\n- item\n1. first\n# head\n> quote\n" +
	"||spoiler|| -# sub <users/all> <https://evil|click> ~strike~ &lt;at&gt;"

// Quotes is 100 KB of what JSON must escape: every byte doubles.
func Quotes() string { return strings.Repeat(`"\`, 50<<10) }

// Hostile is a message made of hostile strings and the text that must
// still be readable in its body.
type Hostile struct {
	Message  updates.Message
	Readable string
}

// Hostiles: a drill declaration whose every string is HostileNote (title,
// status, engineer, impact, known, unknown, plan, note), an all-clear
// (summary, root cause), a status change (the status is in the label
// too), a note of ExtrasNote and a declaration of Quotes.
func Hostiles() map[string]Hostile {
	h := HostileNote()
	d := Message(updates.KindDeclared)
	d.Title, d.Note, d.Status, d.Engineer = h, h, h, h
	d.Impact, d.Known, d.Unknown, d.Plan = h, h, h, h
	d.Drill = true
	r := Message(updates.KindResolved)
	r.ResolvedAt, r.NextUpdateBy = Clock("10:00"), time.Time{}
	r.Title, r.Summary, r.RootCause, r.Status = h, h, h, h
	x := Message(updates.KindNote)
	x.Title, x.Note = ExtrasNote, ExtrasNote
	st := Message(updates.KindStatus)
	st.Status, st.Note = h, h
	q := Message(updates.KindDeclared)
	qs := Quotes()
	q.Note, q.Impact, q.Known, q.Unknown, q.Plan = qs, qs, qs, qs, qs
	return map[string]Hostile{
		"declared": {d, HostileReadable}, "resolved": {r, HostileReadable}, "status": {st, HostileReadable},
		"extras": {x, "{{DATE("}, "quotes": {q, qs[:40]},
	}
}

// Poison puts hostile text in every untrusted field of m: line in those
// shown on one line (title, status, engineer), note in the others.
func Poison(m updates.Message, line, note string) updates.Message {
	m.Title, m.Status, m.Engineer = line, line, line
	m.Note, m.Why, m.Summary, m.RootCause = note, note, note, note
	m.Impact, m.Known, m.Unknown, m.Plan = note, note, note, note
	return m
}
