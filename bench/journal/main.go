// Command journal measures the latency of one journal append: encode, write
// and fsync, the price every note pays before the engine acts on it. It
// compares, in the same run and on the same disk, an append without fsync.
//
//	go run ./bench/journal -n 2000 [-dir DIR]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/keepcool/keepcool/bench/stats"
	"github.com/keepcool/keepcool/incident"
)

func main() {
	n := flag.Int("n", 2000, "appends per run")
	dir := flag.String("dir", "", "directory for the journal (default: a temp dir under $TMPDIR)")
	flag.Parse()
	if err := run(*n, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "journal bench:", err)
		os.Exit(1)
	}
}

func run(n int, dir string) error {
	tmp, err := os.MkdirTemp(dir, "keepcool-bench")
	if dir == "" {
		dir = os.TempDir()
	}
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	j, err := incident.CreateJournal(filepath.Join(tmp, "inc.jsonl"))
	if err != nil {
		return err
	}
	defer j.Close()
	ev, err := incident.NewEvent(time.Now(), incident.KindNote, incident.NoteAdded{
		Kind: incident.NoteProgress, Text: "Rolled back deploy 412; error rate falling, watching the EU replicas",
	})
	if err != nil {
		return err
	}
	samples := make([]time.Duration, 0, n)
	for range n {
		start := time.Now()
		if _, err := j.Append(ev); err != nil {
			return err
		}
		samples = append(samples, time.Since(start))
	}
	fmt.Printf("journal append + fsync in %s:  %s\n", dir, stats.Of(samples))

	// The same write without fsync, for scale: what durability costs.
	f, err := os.OpenFile(filepath.Join(tmp, "nosync.jsonl"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	line := []byte(`{"seq":1,"at":"2026-11-24T09:00:00Z","kind":"note","data":{"kind":"note","text":"Rolled back deploy 412"}}` + "\n")
	samples = samples[:0]
	for range n {
		start := time.Now()
		if _, err := f.Write(line); err != nil {
			return err
		}
		samples = append(samples, time.Since(start))
	}
	fmt.Printf("write without fsync (reference):  %s\n", stats.Of(samples))
	return nil
}
