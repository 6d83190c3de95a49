package api

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
// with its checks (Force as there): Note if given, else DoneNote of the
// item's text.
// Nothing goes to stakeholders without Tell.
type TickRequest struct {
	Item  int    `json:"item"`
	Note  string `json:"note,omitempty"`
	Tell  bool   `json:"tell,omitempty"`
	Force bool   `json:"force,omitempty"`
	Key   string `json:"key,omitempty"` // idempotency key, as StartRequest.Key
}

// DoneNote is the stakeholder note that tells of a ticked item in the
// engineer's absence of words: "Done: Fail over to the replica". The
// item's own text reads as a plan ("Fail over to the replica"); told
// stakeholders need to read it as progress.
func DoneNote(item string) string { return "Done: " + item }
