package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

// run is one CLI run of a note command whose call ends with err; it
// returns the key the request carried.
func (u uncertain) run(t *testing.T, req api.NoteRequest, now time.Time, err error) string {
	t.Helper()
	got := u.keyed(req, api.PathNote, &req.Key, now, func() error { return err })
	if !errors.Is(got, err) && got != err {
		t.Fatalf("keyed returned %v, want the call's %v", got, err)
	}
	if req.Key == "" {
		t.Fatal("the request carried no key")
	}
	return req.Key
}

func TestARerunOfAnUncertainCommandReusesItsKey(t *testing.T) {
	u := uncertain{filepath.Join(t.TempDir(), "state", "uncertain.json")}
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	note := api.NoteRequest{Text: "rolled back 412"}
	maybe := &client.UncertainError{Path: api.PathNote, Err: errors.New("EOF")}

	first := u.run(t, note, now, maybe)
	if fi, err := os.Stat(u.path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("uncertain file: %v, %v; want it saved, private", fi, err)
	}
	if k := u.run(t, note, now.Add(time.Minute), client.ErrNotRunning); k != first {
		t.Errorf("rerun with the engine down sent key %s, want %s", k, first)
	}
	forced := note
	forced.Force = true
	if k := u.run(t, forced, now.Add(2*time.Minute), maybe); k != first {
		t.Errorf("rerun with --force sent key %s, want %s", k, first)
	}
	other := api.NoteRequest{Text: "another note"}
	if k := u.run(t, other, now.Add(3*time.Minute), nil); k == first {
		t.Error("a different note reused the uncertain note's key")
	}
	if k := u.run(t, note, now.Add(4*time.Minute), nil); k != first {
		t.Errorf("rerun sent key %s, want %s", k, first)
	}
	if _, err := os.Stat(u.path); !os.IsNotExist(err) {
		t.Errorf("after success the file is still there (%v)", err)
	}
	if k := u.run(t, note, now.Add(5*time.Minute), nil); k == first {
		t.Error("a run after the success reused the key: the same note sent again would be dropped")
	}
}

func TestAnUncertainKeyLastsAnHour(t *testing.T) {
	u := uncertain{filepath.Join(t.TempDir(), "uncertain.json")}
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	note := api.NoteRequest{Text: "rolled back 412"}
	first := u.run(t, note, now, &client.UncertainError{Path: api.PathNote})
	if k := u.run(t, note, now.Add(61*time.Minute), nil); k == first {
		t.Error("a key from over an hour ago was reused")
	}
}

func TestARefusalForgetsTheKey(t *testing.T) {
	u := uncertain{filepath.Join(t.TempDir(), "uncertain.json")}
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	note := api.NoteRequest{Text: "rolled back 412"}
	u.run(t, note, now, &client.UncertainError{Path: api.PathNote})
	u.run(t, note, now, &client.APIError{Status: 400, Message: "too long"})
	if _, err := os.Stat(u.path); !os.IsNotExist(err) {
		t.Errorf("after the engine answered, the file is still there (%v)", err)
	}
}

func TestClipName(t *testing.T) {
	for in, want := range map[string]string{
		" Sam ":                     "Sam",
		strings.Repeat("é", 10<<20): strings.Repeat("é", 100),
	} {
		if got := clipName(in); got != want {
			t.Errorf("clipName(%.20q…) = %.20q… (%d characters)", in, got, len([]rune(got)))
		}
	}
}

// Forty CLIs left uncertain at once (a kill -9 under a script posting in
// a loop) each keep their own key: none overwrites another's.
func TestConcurrentUncertainCommandsKeepEveryKey(t *testing.T) {
	u := uncertain{filepath.Join(t.TempDir(), "uncertain.json")}
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	maybe := &client.UncertainError{Path: api.PathNote, Err: errors.New("EOF")}
	const n = 40
	keys := make(chan string, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := api.NoteRequest{Text: fmt.Sprintf("note %d", i)}
			<-start
			u.keyed(req, api.PathNote, &req.Key, now, func() error { time.Sleep(time.Millisecond); return maybe })
			keys <- req.Key
		}()
	}
	close(start)
	wg.Wait()
	close(keys)
	saved := map[string]bool{}
	for _, e := range u.load() {
		saved[e.Key] = true
	}
	for k := range keys {
		if !saved[k] {
			t.Errorf("key %s of an uncertain command was lost: %d of %d kept", k, len(saved), n)
		}
	}
}
