package engine

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
)

// A runbook is named as ls shows it too (db-failover.md), and one without
// a checklist is refused at the declaration rather than declared with an
// empty one that `keepcool runbook` then says is not there.
func TestRunbookNamedByFileAndEmptyOneRefused(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	paths := testPaths(t)
	r := runbookEngine(t, paths, clk, &endpoint{name: "ops"})
	dir := filepath.Join(filepath.Dir(paths.ConfigFile), "runbooks")
	if err := os.WriteFile(filepath.Join(dir, "notes.md"), []byte("# Notes\n\nJust prose, no items.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 2, ETA: "1h", Runbook: "notes"})
	if apiStatus(err) != http.StatusBadRequest || !strings.Contains(err.Error(), `runbook "notes" has no checklist items`) {
		t.Fatalf("an empty runbook: %v", err)
	}
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 2, ETA: "1h", Runbook: "db-failover.md"})
	if err != nil || inc.Runbook != "db-failover" || len(inc.Checklist) != 3 {
		t.Fatalf("start --runbook db-failover.md: %+v, %v", inc, err)
	}
}
