//go:build cgo

package app

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// stagedConfig is a team's config: chat channels whose webhooks are in the
// keyring, an email relay, the status page on loopback.
const stagedConfig = `[incident]
cadence = "15m"
grace = "5m"
engineer = "Sam Rivera"

[statuspage]
listen = "127.0.0.1:0"

[[channel]]
name = "ops"
type = "slack"
url = "keyring:ops-url"

[[channel]]
name = "support"
type = "discord"
url = "keyring:support-url"

[[channel]]
name = "leadership"
type = "email"
smtp = "smtp://relay.example.com:587"
username = "keepcool"
password = "env:SMTP_PASSWORD"
from = "keepcool@example.com"
to = ["cto@example.com", "head-of-support@example.com"]

[[channel]]
name = "partners"
type = "teams"
url = "keyring:partners-url"
`

func writeConfig(t *testing.T, home, toml string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(home, "config.toml"), []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
}

// stageIncident writes the journal of an incident declared 38 minutes
// before now, as the engine would have: two notes, a status change, and
// deliveries that went through, one channel retrying, one dead. The
// promised update is two minutes late, so the prompt is due.
func stageIncident(t *testing.T, dir string, now time.Time) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	declared := now.Add(-38 * time.Minute).Truncate(time.Minute)
	id := declared.UTC().Format("20060102-150405") + "-checkout-returns-500s-for-eu-cus"
	j, err := incident.CreateJournal(filepath.Join(dir, id+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	s := &stager{t: t, j: j, id: id, declared: declared, est: incident.Estimate{MinAt: declared.Add(30 * time.Minute), MaxAt: declared.Add(90 * time.Minute)}}
	all := []string{"ops", "support", "leadership", "partners", "statuspage"}
	seq := s.add(0, incident.KindDeclared, incident.Declared{ID: id, Title: "Checkout returns 500s for EU customers", Severity: 2,
		Impact: "EU customers cannot pay by card; about 30% of checkouts fail", Engineer: "Sam Rivera",
		Known: "Errors started at " + declared.Format("15:04") + ", right after deploy 412", Unknown: "Whether failed orders were charged",
		Plan: "Roll back deploy 412 and watch the error rate", Estimate: s.est,
		StartedAt: declared.Add(-9 * time.Minute), Runbook: &incident.Runbook{Name: "bad-deploy", Items: []string{
			"Freeze deploys in #releases", "Roll back to the last good release", "Watch the error rate for 10 minutes",
			"Check for failed payments in the ledger"}, BackOut: "If the rollback fails, fail payments over to the secondary region (runbook payments-failover)."}})
	s.send(seq, 0, updates.KindDeclared, "", all, map[string]string{"partners": "dead"})
	s.add(2, incident.KindChecklistTicked, incident.ChecklistTicked{Item: 1, Text: "Freeze deploys in #releases"})
	s.add(7, incident.KindStatusChanged, incident.StatusChanged{Status: incident.Identified})
	seq = s.add(7, incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "Payment pods crash-loop since deploy 412; rolling it back"})
	s.send(seq, 7, updates.KindNote, "Payment pods crash-loop since deploy 412; rolling it back", all, map[string]string{"partners": "held"})
	s.add(19, incident.KindChecklistTicked, incident.ChecklistTicked{Item: 2, Text: "Roll back to the last good release", Note: "took 11 min"})
	seq = s.add(21, incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "Rollback done: error rate down from 31% to 4%, still above normal"})
	s.send(seq, 21, updates.KindNote, "Rollback done: error rate down from 31% to 4%, still above normal", all,
		map[string]string{"support": "retrying", "partners": "held"})
}

type stager struct {
	t        *testing.T
	j        *incident.Journal
	id       string
	declared time.Time
	est      incident.Estimate
}

// add appends one event, minutes after the declaration, and returns its seq.
func (s *stager) add(minutes int, kind string, data any) int {
	s.t.Helper()
	ev, err := incident.NewEvent(s.declared.Add(time.Duration(minutes)*time.Minute), kind, data)
	if err != nil {
		s.t.Fatal(err)
	}
	if ev, err = s.j.Append(ev); err != nil {
		s.t.Fatal(err)
	}
	return ev.Seq
}

// send records the message of event seq and how each channel fared:
// delivered unless fates says "retrying", "dead", or "held" (queued
// behind a dead channel: nothing recorded).
func (s *stager) send(seq, minutes int, kind updates.Kind, note string, to []string, fates map[string]string) {
	at := s.declared.Add(time.Duration(minutes) * time.Minute)
	m := updates.Message{ID: s.id + "/" + strconv.Itoa(seq), Kind: kind, At: at, IncidentID: s.id,
		Title: "Checkout returns 500s for EU customers", Severity: 2, Status: "investigating", DeclaredAt: s.declared,
		Engineer: "Sam Rivera", Note: note, Estimate: s.est, NextUpdateBy: at.Add(15 * time.Minute)}
	s.add(minutes, updates.EventQueued, updates.Queued{Message: m, Channels: to})
	for _, ch := range to {
		switch fates[ch] {
		case "held":
		case "dead":
			s.add(minutes, updates.EventFailed, updates.Failed{MessageID: m.ID, Channel: ch, Attempt: 1,
				Error: "HTTP 404 Not Found: the webhook was deleted", Dead: true})
		case "retrying":
			s.add(minutes, updates.EventFailed, updates.Failed{MessageID: m.ID, Channel: ch, Attempt: 3,
				Error: "HTTP 503 Service Unavailable", RetryAt: time.Now().Add(time.Minute)})
		default:
			s.add(minutes, updates.EventDelivered, updates.Delivered{MessageID: m.ID, Channel: ch, Attempt: 1})
		}
	}
}

// stagePast writes the journals of past incidents and drills, the weeks
// before now, as History lists them: estimates that held and that ran
// over, updates on time and late, drills getting quicker.
func stagePast(t *testing.T, dir string, now time.Time) {
	t.Helper()
	past := []struct {
		days, sev, est, took, first, late int // minutes, but days
		title, scenario                   string
	}{
		{days: 40, sev: 2, est: 90, took: 115, first: 9, late: 6, title: "Search results empty for logged-in users"},
		{days: 33, sev: 3, est: 90, took: 70, first: 7, late: 0, title: "Drill: primary database fails over", scenario: "db-failover"},
		{days: 26, sev: 1, est: 60, took: 50, first: 4, late: 0, title: "Payments time out at the card processor"},
		{days: 19, sev: 3, est: 90, took: 62, first: 5, late: 0, title: "Drill: primary database fails over", scenario: "db-failover"},
		{days: 12, sev: 2, est: 90, took: 80, first: 6, late: 3, title: "Login emails arrive an hour late"},
		{days: 5, sev: 3, est: 90, took: 48, first: 3, late: 0, title: "Drill: primary database fails over", scenario: "db-failover"},
		{days: 2, sev: 2, est: 90, took: 140, first: 12, late: 9, title: "Image uploads fail with 413"},
	}
	for _, p := range past {
		declared := now.Add(-time.Duration(p.days) * 24 * time.Hour).Truncate(time.Minute)
		id := declared.UTC().Format("20060102-150405") + "-past"
		j, err := incident.CreateJournal(filepath.Join(dir, id+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		s := &stager{t: t, j: j, id: id, declared: declared, est: incident.Estimate{MinAt: declared.Add(30 * time.Minute), MaxAt: declared.Add(time.Duration(p.est) * time.Minute)}}
		to := []string{"ops"}
		seq := s.add(0, incident.KindDeclared, incident.Declared{ID: id, Title: p.title, Severity: p.sev, Engineer: "Sam Rivera",
			Estimate: s.est, Drill: p.scenario != "", Scenario: p.scenario})
		s.send(seq, 0, updates.KindDeclared, "", to, nil)
		for m := p.first; m < p.took; m += 15 {
			at := m
			if m == p.first {
				at += p.late
			}
			seq = s.add(at, incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "Still working on it"})
			s.send(seq, at, updates.KindNote, "Still working on it", to, nil)
		}
		s.add(p.took, incident.KindResolved, incident.Resolution{Summary: "Fixed"})
		j.Close()
	}
}
