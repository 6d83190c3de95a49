package engine

import (
	"os"

	"github.com/keepcool/keepcool/postmortem"
)

// Postmortem renders one incident's post-mortem (the active or most
// recent one when id is empty) as Markdown, as written next to its
// journal at resolve, or as JSON (that Markdown included, and its
// sections for people and follow-ups as the engineer wrote them).
func (e *Engine) Postmortem(id, format string) (body []byte, contentType string, err error) {
	return e.postmortem(id, format, "write a post-mortem of")
}

// postmortem is Postmortem for command what (its answer when there is no
// incident yet).
func (e *Engine) postmortem(id, format, what string) ([]byte, string, error) {
	asJSON := format == "json"
	if !asJSON && format != "" && format != "md" && format != "markdown" {
		return nil, "", badRequest("format %q: use md or json", format) // before reading a journal for nothing
	}
	st, err := e.recordedOrLatest(id, what)
	if err != nil {
		return nil, "", err
	}
	r := postmortem.Build(st, e.TimeStyle())
	// As in ID.md: with the engineer's edit of its sections for people.
	fresh := r.Markdown()
	md := filedPostMortem(e.store.postMortemPath(st.ID), fresh)
	if !asJSON {
		return []byte(md), contentMarkdown, nil
	}
	// The Markdown too: the window shows it and needs the JSON's file
	// and title, and one request replays the journal once. The sections
	// for people and the follow-ups say what it says.
	r.MarkdownText = md
	r.Filed(md, fresh)
	if pm := e.store.postMortemPath(st.ID); fileExists(pm) {
		r.File = pm
	}
	b, err := r.JSON()
	return b, "application/json", err
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
