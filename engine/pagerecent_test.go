package engine

import (
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/statuspage"
)

// resume hands the page the newest statuspage.MaxRecent incidents it
// read, oldest first, and keeps no other ledger.
func TestRecentLedgersKeepTheNewest(t *testing.T) {
	var r recentLedgers
	all := make([]*updates.Ledger, statuspage.MaxRecent+5)
	for i := range all {
		all[i] = &updates.Ledger{}
		r.add(all[i])
	}
	if len(r) != statuspage.MaxRecent || r[0] != all[5] || r[len(r)-1] != all[len(all)-1] {
		t.Fatalf("kept %d, first is #%d", len(r), ledgerIndex(all, r[0]))
	}
	if full := r[:cap(r)]; len(full) > len(r) && full[len(r)] != nil {
		t.Error("a dropped ledger is still referenced by the list's array")
	}
}

func ledgerIndex(all []*updates.Ledger, l *updates.Ledger) int {
	for i, x := range all {
		if x == l {
			return i
		}
	}
	return -1
}
