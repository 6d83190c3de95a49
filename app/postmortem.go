//go:build cgo

package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/internal/desktopopen"
	"github.com/keepcool/keepcool/postmortem"
)

// Postmortemer renders an incident's post-mortem (the latest when id is
// empty) as md or json.
type Postmortemer interface {
	Postmortem(ctx context.Context, id, format string) ([]byte, error)
}

// postmortemView is the tray's Post-mortem… window: the latest incident's
// post-mortem, rendered, with the file the engine wrote to open in the
// user's editor and the Markdown to copy.
type postmortemView struct {
	d      *deps
	w      fyne.Window
	text   *widget.RichText
	head   *widget.Label
	note   *widget.Label // what the last button did, or why it could not
	edit   *keyButton
	copy   *keyButton
	md     string
	file   string                                       // the ID.md the engine wrote; "": not yet (still active)
	opener func(ctx context.Context, path string) error // the desktop's opener; tests replace it
}

func newPostmortem(d *deps, w fyne.Window) *postmortemView { return newPostmortemOf(d, w, "") }

// newPostmortemOf shows incident id's post-mortem ("": the latest).
func newPostmortemOf(d *deps, w fyne.Window, id string) *postmortemView {
	v := &postmortemView{d: d, w: w, text: widget.NewRichText(), head: heading("Post-mortem"), note: widget.NewLabel(""), opener: desktopopen.Open}
	v.text.Wrapping = fyne.TextWrapWord
	v.text.ParseMarkdown("Reading the post-mortem…")
	v.note.Wrapping = fyne.TextWrapWord
	v.note.Hide()
	v.edit = newButton("Open in editor", v.openInEditor)
	v.copy = newButton("Copy Markdown", v.copyMarkdown)
	v.edit.Disable()
	v.copy.Disable()
	done := newPrimary("Close", w.Close)
	footer := container.NewVBox(v.note, actions(nil, v.edit, v.copy, done))
	w.SetTitle(title("Post-mortem"))
	w.SetContent(container.NewThemeOverride(page(v.head, container.NewVScroll(v.text), footer), legible{}))
	w.Resize(fyne.NewSize(760, 640))
	bindKeys(w, keymap{})
	w.Canvas().Focus(done)
	v.load(id)
	return v
}

// load reads the post-mortem as JSON: which incident, where the engine
// wrote it, and its Markdown, what is shown. An older engine's JSON has
// no Markdown: it is asked for on its own then.
func (v *postmortemView) load(id string) {
	var rep postmortem.Report
	v.d.call(func(ctx context.Context) error {
		raw, err := v.d.eng.Postmortem(ctx, id, "json")
		if err != nil {
			return err
		}
		if err := json.Unmarshal(raw, &rep); err != nil {
			return fmt.Errorf("the engine's post-mortem is not the JSON this keepcool reads (%v): restart the engine", err)
		}
		if rep.MarkdownText == "" {
			md, err := v.d.eng.Postmortem(ctx, rep.ID, "md")
			rep.MarkdownText = string(md)
			return err
		}
		return nil
	}, func(err error) {
		switch {
		case engineDown(err):
			notRunning(v.w, func() { newPostmortemOf(v.d, v.w, id) })
		case notFound(err):
			v.head.SetText("No incidents yet")
			v.text.ParseMarkdown("There is no post-mortem to show: keepcool writes one when you resolve an incident (or a drill).")
		case err != nil:
			failed(v.w, err)
		default:
			v.show(rep)
		}
	})
}

func (v *postmortemView) show(rep postmortem.Report) {
	md := rep.MarkdownText
	v.md, v.file = md, rep.File
	name := rep.Title
	if rep.Drill {
		name = "[DRILL] " + name
	}
	v.head.SetText("Post-mortem: " + name)
	v.w.SetTitle(title("Post-mortem: " + name))
	v.text.ParseMarkdown(withoutTitle(md)) // the window's heading names it
	v.copy.Enable()
	if v.file == "" {
		v.say("The incident is still open: keepcool writes its post-mortem file when you resolve it. Copy Markdown takes it as it stands.")
		return
	}
	v.edit.Enable()
}

// openInEditor opens the ID.md the engine wrote with the desktop's
// opener (xdg-open, open, the file-protocol handler), off fyne's
// goroutine: an opener may take a while to start. Its failure is said.
func (v *postmortemView) openInEditor() {
	file := v.file
	v.d.call(func(ctx context.Context) error { return v.opener(ctx, file) }, func(err error) {
		if err != nil {
			v.say(fmt.Sprintf("Could not open it in an editor (%v). The file is %s; Copy Markdown puts it on the clipboard.", err, file))
			return
		}
		v.say("Opened " + file)
	})
}

func (v *postmortemView) copyMarkdown() {
	fyne.CurrentApp().Clipboard().SetContent(v.md)
	v.say("The post-mortem's Markdown is on the clipboard.")
}

func (v *postmortemView) say(s string) {
	v.note.SetText(s)
	v.note.Show()
}

// withoutTitle is md without its first line when that is its title ("# …").
func withoutTitle(md string) string {
	if !strings.HasPrefix(md, "# ") {
		return md
	}
	_, rest, _ := strings.Cut(md, "\n")
	return rest
}
