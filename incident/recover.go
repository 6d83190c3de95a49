package incident

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/keepcool/keepcool/timefmt"
)

// Restored is an incident rebuilt from its journal's contents.
type Restored struct {
	State State
	// Declared is set when the declaration's line was lost: a stand-in
	// rebuilt from what later lines say, never written to the journal. Its
	// Seq is the lost line's when a message to stakeholders names it, else 0.
	Declared *Event
}

// Restore projects a journal's contents into the incident's state, and
// says in State.Damage what could not be read (times in ts). One damaged
// line never hides the incident: when the declaration itself is lost, the
// incident is id (its journal's name), and its title, severity and
// estimate come from the first message to stakeholders that repeats them.
func Restore(id string, c Contents, ts timefmt.Style) (Restored, []error) {
	var r Restored
	st, errs := Project(c.Events)
	if st.ID == "" && !c.Empty() {
		d, at, seq := rebuildDeclaration(id, c)
		r.Declared = &Event{Seq: seq, At: at, Kind: KindDeclared}
		r.Declared.Data, _ = json.Marshal(d)
		st, errs = Project(append([]Event{*r.Declared}, c.Events...))
		st.Events = st.Events[1:] // the stand-in is no event of the journal
	}
	for _, d := range c.Damage {
		st.Damage = append(st.Damage, d.Sentence(ts, st.DeclaredAt))
	}
	if r.Declared != nil {
		what := "its title, severity and estimate are unknown"
		if r.Declared.Seq > 0 || !strings.HasPrefix(st.Title, "(title lost") {
			what = "its title, severity and estimate are as the first message to stakeholders gave them"
		}
		st.Damage = append(st.Damage, "the incident's declaration was lost: "+what)
	}
	r.State = st
	return r, errs
}

// queuedMessage is what a message_queued event (package updates) says of
// the incident, as stored.
type queuedMessage struct {
	Message struct {
		ID         string    `json:"id"`
		Kind       string    `json:"kind"`
		Title      string    `json:"title"`
		Severity   int       `json:"severity"`
		Drill      bool      `json:"drill"`
		DeclaredAt time.Time `json:"declared_at"`
		Engineer   string    `json:"engineer"`
		Impact     string    `json:"impact"`
		Known      string    `json:"known"`
		Unknown    string    `json:"unknown"`
		Plan       string    `json:"plan"`
		Estimate   Estimate  `json:"estimate"`
	} `json:"message"`
}

// rebuildDeclaration makes a declaration for an incident whose own is lost:
// from the first message to stakeholders, else a title that says what
// happened. at is when it was declared, as best known.
func rebuildDeclaration(id string, c Contents) (d Declared, at time.Time, seq int) {
	line := 1
	if len(c.Damage) > 0 {
		line = c.Damage[0].Line
		at = c.Damage[0].At
	}
	d = Declared{ID: id, Title: fmt.Sprintf("(title lost: journal line %d damaged)", line)}
	for _, e := range c.Events {
		var q queuedMessage
		if e.Kind != "message_queued" || json.Unmarshal(e.Data, &q) != nil || q.Message.Title == "" {
			continue
		}
		m := q.Message
		d.Title, d.Severity, d.Drill, d.Engineer, d.Estimate = m.Title, m.Severity, m.Drill, m.Engineer, m.Estimate
		if !m.DeclaredAt.IsZero() {
			at = m.DeclaredAt
		}
		if m.Kind == KindDeclared {
			d.Impact, d.Known, d.Unknown, d.Plan = m.Impact, m.Known, m.Unknown, m.Plan
			if i := strings.LastIndexByte(m.ID, '/'); i >= 0 {
				seq, _ = strconv.Atoi(m.ID[i+1:])
			}
		}
		break
	}
	switch {
	case !at.IsZero():
	case len(c.Events) > 0:
		at = c.Events[0].At
	default:
		at = c.ModTime
	}
	return d, at, seq
}
