//go:build cgo && linux

package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/internal/testproc"
)

// otherWindow is a stand-in for the terminal the engineer types in: a Tk
// entry that saves its text on every key, and counts Return presses.
const otherWindow = `
import sys, tkinter as tk
out = sys.argv[1]
r = tk.Tk(); r.title("other-window"); r.geometry("700x60+0+0")
e = tk.Entry(r, width=70); e.pack(); e.focus_force()
def save(ev=None):
    with open(out, "w") as f: f.write(e.get())
def ret(ev):
    with open(out + ".return", "a") as f: f.write("x")
e.bind("<KeyRelease>", save); e.bind("<Return>", ret)
r.mainloop()
`

// The scheduled prompt opens while the engineer types a command into
// another window, one key every 0.25 s across the moment it appears, then
// Enter. Every key must reach the other window; nothing may reach the
// journal or any channel. Then a click on the prompt hands it the
// keyboard, and a typed note goes out: quiet is not dead.
//
// With no window manager (focus is whatever clients set) and with a real
// one (openbox: it decides whether a new window gets focus).
func TestScheduledPromptNeverStealsKeystrokes(t *testing.T) {
	for _, wm := range []string{"none", "openbox"} {
		t.Run(wm, func(t *testing.T) { testNoStolenKeystrokes(t, wm) })
	}
}

func testNoStolenKeystrokes(t *testing.T, wm string) {
	needTools(t, "python3", "xprop", "gdbus")
	x := newXSession(t)
	if wm == "openbox" {
		needTools(t, "openbox")
		x.background(x.command("openbox", "--sm-disable"))
		poll.Until(t, 10*time.Second, func() bool {
			out, _ := x.command("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").Output()
			return strings.Contains(string(out), "window id")
		}, "openbox never took the screen")
	}
	sink := newSink(t)
	writeConfig(t, x.home, `
[incident]
cadence = "3s"
[statuspage]
listen = "off"
[[channel]]
name = "hook"
type = "webhook"
url = "`+sink.URL+`"
`)
	tray := testproc.Start(t, x.command(x.bin))
	t.Cleanup(func() { x.command(x.bin, "quit").Run() }) // before the kill: the tray closes its windows
	poll.Until(t, 15*time.Second, func() bool { return x.command(x.bin, "status").Run() == nil },
		"keepcool (tray) never answered")

	typed := filepath.Join(t.TempDir(), "typed")
	other := x.command("python3", "-c", otherWindow, typed)
	x.background(other)
	otherID := x.window("other-window", 10*time.Second)
	if wm == "openbox" {
		x.xdo("windowactivate", "--sync", otherID)
	}
	x.xdo("windowfocus", "--sync", otherID)

	// Long enough to span the prompt's appearance even on a loaded machine;
	// typing stops 1.5 s after the prompt is on screen.
	const long = "kubectl get pods -n prod -l app=checkout -o wide --sort-by=.status.startTime --watch"
	// With a runbook, so the prompt that opens on its own shows the checklist too.
	if err := os.MkdirAll(filepath.Join(x.home, "runbooks"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(x.home, "runbooks", "rollback.md"),
		[]byte("# Roll back\n- [ ] Freeze deploys\n- [ ] Roll back\n\n## Back-out plan\nRoll forward.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := x.command(x.bin, "start", "Checkout returns 500s", "--eta", "30m-90m", "--runbook", "rollback").CombinedOutput(); err != nil {
		t.Fatalf("start: %v %s", err, out)
	}
	promptSeen := make(chan time.Time, 1)
	go func() { // the prompt is due 3 s after declaring: it maps mid-command
		x.window("keepcool — Progress update", 60*time.Second)
		promptSeen <- time.Now()
	}()
	var seen time.Time
	command := ""
	for _, r := range long { // one key every 0.25 s, as a person types
		x.xdo("type", "--delay", "0", string(r))
		command += string(r)
		time.Sleep(250 * time.Millisecond)
		if seen.IsZero() {
			select {
			case seen = <-promptSeen:
			default:
			}
		}
		if !seen.IsZero() && time.Since(seen) > 1500*time.Millisecond {
			break
		}
	}
	x.xdo("key", "Return")
	if seen.IsZero() || time.Since(seen) < time.Second {
		t.Fatalf("the prompt did not open while %q was typed: the test proves nothing; keepcool said:\n%s", command, tray.Output())
	}
	time.Sleep(500 * time.Millisecond) // anything stolen has arrived by now

	got, _ := os.ReadFile(typed)
	if string(got) != command {
		t.Errorf("the other window got %q, want %q: keys went to the prompt", got, command)
	}
	if r, _ := os.ReadFile(typed + ".return"); string(r) != "x" {
		t.Errorf("the other window got %d Return presses, want 1", len(r))
	}
	if notes := x.notes(t); len(notes) != 0 {
		t.Fatalf("the journal has notes nobody meant: %+v", notes)
	}
	if bodies := sink.notes(); len(bodies) != 0 {
		t.Fatalf("stakeholders got notes nobody meant: %q", bodies)
	}

	// Post update… in the tray, as a panel sends it, is deliberate: the
	// open prompt comes forward and takes the keyboard.
	x.clickTray(tray.Cmd.Process.Pid, "Post update…")
	time.Sleep(500 * time.Millisecond)
	x.typeNote(t, 1, "Rolled back deploy 412", "after Post update…")

	// So is a click on the next prompt (3 s later), once the first is gone
	// (X may give the new window the same id).
	x.waitGone("keepcool — Progress update", func() string { return tray.Output() + "\nstatus: " + x.statusJSON() })
	prompt := x.window("keepcool — Progress update", 20*time.Second)
	time.Sleep(500 * time.Millisecond)
	x.xdo("mousemove", "--window", prompt, "250", "40")
	x.xdo("click", "1") // with no window manager too: the prompt asks for the keyboard itself
	time.Sleep(300 * time.Millisecond)
	x.typeNote(t, 2, "Error rate back to normal", "after clicking the prompt")

	// keepcool quitting under a half-typed note leaves that prompt open.
	x.waitGone("keepcool — Progress update", func() string { return tray.Output() })
	prompt = x.window("keepcool — Progress update", 20*time.Second)
	time.Sleep(500 * time.Millisecond)
	x.xdo("mousemove", "--window", prompt, "250", "40")
	x.xdo("click", "1")
	time.Sleep(300 * time.Millisecond)
	x.xdo("type", "--delay", "20", "Half typed when keepcool quit")
	if out, err := x.command(x.bin, "quit").CombinedOutput(); err != nil {
		t.Fatalf("quit: %v %s", err, out)
	}
	select {
	case <-tray.Done:
	case <-time.After(15 * time.Second):
		t.Fatal("keepcool did not quit")
	}
	pid, err := x.command("xdotool", "getwindowpid", prompt).Output()
	if err != nil {
		t.Fatalf("the prompt holding a half-typed note closed when keepcool quit: %v", err)
	}
	t.Cleanup(func() { // it outlives keepcool by design: end it before its files go
		p := strings.TrimSpace(string(pid))
		x.command("kill", "-9", p).Run()
		poll.Until(t, 10*time.Second, func() bool { return ended(p) }, "the prompt %s never ended", p)
	})
	if out, _ := x.command("xdotool", "search", "--onlyvisible", "--name", "^keepcool — Progress update$").Output(); strings.TrimSpace(string(out)) == "" {
		t.Fatal("the prompt holding a half-typed note is no longer on screen")
	}
}

// ended reports whether process pid is gone, or a zombie nobody reaps
// (its parent, keepcool, has quit).
func ended(pid string) bool {
	stat, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return true
	}
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	return len(fields) > 0 && fields[0] == "Z"
}

// waitGone waits until no window titled exactly title is on screen.
func (x *xsession) waitGone(title string, log func() string) {
	x.t.Helper()
	poll.UntilThen(x.t, 10*time.Second, func() bool {
		out, _ := x.command("xdotool", "search", "--onlyvisible", "--name", "^"+title+"$").Output()
		return strings.TrimSpace(string(out)) == ""
	}, func() string { return fmt.Sprintf("%q stayed on screen; keepcool said:\n%s", title, log()) })
}

// typeNote types text and Enter where the keyboard is, and waits for it to
// be the incident's nth note.
func (x *xsession) typeNote(t *testing.T, n int, text, when string) {
	t.Helper()
	x.xdo("type", "--delay", "20", text)
	x.xdo("key", "Return")
	poll.UntilThen(t, 10*time.Second, func() bool {
		notes := x.notes(t)
		return len(notes) == n && notes[n-1].Text == text
	}, func() string {
		return fmt.Sprintf("the note typed %s never arrived; journal notes: %+v", when, x.notes(t))
	})
}

// clickTray picks a menu item of keepcool's tray icon as a desktop panel
// does: com.canonical.dbusmenu.Event on the item the layout names.
func (x *xsession) clickTray(pid int, label string) {
	x.t.Helper()
	item := fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", pid)
	out, err := x.command("gdbus", "call", "--session", "--dest", item, "--object-path", "/StatusNotifierMenu",
		"--method", "com.canonical.dbusmenu.GetLayout", "0", "--", "-1", "[]").CombinedOutput()
	if err != nil {
		x.t.Fatalf("GetLayout: %v %s", err, out)
	}
	m := regexp.MustCompile(`<\((\d+), \{[^}]*'label': <'` + regexp.QuoteMeta(label) + `'>`).FindSubmatch(out)
	if m == nil {
		x.t.Fatalf("no menu item %q in %s", label, out)
	}
	if out, err := x.command("gdbus", "call", "--session", "--dest", item, "--object-path", "/StatusNotifierMenu",
		"--method", "com.canonical.dbusmenu.Event", string(m[1]), "clicked", "<0>", "0").CombinedOutput(); err != nil {
		x.t.Fatalf("click %q: %v %s", label, err, out)
	}
}

// statusJSON is what `keepcool status --json` says, for a failure message.
func (x *xsession) statusJSON() string {
	out, err := x.command(x.bin, "status", "--json").CombinedOutput()
	if err != nil {
		return err.Error() + ": " + string(out)
	}
	return string(out)
}

// notes are the incident's notes as `status --json` shows them.
func (x *xsession) notes(t *testing.T) []api.Note {
	t.Helper()
	out, err := x.command(x.bin, "status", "--json").Output()
	if err != nil {
		t.Fatalf("status --json: %v", err)
	}
	var st api.Status
	if err := json.Unmarshal(out, &st); err != nil {
		t.Fatalf("status --json: %v\n%s", err, out)
	}
	if st.Incident == nil {
		t.Fatal("no active incident")
	}
	return st.Incident.Notes
}

// sink is a webhook channel's receiver that keeps every body.
type sink struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []string
}

func newSink(t *testing.T) *sink {
	s := &sink{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, string(b))
		s.mu.Unlock()
	}))
	t.Cleanup(s.Close)
	return s
}

// notes are the bodies of note messages (the webhook's "kind").
func (s *sink) notes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, b := range s.bodies {
		var m struct {
			Kind string `json:"kind"`
		}
		if json.Unmarshal([]byte(b), &m) == nil && m.Kind != "declared" {
			out = append(out, b)
		}
	}
	return out
}
