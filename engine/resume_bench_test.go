package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
)

// BenchmarkResume is the engine's cold start over an active incident of
// 10,000 notes with the real event mix: each note, its message queued (a
// full updates.Message), and a receipt from each of 3 channels. "whole"
// replays the whole journal (the first start of a journal without a
// snapshot), "snapshot" starts from the snapshot a clean stop leaves. It
// reports the heap the engine keeps afterwards (MB-live).
func BenchmarkResume(b *testing.B) {
	dir := b.TempDir()
	paths := config.Paths{StateDir: filepath.Join(dir, "state"), Socket: filepath.Join(dir, "keepcool.sock")}
	chans := []string{"ops", "pager", "mail"}
	const id = "20261124-090000-db"
	w := newJournalWriter(b, paths.IncidentsDir(), id, time.Now().Add(-48*time.Hour), chans...)
	m := w.declare("DB down")
	for i := range 10000 {
		w.note(m, fmt.Sprintf("progress note %d: still rolling back the EU replicas, error rate at %d%%", i, i%100))
	}
	w.j.Close()
	var regs []Registered
	for _, c := range chans {
		regs = append(regs, Registered{Type: "webhook", Channel: &endpoint{name: c}})
	}
	snap := filepath.Join(paths.IncidentsDir(), id+snapshotExt)
	for _, tt := range []struct {
		name  string
		every int
	}{{"whole", 1 << 30}, {"snapshot", 1}} {
		b.Run(tt.name, func(b *testing.B) {
			os.Remove(snap)
			opts := Options{Paths: paths, Config: config.Default(), Channels: regs, SnapshotEvery: tt.every}
			if tt.every == 1 { // a stop leaves the snapshot
				resumeOnce(b, opts).closeJournals()
			}
			var live uint64
			for b.Loop() {
				e := resumeOnce(b, opts)
				b.StopTimer()
				live = liveHeap()
				e.cancel()
				e.outbox.Wait()
				e.closeJournals()
				runtime.KeepAlive(e)
				b.StartTimer()
			}
			b.ReportMetric(float64(live)/(1<<20), "MB-live")
		})
	}
}

type resumed struct {
	*Engine
	cancel context.CancelFunc
}

func resumeOnce(b *testing.B, opts Options) resumed {
	e, err := New(opts)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.startOutbox(ctx)
	if err := e.resume(); err != nil {
		b.Fatal(err)
	}
	if e.journal == nil {
		b.Fatal("no active incident resumed")
	}
	return resumed{e, cancel}
}

func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
