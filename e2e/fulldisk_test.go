package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
)

// smallDisk mounts a tmpfs of size bytes for the test (root only) and
// returns its path.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("a full disk is made with a small tmpfs: needs root on Linux")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+strconv.Itoa(size), "keepcool-e2e", dir).CombinedOutput(); err != nil {
		t.Skipf("mount a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// filler takes the disk's free space and gives it back a little at a time.
type filler struct {
	t     *testing.T
	dir   string
	files []string
}

// fill writes 4 KiB files until the disk is full.
func (f *filler) fill() {
	block := make([]byte, 4096)
	for i := len(f.files); ; i++ {
		name := filepath.Join(f.dir, fmt.Sprintf("filler-%05d", i))
		err := os.WriteFile(name, block, 0o600)
		if err != nil {
			os.Remove(name)
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			f.t.Fatal(err)
		}
		f.files = append(f.files, name)
	}
}

// free gives back n blocks (all with n < 0).
func (f *filler) free(n int) {
	for len(f.files) > 0 && n != 0 {
		last := f.files[len(f.files)-1]
		if err := os.Remove(last); err != nil {
			f.t.Fatal(err)
		}
		f.files = f.files[:len(f.files)-1]
		n--
	}
}

// A disk that fills and frees while notes are posted: what the CLI said
// was stored is stored and reaches the webhook; what it said failed is in
// neither; and across a restart the webhook gets each channel's messages in
// order, never an older one after a newer one.
func TestFullDiskKeepsJournalAndDeliveriesConsistent(t *testing.T) {
	disk := smallDisk(t, 512<<10)
	rcv := newReceiver(t)
	h := &home{t: t, dir: filepath.Join(disk, "home")}
	if err := os.MkdirAll(h.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.dir, "config.toml"), []byte(webhookConfig(rcv.srv.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	d := h.startDaemon()
	h.must("start", "Payments failing", "--eta", "30m-1h")
	poll.ForWithin(t, 10*time.Second, "the declaration to arrive", func() bool { return len(rcv.received()) == 1 })

	f := &filler{t: t, dir: disk}
	stored, failed := map[string]bool{}, map[string]bool{}
	post := func(text string) {
		r := h.run("note", text)
		switch {
		case r.code == 0:
			stored[text] = true
		case strings.Contains(r.stderr, "may have been recorded"):
			t.Fatalf("note %q: the engine did not answer on a full disk:\n%s", text, r.stderr)
		default:
			failed[text] = true
		}
	}
	n := 0
	for round := range 6 {
		f.fill()
		f.free(round % 3) // 0, 1 or 2 blocks: room for some appends, not all
		for range 4 {
			n++
			post(fmt.Sprintf("Update %d from the rollback", n))
		}
		time.Sleep(300 * time.Millisecond) // let deliveries try to record on the full disk
	}
	if len(failed) == 0 || len(stored) < 2 {
		t.Fatalf("the disk never filled as the test needs: %d stored, %d failed", len(stored), len(failed))
	}
	t.Logf("on the full disk: %d notes stored, %d refused", len(stored), len(failed))
	f.free(-1)
	post("Rollback complete")
	d.stop(t)

	d = h.startDaemon()
	defer d.stop(t)
	h.must("resolve", "Rolled back")
	var exp struct {
		Incident api.Incident `json:"incident"`
	}
	if err := json.Unmarshal([]byte(h.must("export", "--format", "json")), &exp); err != nil {
		t.Fatal(err)
	}
	inJournal := map[string]int{}
	for _, note := range exp.Incident.Notes {
		inJournal[note.Text]++
	}
	for text := range stored {
		if inJournal[text] != 1 {
			t.Errorf("note %q was reported stored; the journal holds it %d times", text, inJournal[text])
		}
	}
	for text := range failed {
		if inJournal[text] != 0 {
			t.Errorf("note %q was reported not recorded; the journal holds it", text)
		}
	}
	// Every stored note and the all-clear arrive; in order, no older
	// message after a newer one.
	want := len(stored) + 2 // + declared, resolved
	poll.ForWithin(t, 30*time.Second, "every message to arrive", func() bool {
		got := rcv.received()
		return len(got) > 0 && strings.HasSuffix(got[len(got)-1], "resolved") && distinct(got) >= want
	})
	last := 0
	for _, r := range rcv.received() {
		id := strings.Fields(r)[0]
		seq, err := strconv.Atoi(id[strings.LastIndexByte(id, '/')+1:])
		if err != nil {
			t.Fatalf("delivery id %q", id)
		}
		if seq < last {
			t.Fatalf("message %d arrived after message %d: %v", seq, last, rcv.received())
		}
		last = seq
	}
}

// distinct counts the different deliveries among got.
func distinct(got []string) int {
	seen := map[string]bool{}
	for _, g := range got {
		seen[g] = true
	}
	return len(seen)
}
