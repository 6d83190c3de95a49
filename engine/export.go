package engine

import (
	"encoding/json"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
)

// Export renders one incident (the active or most recent one when id is
// empty) as a Markdown post-mortem timeline or as JSON.
func (e *Engine) Export(id, format string) (body []byte, contentType string, err error) {
	if id == "" {
		ids, err := e.store.ids()
		if err != nil {
			return nil, "", err
		}
		if len(ids) == 0 {
			return nil, "", notFound("no incidents yet: nothing to export")
		}
		id = ids[len(ids)-1]
	}
	st, err := e.recorded(id) // every event: the live state keeps none
	if err != nil {
		return nil, "", err
	}
	switch format {
	case "", "md", "markdown":
		ts := e.TimeStyle()
		return []byte(incident.Markdown(st, ts) + undeliveredMarkdown(st, ts)), "text/markdown; charset=utf-8", nil
	case "json":
		b, err := json.MarshalIndent(struct {
			Incident api.Incident     `json:"incident"`
			Events   []incident.Event `json:"events"`
		}{e.view(st), st.Events}, "", "  ")
		return append(b, '\n'), "application/json", err
	default:
		return nil, "", badRequest("format %q: use md or json", format)
	}
}
