//go:build cgo

package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/keepcool/keepcool/engine/api"
)

func TestDeclareShowsHowEstimatesHeld(t *testing.T) {
	eng := &fakeEngine{}
	eng.history.calibration = api.Calibration{Severity: 2, Incidents: 8, Held: 5, Over: 3, MedianOverrun: 1500, Enough: true,
		Sentence: "your 30–90 min SEV2 estimates held 5 of 8 times; median overrun 25 min"}
	d, _, w := harness(t, eng)
	v := newDeclare(d, w)
	const line = "Your 30–90 min SEV2 estimates held 5 of 8 times; median overrun 25 min."
	fatalIf(t, !shows(w, line) || !v.calib.text.Visible(), "no calibration line; texts %q", texts(w))
	fatalIf(t, len(eng.history.asked) != 1 || eng.history.asked[0] != "SEV2 30m-90m", "asked %q", eng.history.asked)
	savePNG(t, w, "/tmp/issue11/declare-calibration.png")

	// It follows the severity, the quick picks and what is typed.
	test.Tap(button(t, w, "SEV1"))
	test.Tap(button(t, w, "1–3 h"))
	test.Type(v.eta.free, "2h")
	want := []string{"SEV2 30m-90m", "SEV1 30m-90m", "SEV1 1h-3h", "SEV1 2", "SEV1 2h"}
	fatalIf(t, len(eng.history.asked) != len(want), "asked %q, want %q", eng.history.asked, want)
	for i := range want {
		fatalIf(t, eng.history.asked[i] != want[i], "asked %q, want %q", eng.history.asked, want)
	}

	// Too little history: nothing at all.
	eng.history.calibration = api.Calibration{Severity: 1, Incidents: 1}
	test.Tap(button(t, w, "SEV3"))
	fatalIf(t, v.calib.text.Visible(), "a calibration line without enough history")
	fatalIf(t, v.sev.value != 3, "the severity pick still works: %d", v.sev.value)
}

// Typing an estimate asks once typing pauses, not per keystroke: each
// edit waits calibrationWait, and only the last one asks. A pick asks at
// once, and drops an edit still waiting.
func TestCalibrationWaitsForTypingToPause(t *testing.T) {
	eng := &fakeEngine{}
	d, _, w := harness(t, eng)
	type waiting struct {
		wait time.Duration
		f    func()
	}
	var queued []waiting
	d.after = func(wait time.Duration, f func()) { queued = append(queued, waiting{wait, f}) }
	v := newDeclare(d, w)
	queued = nil
	asked := len(eng.history.asked)
	test.Type(v.eta.free, "1h-2h")
	fatalIf(t, len(eng.history.asked) != asked, "asked while typing: %q", eng.history.asked[asked:])
	fatalIf(t, len(queued) != 5, "%d edits waiting, want 5", len(queued))
	for _, q := range queued {
		fatalIf(t, q.wait != calibrationWait, "waits %v, want %v", q.wait, calibrationWait)
		q.f()
	}
	fatalIf(t, len(eng.history.asked) != asked+1 || eng.history.asked[asked] != "SEV2 1h-2h", "asked %q after the pause; want SEV2 1h-2h once", eng.history.asked[asked:])

	// An edit still waiting when a severity is picked does not ask again.
	queued = nil
	test.Type(v.eta.free, "x")
	test.Tap(button(t, w, "SEV1"))
	for _, q := range queued {
		q.f()
	}
	fatalIf(t, len(eng.history.asked) != asked+2 || eng.history.asked[asked+1] != "SEV1 1h-2hx", "asked %q; want the pick's request only", eng.history.asked[asked:])
}

// The calibration line keeps its room when it has nothing to say: the
// form below it stayed put neither when it came nor when it went (it
// moved by a line each time, while the estimate was being typed).
func TestCalibrationLineDoesNotMoveTheForm(t *testing.T) {
	eng := &fakeEngine{}
	d, _, w := harness(t, eng)
	v := newDeclare(d, w)
	impactAt := func() float32 {
		w.Content().Refresh() // lay the window out as the driver does after a change
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(v.impact).Y
	}
	quiet := impactAt()
	fatalIf(t, v.calib.text.Visible(), "a calibration line without any history")

	eng.history.calibration = api.Calibration{Severity: 1, Incidents: 8, Held: 5, Enough: true,
		Sentence: "your 30–90 min SEV1 estimates held 5 of 8 times; median overrun 25 min"}
	test.Tap(button(t, w, "SEV1"))
	fatalIf(t, !v.calib.text.Visible(), "no calibration line; texts %q", texts(w))
	fatalIf(t, impactAt() != quiet, "the line came and moved Impact from y=%v to y=%v", quiet, impactAt())

	eng.history.calibration = api.Calibration{}
	test.Type(v.eta.free, "2h")
	v.calib.update(v.sev.value, v.eta.value()) // the pause after typing
	fatalIf(t, v.calib.text.Visible(), "the line stays for a half-typed estimate")
	fatalIf(t, impactAt() != quiet, "the line went and moved Impact from y=%v to y=%v", quiet, impactAt())
}
