package e2e

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// The black-box test: declare, add notes, kill -9, restart, and find
// every note and the running schedule intact.
func TestKill9LosesNothing(t *testing.T) {
	// A zone that is not the machine's, with no DST and letters of its own.
	h := newHome(t, "[incident]\ntimezone = \"Asia/Kolkata\"\n")
	d := h.startDaemon()
	h.must("start", "Checkout returns 500s", "--eta", "30m-90m", "--severity", "1", "--impact", "EU customers cannot pay")
	notes := []string{
		"Rolled back deploy 412",
		"Error rate falling, <b>watching</b> <!channel>",
		"DB failover done",
	}
	for _, n := range notes {
		h.must("note", n)
	}
	before := h.status()
	d.Kill()
	// As if the power went out mid-write: half an event at the journal's end.
	journal := filepath.Join(h.dir, "state", "incidents", before.Incident.ID+".jsonl")
	f, err := os.OpenFile(journal, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"seq":99,"at":"2026-11-24T09:1`)
	f.Close()

	if r := h.run("status"); r.code != 3 {
		t.Fatalf("status with the engine dead: exit %d, want 3 (stderr %q)", r.code, r.stderr)
	}
	d = h.startDaemon()
	after := h.status()
	if after.Incident == nil {
		t.Fatalf("incident gone after kill -9 and restart; daemon said:\n%s", d.Output())
	}
	if after.Incident.ID != before.Incident.ID || len(after.Incident.Notes) != len(notes) {
		t.Fatalf("after restart: id %s notes %d, want %s and %d", after.Incident.ID, len(after.Incident.Notes), before.Incident.ID, len(notes))
	}
	for i, n := range notes {
		if got := after.Incident.Notes[i].Text; got != n {
			t.Fatalf("note %d = %q, want %q", i, got, n)
		}
	}
	if !after.Incident.NextUpdateDue.Equal(*before.Incident.NextUpdateDue) {
		t.Fatalf("schedule moved across the restart: next update %s, was %s", after.Incident.NextUpdateDue, before.Incident.NextUpdateDue)
	}
	if !strings.Contains(d.Output(), "resumed incident") || !strings.Contains(d.Output(), "torn last line") {
		t.Fatalf("the daemon did not say it resumed and dropped the torn line:\n%s", d.Output())
	}

	h.must("note", "Fourth note, after the restart")
	h.must("eta", "10m-20m", "--why", "replica caught up")
	md := h.must("export", "--format", "md")
	est := before.Incident.Estimate
	initial := kolkataRange(t, before.Incident.DeclaredAt, est.MinAt, est.MaxAt)
	for _, want := range []string{"Checkout returns 500s", "Initial estimate: fix expected " + initial, "Revised at", "replica caught up"} {
		if !strings.Contains(md, want) {
			t.Fatalf("export lacks %q:\n%s", want, md)
		}
	}
	last := -1
	for _, n := range []string{"Rolled back deploy 412", "Error rate falling", "DB failover done", "Fourth note"} {
		i := strings.Index(md, n) // plain words are written as they are
		if i <= last {
			t.Fatalf("note %q missing or out of order in export:\n%s", n, md)
		}
		last = i
	}
	// Markdown reads "\<b>" as text; an unescaped "<b>" would be a tag.
	if regexp.MustCompile(`(^|[^\\])<b>`).MatchString(md) || !strings.Contains(md, `\<b>watching\</b>`) {
		t.Fatalf("export carries raw HTML from a note:\n%s", md)
	}
	d.stop(t)
}

// kolkataRange is how the post-mortem writes an estimate in Asia/Kolkata
// (IST, +05:30, no DST): each end carries its weekday when it is not on the
// day of the declaration, and the range names the zone once.
func kolkataRange(t *testing.T, declared, lo, hi time.Time) string {
	t.Helper()
	ist, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	declared, lo, hi = declared.In(ist), lo.In(ist), hi.In(ist)
	day := func(x, ref time.Time) string {
		if x.YearDay() != ref.YearDay() {
			return x.Format("Mon ")
		}
		return ""
	}
	last := hi.Format("15:04")
	if hi.YearDay() != lo.YearDay() {
		last = day(hi, declared) + last
	}
	return day(lo, declared) + lo.Format("15:04") + "–" + last + " IST"
}

// With a 3 s cadence and a 2 s grace and no notes, a holding message and a
// missed update are recorded within ten seconds — and survive a kill -9.
func TestHoldingMessageOnMissedUpdate(t *testing.T) {
	h := newHome(t, "[incident]\ncadence = \"3s\"\ngrace = \"2s\"\n")
	d := h.startDaemon()
	h.must("start", "Search is slow", "--eta", "1h-2h")
	start := time.Now()
	poll.ForWithin(t, 10*time.Second, "a holding message in status --json", func() bool {
		inc := h.status().Incident
		return inc != nil && inc.MissedUpdates >= 1 && len(inc.Notes) >= 1 && inc.Notes[0].Kind == "holding"
	})
	t.Logf("holding message recorded %s after declaring", time.Since(start).Round(100*time.Millisecond))
	if !strings.Contains(d.Output(), "prompt: update due") {
		t.Fatalf("no prompt logged before the holding message:\n%s", d.Output())
	}
	d.Kill()
	d = h.startDaemon()
	missed := h.status().Incident.MissedUpdates
	poll.ForWithin(t, 10*time.Second, "the schedule to run on after restart", func() bool {
		return h.status().Incident.MissedUpdates > missed
	})
	h.must("resolve", "Reindexed")
	if inc := h.status().Incident; inc != nil {
		t.Fatalf("incident still active after resolve: %+v", inc)
	}
	d.stop(t)
}

func TestSecondDaemonRefused(t *testing.T) {
	h := newHome(t, "")
	d := h.startDaemon()
	r := h.run("daemon")
	m := regexp.MustCompile(`already running \(pid (\d+)\)`).FindStringSubmatch(r.stderr)
	if r.code != 1 || m == nil {
		t.Fatalf("second daemon: exit %d, stderr %q; want 1 and \"already running (pid N)\"", r.code, r.stderr)
	}
	if pid, _ := strconv.Atoi(m[1]); pid != d.Cmd.Process.Pid {
		t.Fatalf("named pid %d, the daemon is %d", pid, d.Cmd.Process.Pid)
	}
	if !strings.Contains(r.stderr, "keepcool quit") || strings.Contains(r.stderr, "kill ") {
		t.Fatalf("second daemon: %q; want it to suggest keepcool quit, not kill", r.stderr)
	}
	// What a launcher runs (no arguments) finds it running and is done: exit 0,
	// or launchd's KeepAlive would start it again and again.
	if r := h.run(); r.code != 0 || !strings.Contains(r.stderr, "already running (pid "+m[1]+"): nothing to start") {
		t.Fatalf("bare keepcool beside a running engine: exit %d, stderr %q; want 0 and \"already running … nothing to start\"", r.code, r.stderr)
	}
	d.stop(t)
}

func TestExitCodesAndMessages(t *testing.T) {
	h := newHome(t, "")
	r := h.run("status")
	if r.code != 3 || !strings.Contains(r.stderr, "keepcool daemon") {
		t.Fatalf("engine not running: exit %d stderr %q; want 3 and how to start it", r.code, r.stderr)
	}
	d := h.startDaemon()
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"note"}, 2, "missing the note"},
		{[]string{"start", "x", "--bogus"}, 2, "unknown flag"},
		{[]string{"snooze"}, 2, "one duration"},
		{[]string{"export", "--format", "pdf"}, 2, "use md or json"},
		{[]string{"note", "hello"}, 1, "no active incident"},
		{[]string{"note", "--no-change", "hello"}, 2, "--no-change sends no text"},
		{[]string{"start", "x", "--eta", "soon"}, 2, "30m-90m"},
		{[]string{"start", "x", "--severity", "7"}, 2, "use 1 (worst) to 4"},
		{[]string{"start", "   "}, 2, "title is empty"},
		{[]string{"bogus"}, 2, "unknown command"},
		{[]string{"channels"}, 2, "channels list"},
		{[]string{"snooze", "abc"}, 1, "no active incident"},
		{[]string{"export", "nope"}, 1, "not found"},
		{[]string{"channels", "test", "ops"}, 1, "no channel named"},
		{[]string{"window", "tray"}, 2, "window takes one name: declare|prompt"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, "_"), func(t *testing.T) {
			r := h.run(tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) {
				t.Fatalf("keepcool %v: exit %d stderr %q; want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.msg)
			}
		})
	}
	h.must("start", "x")
	if r := h.run("start", "y"); r.code != 1 || !strings.Contains(r.stderr, "already active") {
		t.Fatalf("second start: exit %d stderr %q", r.code, r.stderr)
	}
	if r := h.run("snooze", "abc"); r.code != 2 || !strings.Contains(r.stderr, "between 1s and 2h") {
		t.Fatalf("bad snooze: exit %d stderr %q", r.code, r.stderr)
	}
	if r := h.run("note", "   "); r.code != 2 || !strings.Contains(r.stderr, "--no-change") {
		t.Fatalf("empty note: exit %d stderr %q", r.code, r.stderr)
	}
	d.stop(t)
}

// Windows are keepcool-gui's: without it next to keepcool or on PATH,
// `keepcool window` says what is missing and how to get it.
func TestWindowWithoutGUISaysWhatToInstall(t *testing.T) {
	h := newHome(t, "")
	cmd := exec.Command(binary, "window", "declare")
	cmd.Env = append(h.env(), "PATH="+t.TempDir())
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(out), "keepcool-gui is not installed next to keepcool or on PATH") || !strings.Contains(string(out), "make install") {
		t.Fatalf("keepcool window declare without keepcool-gui: %v\n%s", err, out)
	}
}

func TestBrokenConfigNamesFileAndLine(t *testing.T) {
	h := newHome(t, "[incident]\ncadence = \"15m\"\ngrace = \"soon\"\n")
	r := h.run("daemon")
	if r.code != 1 || !strings.Contains(r.stderr, "config.toml:3:") {
		t.Fatalf("broken config: exit %d stderr %q; want 1 and config.toml:3:", r.code, r.stderr)
	}
}

func TestStatusHistoryAndSnooze(t *testing.T) {
	h := newHome(t, "[incident]\nengineer = \"Sam\"\n")
	d := h.startDaemon()
	if out := h.must("status"); !strings.Contains(out, "No active incident") {
		t.Fatalf("idle status: %s", out)
	}
	h.must("start", "Login broken", "--eta", "45m", "--drill")
	h.must("note", "--no-change")
	h.must("note", "--status", "identified", "Expired certificate")
	h.must("snooze", "5m")
	out := h.must("status")
	for _, want := range []string{"SEV2 · Login broken · identified", "[DRILL]", "by Sam", "fix expected by", "Next update by", "snoozed until", "Expired certificate", "no-change"} {
		if !strings.Contains(out, want) {
			t.Fatalf("status lacks %q:\n%s", want, out)
		}
	}
	st := h.status()
	if st.Incident.Status != "identified" || !st.Incident.Drill || st.Incident.SnoozedUntil == nil || len(st.Incident.Notes) != 2 {
		t.Fatalf("status --json: %+v", st.Incident)
	}
	h.must("resolve", "Renewed", "the", "certificate", "--root-cause", "cert-manager was down")
	hist := h.must("history")
	if !strings.Contains(hist, "Login broken") || !strings.Contains(hist, "resolved") {
		t.Fatalf("history: %s", hist)
	}
	js := h.must("export", "--format", "json")
	if !strings.Contains(js, `"summary": "Renewed the certificate"`) || !strings.Contains(js, `"kind": "resolved"`) {
		t.Fatalf("export json: %s", js)
	}
	d.stop(t)
}
