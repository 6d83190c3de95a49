package teams

import (
	"strings"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// hostileNote is every trick a pasted note could play, then 100 KB of text
// and invalid UTF-8.
var hostileNote = "<script>alert(1)</script> <!channel> <!here> @channel @here @everyone <@U123> **bold** _x_ " +
	"`code` [link](http://evil) & < > \x1b[31m" + strings.Repeat("lorem ipsum ", 100<<10/12) + "\xff\xfe"

// hostileReadable is what must still be readable of it (the escape
// character gone, everything else shown as typed).
const hostileReadable = "<script>alert(1)</script> <!channel> <!here> @channel @here @everyone <@U123> **bold** _x_ " +
	"`code` [link](http://evil) & < > [31mlorem ipsum"

var (
	declaredAt = time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	at         = declaredAt.Add(12 * time.Minute)
	estimate   = incident.Estimate{MinAt: declaredAt.Add(30 * time.Minute), MaxAt: declaredAt.Add(75 * time.Minute)}
)

// message is a note on a SEV2 incident; kinds below change what they need.
func message(kind updates.Kind) updates.Message {
	return updates.Message{
		ID: "inc-42/7", Kind: kind, At: at,
		IncidentID: "inc-42", Title: "Checkout returns 500s", Severity: 2, Status: "investigating",
		DeclaredAt: declaredAt, Engineer: "Sam",
		Note:         "Rolled back the deploy; error rate falling.",
		Estimate:     estimate,
		NextUpdateBy: at.Add(15 * time.Minute), // 09:27
		StatusPage:   "http://127.0.0.1:8725/",
	}
}

// kinds is one message of every kind, by test name, with what each must say.
func kinds() map[string]struct {
	m    updates.Message
	want []string
} {
	type c = struct {
		m    updates.Message
		want []string
	}
	declared := message(updates.KindDeclared)
	declared.Impact, declared.Known, declared.Unknown, declared.Plan = "EU customers cannot pay", "5xx since 08:58", "which deploy", "bisect the last two"
	declared.Note = ""
	est := message(updates.KindEstimate)
	est.PreviousEstimate = incident.Estimate{MinAt: declaredAt.Add(20 * time.Minute), MaxAt: declaredAt.Add(50 * time.Minute)}
	est.Why = "The rollback needs a cache flush."
	status := message(updates.KindStatus)
	status.Status, status.Note = "mitigated", ""
	resolved := message(updates.KindResolved)
	resolved.ResolvedAt, resolved.NextUpdateBy = declaredAt.Add(65*time.Minute), time.Time{}
	resolved.Summary, resolved.RootCause, resolved.Status = "Checkout is back to normal.", "A bad feature flag", "resolved"
	drill := message(updates.KindNote)
	drill.Drill = true
	holding := message(updates.KindHolding)
	holding.Note = "We are still working on it; the next update is coming."
	noChange := message(updates.KindNoChange)
	noChange.Note = "No change yet."
	return map[string]c{
		"declared":  {declared, []string{"Incident declared", "We are investigating Checkout returns 500s", "EU customers cannot pay", "5xx since 08:58", "which deploy", "bisect the last two", "09:30–10:15", "Next update by 09:27"}},
		"note":      {message(updates.KindNote), []string{"Update", "Rolled back the deploy", "investigating", "09:30–10:15", "12 min", "Next update by 09:27"}},
		"no-change": {noChange, []string{"No change yet", "Next update by 09:27"}},
		"holding":   {holding, []string{"Still working on it", "next update is coming", "Next update by 09:27"}},
		"estimate":  {est, []string{"Estimate revised", "cache flush", "09:30–10:15 (revised from 09:20–09:50)", "Next update by 09:27"}},
		"status":    {status, []string{"Status: mitigated", "The incident is now mitigated", "Next update by 09:27"}},
		"resolved":  {resolved, []string{"Resolved", "Checkout is back to normal", "1 h 05 min", "A bad feature flag"}},
		"test":      {message(updates.KindTest), []string{"Test message", "this channel works"}},
		"drill":     {drill, []string{"[DRILL] SEV2", "Rolled back the deploy", "Next update by 09:27"}},
	}
}

// extrasNote is markup the brief's note lacks: Adaptive Card date
// substitution, block markdown at line starts, Discord spoilers and subtext,
// Google Chat's mention and link forms.
const extrasNote = "{{DATE(2026-01-01T00:00:00Z, SHORT)}}\n- item\n1. first\n# head\n> quote\n" +
	"||spoiler|| -# sub <users/all> <https://evil|click> ~strike~ &lt;at&gt;"

// hostile is a message made of hostile strings and the text that must
// still be readable in its body.
type hostile struct {
	m        updates.Message
	readable string
}

// hostiles: a declaration whose every string is the hostile note (title,
// status, impact, known, unknown, plan, note), an all-clear (summary, root
// cause), a status change, a note of extra markup and one of JSON escapes.
func hostiles() map[string]hostile {
	d := message(updates.KindDeclared)
	d.Title, d.Note, d.Status, d.Engineer = hostileNote, hostileNote, hostileNote, hostileNote
	d.Impact, d.Known, d.Unknown, d.Plan = hostileNote, hostileNote, hostileNote, hostileNote
	d.Drill = true
	r := message(updates.KindResolved)
	r.ResolvedAt, r.NextUpdateBy = declaredAt.Add(time.Hour), time.Time{}
	r.Title, r.Summary, r.RootCause, r.Status = hostileNote, hostileNote, hostileNote, hostileNote
	x := message(updates.KindNote)
	x.Title, x.Note = extrasNote, extrasNote
	st := message(updates.KindStatus) // the status is in the label too
	st.Status, st.Note = hostileNote, hostileNote
	q := message(updates.KindDeclared) // quotes and backslashes double in JSON
	q.Note, q.Impact, q.Known, q.Unknown, q.Plan = quotes, quotes, quotes, quotes, quotes
	return map[string]hostile{
		"declared": {d, hostileReadable}, "resolved": {r, hostileReadable}, "status": {st, hostileReadable},
		"extras": {x, "{{DATE("}, "quotes": {q, quotes[:40]},
	}
}

// quotes is 100 KB of what JSON must escape.
var quotes = strings.Repeat(`"\\`, 50<<10)
