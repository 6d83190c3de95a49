package engine

import (
	"net/http"
	"os"

	"github.com/keepcool/keepcool/postmortem"
)

// Postmortem renders one incident's post-mortem (the active or most
// recent one when id is empty) as Markdown, as written next to its
// journal at resolve, or as JSON.
func (e *Engine) Postmortem(id, format string) (body []byte, contentType string, err error) {
	return e.postmortem(id, format, "write a post-mortem of")
}

// postmortem is Postmortem for command what (its answer when there is no
// incident yet).
func (e *Engine) postmortem(id, format, what string) ([]byte, string, error) {
	st, err := e.recordedOrLatest(id, what)
	if err != nil {
		return nil, "", err
	}
	switch format {
	case "", "md", "markdown":
		return []byte(postmortem.Markdown(st, e.TimeStyle())), contentMarkdown, nil
	case "json":
		r := postmortem.Build(st, e.TimeStyle())
		if pm := e.store.postMortemPath(st.ID); fileExists(pm) {
			r.File = pm
		}
		b, err := r.JSON()
		return b, "application/json", err
	}
	return nil, "", badRequest("format %q: use md or json", format)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func (e *Engine) handlePostmortem(w http.ResponseWriter, r *http.Request) {
	body, ctype, err := e.Postmortem(r.URL.Query().Get("id"), r.URL.Query().Get("format"))
	if err != nil {
		reply(w, nil, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Write(body)
}
