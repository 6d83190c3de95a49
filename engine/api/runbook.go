package api

import (
	"strings"
	"unicode/utf8"

	"github.com/keepcool/keepcool/incident/check"
	"github.com/keepcool/keepcool/updates"
)

// Routes of the runbooks and the incident's checklist.
const (
	// PathRunbooks (GET) lists the runbooks in [runbooks] dir (Runbooks).
	PathRunbooks = "/v1/runbooks"
	// PathTick (POST TickRequest) ticks an item of the incident's
	// checklist and answers with the incident (Incident). 400: no such
	// item; 404: no incident, or one without a checklist; 409: the item
	// was ticked already (the message says when).
	PathTick = "/v1/runbook/tick"
)

// Runbooks is the answer of GET /v1/runbooks: the folder as the config
// names it, and its runbooks sorted by name (none when it does not exist).
type Runbooks struct {
	Dir      string        `json:"dir"`
	Runbooks []RunbookInfo `json:"runbooks"`
}

// RunbookInfo is one runbook as a list shows it. A runbook that cannot
// be read has Items 0 and the reason in Problem, and Title says it too
// ("(unreadable: …)").
type RunbookInfo struct {
	Name    string `json:"name"`              // what `start --runbook` takes
	Title   string `json:"title"`             // its first `# ` heading, else its name
	Items   int    `json:"items"`             // checklist items
	Problem string `json:"problem,omitempty"` // why it cannot be read; "" when it can
}

// TickRequest ticks item Item (from 1) of the incident's checklist. Note
// is the engineer's own words for the record (journal, timeline,
// post-mortem). Tell also posts a stakeholder note, as /v1/note does and
// with its checks (Force as there): ToldNote of the item's text and Note.
// (Engines before ToldNote posted Note if given, else DoneNote.)
// Nothing goes to stakeholders without Tell.
type TickRequest struct {
	Item  int    `json:"item"`
	Note  string `json:"note,omitempty"`
	Tell  bool   `json:"tell,omitempty"`
	Force bool   `json:"force,omitempty"`
	Key   string `json:"key,omitempty"` // idempotency key, as StartRequest.Key
}

// DoneNote is how ToldNote begins: "Done: Fail over to the replica". The
// item's own text reads as a plan ("Fail over to the replica"); told
// stakeholders need to read it as progress. Engines before ToldNote posted
// it, whole, for a tick told without a note.
func DoneNote(item string) string { return "Done: " + item }

// ToldNote is the stakeholder note that tells of a ticked item: that it is
// done, with the tick's note when there is one ("Done: Promote replica
// pg-2 — took 3 min"). The Runbook window's Tell stakeholders and
// `runbook tick --tell` both post it, so the same tick reads the same
// wherever it was told. One line, and short enough that the note's checks
// do not hold it back as long: the tick's note is left out first (the
// record keeps it), then the item's text is cut.
func ToldNote(item, note string) string {
	text := DoneNote(strings.Join(strings.Fields(item), " "))
	if note = strings.Join(strings.Fields(note), " "); note != "" {
		if with := text + " — " + note; utf8.RuneCountInString(with) <= check.Note.Long {
			text = with
		}
	}
	return updates.TruncateRunes(text, check.Note.Long)
}
