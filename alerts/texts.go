package alerts

import (
	"fmt"
	"strings"
	"time"

	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/notify"
	"github.com/keepcool/keepcool/timefmt"
)

// What the notifications say. No CLI syntax: a desktop notification is
// read by someone who may never have opened a terminal.

const holdingKind = string(incident.NoteHolding)

func isEstimate(p engine.Prompt) bool { return p.Reason == incident.PromptEstimate }

// Each text takes the reader's style and now: a time on another day than
// now carries the day ("Next update promised by Tue 05:17 CET").

func updateDue(ts timefmt.Style, now time.Time, p engine.Prompt) notify.Notification {
	return asking(fmt.Sprintf("SEV%d update due: %s", p.Severity, p.Title),
		fmt.Sprintf("Stakeholders were promised an update by %s.", ts.Time(p.Promised, now)))
}

func estimatePassed(ts timefmt.Style, now time.Time, p engine.Prompt) notify.Notification {
	return asking(fmt.Sprintf("SEV%d estimate passed: %s", p.Severity, p.Title),
		fmt.Sprintf("The fix was expected by %s. Stakeholders need a new estimate.", ts.Time(p.Estimate.MaxAt, now)))
}

func holdingSent(ts timefmt.Style, now time.Time, inc *api.Incident, holding api.Note) notify.Notification {
	body := fmt.Sprintf("A holding message went out at %s.", ts.Time(holding.At, now))
	if inc.NextUpdateDue != nil {
		body += fmt.Sprintf(" Next update promised by %s.", ts.Time(*inc.NextUpdateDue, now))
	}
	return asking(fmt.Sprintf("SEV%d update missed: %s", inc.Severity, inc.Title), body)
}

func declared(ts timefmt.Style, now time.Time, inc *api.Incident, chans []api.Channel) notify.Notification {
	title, told := fmt.Sprintf("Declared SEV%d: %s", inc.Severity, inc.Title), "Stakeholders told"
	if inc.Drill {
		title, told = fmt.Sprintf("Declared SEV%d drill: %s", inc.Severity, inc.Title), "Drill channels told"
	}
	body := told + "."
	if failing := failingNames(chans); len(failing) > 0 {
		// What is true: a channel that is not delivering told nobody.
		body = fmt.Sprintf("%d of %d channels told; %s %s not delivering.", len(chans)-len(failing), len(chans),
			names(failing), isAre(len(failing)))
		if inc.Drill {
			body = fmt.Sprintf("Drill channels told, but %s %s not delivering.", names(failing), isAre(len(failing)))
		}
		if inc.NextUpdateDue != nil {
			body += fmt.Sprintf(" Next update by %s.", ts.Time(*inc.NextUpdateDue, now))
		}
	} else if inc.NextUpdateDue != nil {
		body = fmt.Sprintf("%s; next update by %s.", told, ts.Time(*inc.NextUpdateDue, now))
	}
	// Critical too: the shield turns do-not-disturb on as the incident starts.
	return notify.Notification{Title: title, Body: body, Urgency: notify.Critical}
}

// notDelivering tells the engineer that stakeholders stopped hearing from
// some channels, why, what waits, and where to fix it — or, when every
// channel delivers, which refused a message for good. Critical, to show
// through the shield's do-not-disturb; resident while a channel is not
// delivering: it stays until they deliver again (or the user closes it).
func notDelivering(chans []api.Channel, withActions bool) notify.Notification {
	var (
		failing, whys, refusers, refusals []string
		queued, refused                   int
	)
	for _, c := range chans {
		switch {
		case !c.Delivering():
			failing = append(failing, c.Name)
			whys = append(whys, fmt.Sprintf("%s (%s)", c.Name, c.Why()))
			queued += c.Pending
		case c.Undelivered > 0:
			refusers = append(refusers, c.Name)
			refusals = append(refusals, fmt.Sprintf("%s (%s)", c.Name, c.Reason))
			refused += c.Undelivered
		}
	}
	if len(failing) == 0 {
		return refusedMessages(refusers, refusals, refused, withActions)
	}
	body := strings.Join(whys, ", ")
	switch queued {
	case 0:
		body += "."
	case 1:
		body += ": 1 update queued."
	default:
		body += fmt.Sprintf(": %d updates queued.", queued)
	}
	if len(failing) == 1 {
		body += " Fix it, then press Test in Settings."
	} else {
		body += " Fix them, then press Test for each in Settings."
	}
	if len(refusers) > 0 {
		body += fmt.Sprintf(" %s refused %s.", names(refusers), timefmt.Count(refused, "message", "messages"))
	}
	n := notify.Notification{Title: fmt.Sprintf("%s %s not delivering", names(failing), isAre(len(failing))),
		Body: body, Urgency: notify.Critical, Resident: true}
	if withActions {
		n.Actions = []notify.Action{{Key: notify.DefaultAction, Label: "Open Settings"}, {Key: "settings", Label: "Open Settings"}}
	}
	return n
}

// refusedMessages says that channels refused messages for good (the
// provider answered 400, 413…): those stakeholders missed an update; the
// channel goes on with the next ones.
func refusedMessages(refusers, refusals []string, refused int, withActions bool) notify.Notification {
	missed := "updates"
	if refused == 1 {
		missed = "an update"
	}
	n := notify.Notification{
		Title: fmt.Sprintf("%s refused %s", names(refusers), timefmt.Count(refused, "message", "messages")),
		Body: fmt.Sprintf("Stakeholders there missed %s: %s. Later updates still go; keepcool export lists what was refused.",
			missed, strings.Join(refusals, ", ")),
		Urgency: notify.Critical,
	}
	if withActions {
		n.Actions = []notify.Action{{Key: notify.DefaultAction, Label: "Open Settings"}, {Key: "settings", Label: "Open Settings"}}
	}
	return n
}

// deliveringAgain is quiet: nothing to do any more.
func deliveringAgain(was []string) notify.Notification {
	return notify.Notification{Title: fmt.Sprintf("%s %s delivering again", names(was), isAre(len(was))),
		Body: "Stakeholders get every update again.", Urgency: notify.Low}
}

// names lists channel names as a sentence does: "ops", "ops and hook",
// "ops, hook and mail"; beyond three, how many.
func names(list []string) string {
	switch n := len(list); {
	case n == 1:
		return list[0]
	case n <= 3:
		return strings.Join(list[:n-1], ", ") + " and " + list[n-1]
	default:
		return fmt.Sprintf("%d channels", n)
	}
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// asking is a notification that stays until answered: critical (it shows
// through do-not-disturb, which keepcool's own shield turns on), and
// resident (picking its action does not take it away before the update is
// posted).
func asking(title, body string) notify.Notification {
	return notify.Notification{Title: title, Body: body, Urgency: notify.Critical, Resident: true}
}

func actions(kind ask) []notify.Action {
	label := "Post update"
	if kind == estimate {
		label = "Revise estimate"
	}
	return []notify.Action{{Key: notify.DefaultAction, Label: label}, {Key: "open", Label: label}}
}
