package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
)

// printJSON writes v as indented JSON, the form scripts read.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// notesShown is how many recent notes `status` lists.
const notesShown = 5

func statusCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the active incident, the next update due and the last notes",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, st, err := e.status(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(e.stdout, st)
			}
			printStatus(e.stdout, st, e.reader())
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the status as JSON (the format scripts rely on)")
	return cmd
}

func printStatus(w io.Writer, st api.Status, r reader) {
	inc := st.Incident
	if inc == nil {
		fmt.Fprintln(w, "No active incident. Declare one with: keepcool start \"TITLE\" --eta 30m-90m")
		printShield(w, st.Shield, false)
		return
	}
	drill := ""
	if inc.Drill {
		drill = "  [DRILL]"
	}
	fmt.Fprintf(w, "SEV%d · %s · %s%s\n", inc.Severity, inc.Title, inc.Status, drill)
	fmt.Fprintf(w, "  Declared   %s (%s)", r.at(&inc.DeclaredAt), timefmt.Ago(r.now.Sub(inc.DeclaredAt)))
	if inc.Engineer != "" {
		fmt.Fprintf(w, " by %s", inc.Engineer)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  Estimate   fix expected %s%s\n", r.estimate(inc.Estimate), r.revisionNote(inc.Estimate))
	if inc.NextUpdateDue != nil {
		fmt.Fprintf(w, "  Next update by %s %s\n", r.at(inc.NextUpdateDue), relative(*inc.NextUpdateDue, r.now))
	}
	for _, typ := range slices.Sorted(maps.Keys(inc.Links)) {
		fmt.Fprintf(w, "  Linked     %s incident %s (keepcool link %s ID changes it)\n", typ, inc.Links[typ], typ)
	}
	if line := checklistLine(*inc); line != "" {
		fmt.Fprintln(w, line)
	}
	if inc.SnoozedUntil != nil {
		fmt.Fprintf(w, "  Prompts snoozed until %s\n", r.at(inc.SnoozedUntil))
	}
	if inc.MissedUpdates > 0 {
		fmt.Fprintf(w, "  Missed updates: %d (holding messages went out)\n", inc.MissedUpdates)
	}
	for _, d := range inc.Damage {
		fmt.Fprintf(w, "  Damaged journal: %s\n", d)
	}
	printNotes(w, inc.Notes, inc.NoteCount(), r)
	for _, ch := range st.Channels {
		fmt.Fprintf(w, "  Channel %-12s %-10s %s: %d delivered, %d pending %s\n", ch.Name, ch.Type, ch.State, ch.Delivered, ch.Pending, channelDetail(ch))
	}
	printShield(w, st.Shield, true)
}

// channelDetail is what status says after a channel's counts: its last
// error, or, for a channel that delivers yet refused messages of this
// incident for good, how many and the last refusal, so the refusal does
// not read as a current failure; a delivery's warning (LastError, a Slack
// root not edited) goes before it, not in its place.
func channelDetail(ch api.Channel) string {
	if !ch.Delivering() || ch.Undelivered == 0 {
		return ch.LastError
	}
	refusal := ch.LastRefusal
	if refusal == "" { // an engine older than last_refusal put it in LastError
		refusal = ch.LastError
	}
	d := fmt.Sprintf("(%s of this incident not delivered, not to be retried; the last: %s)",
		timefmt.Count(ch.Undelivered, "message", "messages"), refusal)
	if ch.LastError != "" && ch.LastError != refusal {
		d = ch.LastError + " " + d
	}
	return d
}

// printShield lists the focus shield's back-ends; when idle, only those
// that need the user (unavailable or failed).
func printShield(w io.Writer, shield []api.ShieldBackend, active bool) {
	for _, s := range shield {
		if !active && s.State != "unavailable" && s.State != "failed" {
			continue
		}
		line := fmt.Sprintf("  Shield  %-8s %s", s.Name, s.State)
		if s.Error != "" {
			line += ": " + s.Error
		}
		fmt.Fprintln(w, line)
	}
}

// printNotes lists the last notes of total (the engine sends the latest
// ones only: api.Incident.NoteCount).
func printNotes(w io.Writer, notes []api.Note, total int, r reader) {
	if len(notes) == 0 {
		fmt.Fprintln(w, "  No notes yet: keepcool note \"what changed\"")
		return
	}
	shown := notes[max(0, len(notes)-notesShown):]
	if total > len(notes) {
		fmt.Fprintf(w, "  Last notes (showing the last %d of %d notes; keepcool export has all; times in %s):\n", len(shown), total, r.ts.ZoneName(r.now))
	} else {
		fmt.Fprintf(w, "  Last notes (%d of %d, times in %s):\n", len(shown), total, r.ts.ZoneName(r.now))
	}
	for _, n := range shown {
		fmt.Fprintf(w, "    %s  %-9s %s\n", r.ts.TimeNoZone(n.At, r.now), n.Kind, ellipsis(n.Text, 100))
	}
}

func (r reader) revisionNote(e api.Estimate) string {
	if e.Revisions == 0 || len(e.History) == 0 {
		return ""
	}
	first := e.History[0]
	return fmt.Sprintf(" (revised %s, first was %s)", timefmt.Times(e.Revisions),
		r.estimate(api.Estimate{MinAt: first.FromMin, MaxAt: first.FromMax}))
}

func relative(t, now time.Time) string {
	if d := t.Sub(now); d >= 0 {
		return "(in " + duration(d) + ")"
	}
	return "(OVERDUE by " + duration(now.Sub(t)) + ")"
}

// reader writes times as the user reads them at now: in their zone, named,
// on their clock, with the day when not today.
type reader struct {
	ts  timefmt.Style
	now time.Time
}

// reader reads the config for the user's zone and clock.
func (e *env) reader() reader { return reader{ts: e.readerStyle(), now: time.Now()} }

// clock is a time of day as the user reads it now: "09:30 CET", "Tue 10:44
// CET", or "—" for none.
func (e *env) clock(t *time.Time) string { return e.reader().at(t) }

// estimateRange is an estimate as the user reads it now: "09:30–10:30 CET",
// "by 09:45 CET".
func (e *env) estimateRange(est api.Estimate) string { return e.reader().estimate(est) }

// clock is e.clock in this machine's zone on a 24-hour clock, for code
// that has no env at hand.
func clock(t *time.Time) string { return reader{now: time.Now()}.at(t) }

func (r reader) at(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "—"
	}
	return r.ts.Time(*t, r.now)
}

func (r reader) estimate(e api.Estimate) string {
	s := incident.Estimate{MinAt: e.MinAt, MaxAt: e.MaxAt}.Text(r.ts, r.now)
	if !strings.ContainsRune(s, '–') {
		return "by " + s
	}
	return s
}

// duration renders 1h05m, 42m, 35s.
func duration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d >= time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	case d >= time.Minute:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	}
	return fmt.Sprintf("%ds", int(d.Seconds()))
}

func ellipsis(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
