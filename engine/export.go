package engine

import (
	"encoding/json"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
)

// Export renders one incident (the active or most recent one when id is
// empty) as its Markdown post-mortem (the one written at resolve) or as
// JSON: the incident and its events.
func (e *Engine) Export(id, format string) (body []byte, contentType string, err error) {
	switch format {
	case "", "md", "markdown":
		return e.postmortem(id, format, "export")
	case "json":
	default:
		return nil, "", badRequest("format %q: use md or json", format)
	}
	st, err := e.recordedOrLatest(id, "export")
	if err != nil {
		return nil, "", err
	}
	b, err := json.MarshalIndent(struct {
		Incident api.Incident     `json:"incident"`
		Events   []incident.Event `json:"events"`
	}{e.view(st), st.Events}, "", "  ")
	return append(b, '\n'), "application/json", err
}

const contentMarkdown = "text/markdown; charset=utf-8"

// recordedOrLatest reads incident id with every event, or the active or
// most recent one when id is empty; what names the command, for the
// answer when there is none.
func (e *Engine) recordedOrLatest(id, what string) (incident.State, error) {
	if id == "" {
		ids, err := e.store.ids()
		if err != nil {
			return incident.State{}, err
		}
		if len(ids) == 0 {
			return incident.State{}, notFound("no incidents yet: nothing to %s", what)
		}
		id = ids[len(ids)-1]
	}
	return e.recorded(id) // every event: the live state keeps none
}
