package alerts

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/keepcool/keepcool/app/window"
	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/notify"
)

// Action keys of a drill reminder.
const (
	actionStartDrill = "start-drill"
	actionSkipDrill  = "skip-drill"
)

// DrillEngine is what a drill reminder's buttons act on; *engine.Engine
// has it.
type DrillEngine interface {
	Start(req api.StartRequest) (incident.State, error)
	SkipDrill(req api.DrillSkipRequest) (api.DrillSkipReply, error)
	// DrillPending reports whether a reminder of scenario waits for an
	// answer; it reads no scenario file.
	DrillPending(scenario string) bool
}

// Drills shows drills' notifications: a scheduled drill's reminder with
// Start drill and Skip, and a scenario's scripted message ("Your VP asks:
// is it fixed yet?"). It is an engine.DrillNotifier. It needs a Desktop of
// its own: Alerts reads the events of its own.
type Drills struct {
	o Options

	mu        sync.Mutex
	eng       DrillEngine
	reminders map[uint32]string // on screen: notification id → scenario
}

// NewDrills returns Drills; its buttons act once Watch runs.
func NewDrills(o Options) *Drills {
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	return &Drills{o: o, reminders: map[uint32]string{}}
}

// Remind shows a scheduled drill's reminder.
func (d *Drills) Remind(ctx context.Context, r engine.DrillReminder) error {
	title := r.Title
	if title == "" {
		title = r.Scenario
	}
	n := notify.Notification{
		Title: "Drill due: " + title,
		Body: fmt.Sprintf("Scenario %s is scheduled now (%s). Start drill runs it for real, marked [DRILL]: "+
			"it goes only to drill channels and the status page.", r.Scenario, r.Schedule),
		Urgency:  notify.Normal,
		Resident: true,
		Actions:  []notify.Action{{Key: actionStartDrill, Label: "Start drill"}, {Key: actionSkipDrill, Label: "Skip"}},
	}
	call, cancel := context.WithTimeout(ctx, d.o.Timeout)
	defer cancel()
	id, err := d.o.Desktop.Show(call, n)
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.reminders[id] = r.Scenario
	d.mu.Unlock()
	return nil
}

// ScenarioMessage shows a drill's scripted message to the engineer.
func (d *Drills) ScenarioMessage(ctx context.Context, _, text string) error {
	call, cancel := context.WithTimeout(ctx, d.o.Timeout)
	defer cancel()
	_, err := d.o.Desktop.Show(call, notify.Notification{Title: "[DRILL] " + text, Body: "A scripted part of the drill: answer it as you would for real.", Urgency: notify.Normal})
	return err
}

// Watch acts on the reminders' buttons until ctx ends. Call it once the
// engine's API answers.
func (d *Drills) Watch(ctx context.Context, eng DrillEngine) {
	d.mu.Lock()
	d.eng = eng
	d.mu.Unlock()
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-d.o.Desktop.Events():
			d.handle(ctx, ev)
		}
	}
}

func (d *Drills) handle(ctx context.Context, ev notify.Event) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch ev.Kind {
	case notify.Gone:
		clear(d.reminders)
		return
	case notify.Closed:
		delete(d.reminders, ev.ID)
		return
	case notify.Invoked:
	default:
		return
	}
	scenario, ok := d.reminders[ev.ID]
	if !ok || d.eng == nil || (ev.Action != actionStartDrill && ev.Action != actionSkipDrill) {
		return // another notification's, or a click on its body
	}
	delete(d.reminders, ev.ID)
	call, cancel := context.WithTimeout(ctx, d.o.Timeout)
	defer cancel()
	_ = d.o.Desktop.Close(call, ev.ID) // it is resident: answered, it goes
	if !d.eng.DrillPending(scenario) {
		// Answered meanwhile (keepcool drill skip, start --scenario): a
		// late click on a stale reminder does nothing.
		return
	}
	switch ev.Action {
	case actionStartDrill:
		if _, err := d.eng.Start(api.StartRequest{Scenario: scenario}); err != nil {
			fmt.Fprintf(d.o.Log, "keepcool: warning: the drill %s did not start: %v\n", scenario, err)
			return
		}
		if d.o.Windows != nil {
			if err := d.o.Windows.Open(window.Prompt); err != nil {
				fmt.Fprintf(d.o.Log, "keepcool: warning: %v\n", err)
			}
		}
	case actionSkipDrill:
		if _, err := d.eng.SkipDrill(api.DrillSkipRequest{Scenario: scenario}); err != nil {
			fmt.Fprintf(d.o.Log, "keepcool: warning: the skip of drill %s was not recorded: %v\n", scenario, err)
		}
	}
}
