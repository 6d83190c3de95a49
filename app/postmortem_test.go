//go:build cgo

package app

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/keepcool/keepcool/app/window"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/postmortem"
)

// postmortemFake is what the fake engine answers GET /v1/postmortem with
// (nil: no incident yet), and the requests it got.
type postmortemFake struct {
	md, json []byte
	asked    []string // "FORMAT ID"
}

func (f *fakeEngine) Postmortem(_ context.Context, id, format string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pm.asked = append(f.pm.asked, format+" "+id)
	if f.pm.md == nil {
		return nil, &client.APIError{Status: 404, Message: "no incidents yet: nothing to write a post-mortem of"}
	}
	if format == "md" {
		return f.pm.md, nil
	}
	return f.pm.json, nil
}

func (*downEngine) Postmortem(context.Context, string, string) ([]byte, error) {
	return nil, client.ErrNotRunning
}

// goldenPostmortem is the post-mortem of postmortem's golden incident, as
// the engine answers it once it wrote the file (file: "" when not yet):
// its JSON carries the Markdown.
func goldenPostmortem(t *testing.T, file string) postmortemFake {
	t.Helper()
	md, err := os.ReadFile("../postmortem/testdata/everything.md")
	if err != nil {
		t.Fatal(err)
	}
	var rep postmortem.Report
	raw, err := os.ReadFile("../postmortem/testdata/everything.json")
	if err == nil {
		err = json.Unmarshal(raw, &rep)
	}
	if err != nil {
		t.Fatal(err)
	}
	rep.File, rep.MarkdownText = file, string(md)
	js, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return postmortemFake{md: md, json: js}
}

// The tray's Post-mortem… shows the latest incident's post-mortem, opens
// the file the engine wrote in the desktop's editor (saying when it could
// not), copies the Markdown, and closes on Escape.
func TestPostmortemWindow(t *testing.T) {
	eng := &fakeEngine{pm: goldenPostmortem(t, "/home/sam/.local/state/keepcool/incidents/20261123-093000-checkout-down.md")}
	d, a, w := harness(t, eng)
	v := newPostmortem(d, w)
	for _, want := range []string{"Post-mortem: [DRILL] Checkout returns 500s", "Time to declare: 12 min", "Status changed to monitoring",
		"Why did it break, and why then?", "A migration locked the orders table."} {
		fatalIf(t, !shows(w, want), "post-mortem lacks %q; it shows %q", want, texts(w))
	}
	fatalIf(t, strings.Join(eng.pm.asked, ",") != "json ", "asked %q; one request is enough", eng.pm.asked)
	fatalIf(t, w.Title() != "keepcool — Post-mortem: [DRILL] Checkout returns 500s", "title %q", w.Title())
	savePNG(t, w, "/tmp/issue11/postmortem.png")

	var opened []string
	v.opener = func(_ context.Context, path string) error { opened = append(opened, path); return nil }
	test.Tap(button(t, w, "Open in editor"))
	fatalIf(t, len(opened) != 1 || opened[0] != v.file, "opened %q", opened)
	fatalIf(t, !shows(w, "Opened /home/sam/"), "after opening it shows %q", texts(w))

	v.opener = func(context.Context, string) error {
		return errors.New("xdg-open: exec: \"xdg-open\": executable file not found in $PATH")
	}
	test.Tap(button(t, w, "Open in editor"))
	fatalIf(t, !shows(w, "Could not open it in an editor (xdg-open: exec") || !shows(w, "The file is /home/sam/"),
		"a failed opener is not told: %q", texts(w))

	test.Tap(button(t, w, "Copy Markdown"))
	fatalIf(t, a.Clipboard().Content() != string(eng.pm.md), "clipboard holds %q", a.Clipboard().Content())
	fatalIf(t, !shows(w, "on the clipboard"), "copying is not told: %q", texts(w))

	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	fatalIf(t, isOpen(a, w), "Escape should close the post-mortem")
}

// An incident still open has no file yet: Open in editor is off, and the
// window says why; Copy Markdown still works.
func TestPostmortemWindowOfAnOpenIncident(t *testing.T) {
	eng := &fakeEngine{pm: goldenPostmortem(t, "")}
	d, _, w := harness(t, eng)
	newPostmortem(d, w)
	fatalIf(t, !button(t, w, "Open in editor").Disabled() || button(t, w, "Copy Markdown").Disabled(), "buttons: editor on or copy off")
	fatalIf(t, !shows(w, "still open: keepcool writes its post-mortem file when you resolve it"), "shows %q", texts(w))
}

// An older engine's JSON has no Markdown: the window asks for it too.
func TestPostmortemWindowOfAnOlderEngine(t *testing.T) {
	pm := goldenPostmortem(t, "")
	var rep postmortem.Report
	fatalIf(t, json.Unmarshal(pm.json, &rep) != nil, "golden JSON")
	rep.MarkdownText = ""
	pm.json, _ = rep.JSON()
	eng := &fakeEngine{pm: pm}
	d, _, w := harness(t, eng)
	newPostmortem(d, w)
	fatalIf(t, strings.Join(eng.pm.asked, ",") != "json ,md 20261123-093000-checkout-down", "asked %q", eng.pm.asked)
	fatalIf(t, !shows(w, "Time to declare: 12 min"), "shows %q", texts(w))
}

func TestPostmortemWindowWithNoIncident(t *testing.T) {
	d, a, _ := harness(t, &fakeEngine{})
	w := open(a, window.Postmortem, d)
	fatalIf(t, !shows(w, "No incidents yet") || !shows(w, "keepcool writes one when you resolve an incident"), "shows %q", texts(w))
	fatalIf(t, !button(t, w, "Open in editor").Disabled() || !button(t, w, "Copy Markdown").Disabled(), "buttons on with nothing to act on")
}
