package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
)

// BenchmarkResume is the engine's cold start over an active incident of
// 10,000 notes with the real event mix: each note, its message queued (a
// full updates.Message), and a receipt from each of 3 channels. It reports
// the heap the engine keeps afterwards (MB-live).
func BenchmarkResume(b *testing.B) {
	dir := b.TempDir()
	paths := config.Paths{StateDir: filepath.Join(dir, "state"), Socket: filepath.Join(dir, "keepcool.sock")}
	chans := []string{"ops", "pager", "mail"}
	w := newJournalWriter(b, paths.IncidentsDir(), "20261124-090000-db", time.Now().Add(-48*time.Hour), chans...)
	m := w.declare("DB down")
	for i := range 10000 {
		w.note(m, fmt.Sprintf("progress note %d: still rolling back the EU replicas, error rate at %d%%", i, i%100))
	}
	w.j.Close()
	var regs []Registered
	for _, c := range chans {
		regs = append(regs, Registered{Type: "webhook", Channel: &endpoint{name: c}})
	}
	var live uint64
	for b.Loop() {
		e, err := New(Options{Paths: paths, Config: config.Default(), Channels: regs})
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
		b.StopTimer()
		live = liveHeap()
		cancel()
		e.outbox.Wait()
		e.closeJournals()
		runtime.KeepAlive(e)
		b.StartTimer()
	}
	b.ReportMetric(float64(live)/(1<<20), "MB-live")
}

func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
