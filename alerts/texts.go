package alerts

import (
	"fmt"
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

func declared(ts timefmt.Style, now time.Time, inc *api.Incident) notify.Notification {
	title, told := fmt.Sprintf("Declared SEV%d: %s", inc.Severity, inc.Title), "Stakeholders told"
	if inc.Drill {
		title, told = fmt.Sprintf("Declared SEV%d drill: %s", inc.Severity, inc.Title), "Drill channels told"
	}
	body := told + "."
	if inc.NextUpdateDue != nil {
		body = fmt.Sprintf("%s; next update by %s.", told, ts.Time(*inc.NextUpdateDue, now))
	}
	// Critical too: the shield turns do-not-disturb on as the incident starts.
	return notify.Notification{Title: title, Body: body, Urgency: notify.Critical}
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
