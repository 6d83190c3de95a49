package postmortem

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// Entry is one line of the timeline. Text is plain text; Detail, when
// set, is a provider's answer or an error, quoted as it came.
type Entry struct {
	Kind    string    `json:"kind"`
	At      time.Time `json:"at"`
	Text    string    `json:"text"`
	Channel string    `json:"channel,omitempty"`
	Detail  string    `json:"detail,omitempty"`
	// md, when set, is Text as Markdown, for a text that quotes the
	// runbook's own Markdown (a checklist item).
	md string
}

// Timeline entry kinds. They are in the JSON post-mortem: never rename one.
const (
	EntryStarted        = "started"
	EntryDeclared       = "declared"
	EntryNote           = "note"
	EntryNoChange       = "no_change"
	EntryHolding        = "holding"
	EntryStatus         = "status"
	EntryEstimate       = "estimate"
	EntryPromptAnswered = "prompt_answered"
	EntryPromptMissed   = "prompt_missed"
	EntryPromptOpen     = "prompt_open"
	EntrySnoozed        = "snoozed"
	EntryShieldUp       = "shield_up"
	EntryShieldDown     = "shield_down"
	EntryChecklist      = "checklist"
	EntryScenario       = "scenario"
	EntryLinked         = "linked" // linked to its incident in another tool, after the declaration
	EntrySent           = "sent"
	EntryRetried        = "retried"
	EntryGaveUp         = "gave_up"
	EntryUndelivered    = "undelivered"
	EntryResolved       = "resolved"
	EntryUnreadable     = "unreadable" // an event whose data could not be decoded
)

// Timeline is everything that happened in the incident, in journal order
// (the trouble's start, when given, first): what the engineer did, what
// keepcool did by itself and each message's fate on each channel. Texts
// give times in ts.
func Timeline(st incident.State, ts timefmt.Style) []Entry {
	tl := timeline{st: st, ts: ts, names: map[string]string{}, out: []Entry{}}
	if !st.StartedAt.IsZero() {
		tl.add(EntryStarted, st.StartedAt, "The trouble began (as the engineer told it at the declaration)")
	}
	est := incident.Estimate{}
	for i, e := range st.Events {
		v, err := e.Decode()
		if err != nil {
			tl.unreadable(e, err)
			continue
		}
		switch d := v.(type) {
		case incident.Declared:
			est = d.Estimate
			tl.declared(e, d)
		case incident.NoteAdded:
			tl.note(e, d)
		case incident.StatusChanged:
			tl.add(EntryStatus, e.At, "Status changed to "+string(d.Status))
		case incident.EstimateRevised:
			tl.revised(e, d, est)
			est = d.Estimate
		case incident.Snoozed:
			tl.add(EntrySnoozed, e.At, "Prompts snoozed until "+stamp(ts, d.Until, st.DeclaredAt))
		case incident.Prompted:
			tl.prompted(e, d, st.Events[i+1:])
		case incident.Resolution:
			tl.add(EntryResolved, e.At, "Resolved"+suffix(": ", d.Summary))
		default:
			tl.other(e, d)
		}
	}
	return tl.out
}

// timeline is Timeline's work in progress.
type timeline struct {
	st    incident.State
	ts    timefmt.Style
	names map[string]string // message id → how the timeline names it, as queued (messageName)
	out   []Entry
}

func (tl *timeline) add(kind string, at time.Time, text string) *Entry {
	tl.out = append(tl.out, Entry{Kind: kind, At: at, Text: text})
	return &tl.out[len(tl.out)-1]
}

// when is t as the timeline reads it, to the second: its day when not
// the declaration's, and its zone.
func (tl *timeline) when(t time.Time) string { return stamp(tl.ts, t, tl.st.DeclaredAt) }

// stamp is t to the second, with its day when not ref's, and its zone.
func stamp(ts timefmt.Style, t, ref time.Time) string {
	return ts.Day(t, ref) + ts.ClockSeconds(t) + " " + ts.ZoneName(t)
}

func (tl *timeline) declared(e incident.Event, d incident.Declared) {
	text := fmt.Sprintf("Declared SEV%d: %s", d.Severity, d.Title)
	if d.Drill {
		text = fmt.Sprintf("Declared a drill, SEV%d: %s", d.Severity, d.Title)
	}
	if !d.Estimate.IsZero() {
		text += "; fix expected " + d.Estimate.Text(tl.ts, tl.st.DeclaredAt)
	}
	if d.Runbook != nil {
		text += "; runbook " + d.Runbook.Name
	}
	if d.Scenario != "" {
		text += "; scenario " + d.Scenario
	}
	tl.add(EntryDeclared, e.At, text)
}

func (tl *timeline) note(e incident.Event, d incident.NoteAdded) {
	switch d.Kind {
	case incident.NoteNoChange:
		tl.add(EntryNoChange, e.At, "No-change update"+suffix(": ", d.Text))
	case incident.NoteHolding:
		text := "Holding message sent: the update was not posted in time"
		if !d.Promised.IsZero() {
			text = "Holding message sent: the update promised by " + tl.when(d.Promised) + " was not posted"
		}
		tl.add(EntryHolding, e.At, text+suffix(" — ", d.Text))
	default:
		tl.add(EntryNote, e.At, "Update: "+d.Text)
	}
}

func (tl *timeline) revised(e incident.Event, d incident.EstimateRevised, was incident.Estimate) {
	text := "Estimate revised: fix expected " + d.Estimate.Text(tl.ts, tl.st.DeclaredAt)
	if !was.IsZero() {
		text += " (was " + was.Text(tl.ts, tl.st.DeclaredAt) + ")"
	}
	tl.add(EntryEstimate, e.At, text+suffix(" — ", d.Why))
}

// prompted says what the engineer was asked, and how the asking ended:
// answered (how late against the time asked about), missed (a holding
// message went instead) or still open.
func (tl *timeline) prompted(e incident.Event, d incident.Prompted, rest []incident.Event) {
	asked := "Asked for the update promised by " + tl.when(d.For)
	if d.Reason == incident.PromptEstimate {
		asked = "Asked for a new estimate: the fix was expected by " + tl.when(d.For)
	}
	if d.For.IsZero() {
		asked = "Asked for an update"
	}
	answer, holding := answerTo(d.Reason, d.For, rest)
	kind, text := EntryPromptOpen, asked+"; not answered"
	if !answer.IsZero() {
		kind, text = EntryPromptAnswered, asked+"; answered at "+tl.when(answer)+lateness(answer, d.For)
	}
	if !holding.IsZero() {
		kind = EntryPromptMissed
		text = asked + "; missed: a holding message went at " + tl.when(holding)
		if !answer.IsZero() {
			text += "; the update came at " + tl.when(answer) + lateness(answer, d.For)
		}
	}
	tl.add(kind, e.At, text)
}

// answerTo finds, in the events after a prompt, when the engineer
// answered it (zero: never) and, for an update prompt, when a holding
// message went for the same promise before that (zero: none).
func answerTo(reason incident.PromptReason, promised time.Time, rest []incident.Event) (answer, holding time.Time) {
	for _, e := range rest {
		switch e.Kind {
		case incident.KindNote:
			v, err := e.Decode()
			d, ok := v.(incident.NoteAdded)
			if err != nil || !ok || reason == incident.PromptEstimate {
				continue
			}
			if d.Kind != incident.NoteHolding {
				return e.At, holding
			}
			if holding.IsZero() && (d.Promised.IsZero() || d.Promised.Equal(promised)) {
				holding = e.At
			}
		case incident.KindStatusChanged:
			if reason != incident.PromptEstimate {
				return e.At, holding
			}
		case incident.KindEstimateRevised, incident.KindResolved:
			return e.At, holding
		}
	}
	return time.Time{}, holding
}

// lateness says how long after the time asked about an answer came, to
// the second as both read.
func lateness(answer, due time.Time) string {
	late := lateBy(answer, due)
	if due.IsZero() || late == 0 {
		return ", in time"
	}
	return ", " + spanText(late) + " late"
}

// other is every event not of the incident's own core, decoded as d: the
// shield, the checklist, a drill's scripted events, and the outbox's
// records.
func (tl *timeline) other(e incident.Event, d any) {
	switch d := d.(type) {
	case incident.ShieldSaved:
		tl.add(EntryShieldUp, e.At, "Focus shield up ("+d.Backend+")")
	case incident.ShieldRestored:
		tl.add(EntryShieldDown, e.At, "Focus shield down ("+d.Backend+suffix(", ", shieldReason(d.Reason))+")")
	case incident.ChecklistTicked:
		done := fmt.Sprintf("Checklist item %d done: ", d.Item)
		en := tl.add(EntryChecklist, e.At, done+d.Text+suffix(" — ", d.Note))
		en.md = done + runbookInline(d.Text) + suffix(" — ", mdEscape(d.Note))
	case incident.Linked:
		tl.add(EntryLinked, e.At, d.Text()).Channel = d.Found
	case incident.ScenarioEvent:
		tl.add(EntryScenario, e.At, "Drill scenario: "+cmp.Or(d.Text, d.Kind)).Channel = d.Channel
	case updates.Queued:
		tl.names[d.Message.ID] = messageName(d.Message)
	case updates.Delivered:
		text := tl.message(d.MessageID) + " delivered"
		if d.Attempt > 1 {
			text += fmt.Sprintf(" (attempt %d)", d.Attempt)
		}
		tl.add(EntrySent, e.At, text).Channel = d.Channel
	case updates.Failed:
		tl.failed(e, d)
	}
}

func (tl *timeline) failed(e incident.Event, d updates.Failed) {
	var en *Entry
	switch {
	case d.Rejected:
		why := "the channel refused it for good"
		if heldBack(d) {
			why = "not sent to this channel"
		}
		en = tl.add(EntryUndelivered, e.At, tl.message(d.MessageID)+" undelivered: "+why)
		en.Detail = updates.Answer(d.Error)
	case d.Dead:
		en = tl.add(EntryGaveUp, e.At, fmt.Sprintf("%s not delivered after %s; the channel was given up", tl.message(d.MessageID), timefmt.Count(d.Attempt, "attempt", "attempts")))
		en.Detail = d.Error
	default:
		text := fmt.Sprintf("%s failed (attempt %d)", tl.message(d.MessageID), d.Attempt)
		if !d.RetryAt.IsZero() {
			text += "; retried from " + tl.when(d.RetryAt)
		}
		en = tl.add(EntryRetried, e.At, text)
		en.Detail = d.Error
	}
	en.Channel = d.Channel
}

// heldBack reports whether keepcool itself did not send the message (a
// drill's, to a channel that takes none now) rather than the channel
// refusing it. Journals written before Failed.HeldBack existed say so only
// in the engine's words, which all began "not sent:".
func heldBack(d updates.Failed) bool {
	return d.HeldBack || strings.HasPrefix(d.Error, "not sent:")
}

// message names a message by its kind ("Note message"), as queued, or
// "Message" when its queueing is not in the journal.
func (tl *timeline) message(id string) string {
	return cmp.Or(tl.names[id], timefmt.Capital(kindLabel("")))
}

// recapName is the summary sent when the incident was linked to another
// tool's incident (Message.Recap): a declared message for those channels,
// but not the declaration.
const recapName = "Summary (linked)"

// messageName names m in the timeline: "Note message", "Summary (linked)".
func messageName(m updates.Message) string {
	if m.Recap {
		return recapName
	}
	return timefmt.Capital(kindLabel(m.Kind))
}

func shieldReason(r string) string {
	switch r {
	case "resolved":
		return "the incident was resolved"
	case "quit":
		return "keepcool quit"
	case "start":
		return "put back at a start after a crash"
	}
	return r
}

// unreadable says in the timeline what could not be read, rather than
// leave a silent gap.
func (tl *timeline) unreadable(e incident.Event, err error) {
	tl.add(EntryUnreadable, e.At, fmt.Sprintf("Event %d (%s) could not be read and is left out", e.Seq, e.Kind)).Detail = err.Error()
}

func suffix(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}
