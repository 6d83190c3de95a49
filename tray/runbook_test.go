package tray

import (
	"testing"

	"github.com/keepcool/keepcool/engine/api"
)

// Runbook… shows only while the incident has a checklist to show.
func TestRunbookItemOnlyWithAChecklist(t *testing.T) {
	if m := Build(status(), at(0), params); m.Items[ItemRunbook].Visible {
		t.Error("Runbook… shows for an incident declared without a runbook")
	}
	if m := Build(status(func(i *api.Incident) { i.Runbook = "empty" }), at(0), params); m.Items[ItemRunbook].Visible {
		t.Error("Runbook… shows for a runbook without items")
	}
	with := status(func(i *api.Incident) {
		i.Runbook, i.Checklist = "db-failover", []api.ChecklistItem{{N: 1, Text: "Page the DBA"}}
	})
	if m := Build(with, at(0), params); !m.Items[ItemRunbook].Visible || !m.Items[ItemRunbook].Enabled {
		t.Errorf("Runbook… with a checklist: %+v", m.Items[ItemRunbook])
	}
	if m := Build(api.Status{}, at(0), params); m.Items[ItemRunbook].Visible {
		t.Error("Runbook… shows with no incident")
	}
}
