//go:build cgo

package app

import (
	"errors"
	"fmt"
	"image/color"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/timefmt"
)

// heading is a window's headline.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// hint is quiet explanatory text, in the placeholder colour.
func hint(text string) *widget.RichText {
	t := widget.NewRichText(&widget.TextSegment{Text: text, Style: widget.RichTextStyle{
		ColorName: theme.ColorNamePlaceHolder, Inline: true}})
	t.Wrapping = fyne.TextWrapWord
	return t
}

// oneLineHint is a hint that never wraps.
func oneLineHint(text string) *widget.RichText {
	h := hint(text)
	h.Wrapping = fyne.TextWrapOff
	return h
}

// loading is what a window shows for the instant before the engine answers.
func loading() fyne.CanvasObject {
	return page(nil, oneLineHint("Loading…"), nil)
}

// fieldLabel names the field below it.
func fieldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// errorLabel shows what went wrong and what to do, in red; hidden when empty.
func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// showError puts err (or nothing) in an errorLabel.
func showError(l *widget.Label, err error) {
	if err == nil {
		l.SetText("")
		l.Hide()
		return
	}
	l.SetText(sentence(err.Error()))
	l.Show()
}

// sentence capitalises a message: the engine's start lowercase, as Go
// errors do, but a window shows them on their own.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// sevColor is a severity's colour: red for the worst, calmer below.
func sevColor(sev int) color.Color {
	switch sev {
	case 1:
		return color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	case 2:
		return color.NRGBA{R: 0xe0, G: 0x6c, B: 0x00, A: 0xff}
	case 3:
		return color.NRGBA{R: 0xa8, G: 0x7b, B: 0x00, A: 0xff}
	}
	return color.NRGBA{R: 0x45, G: 0x6e, B: 0x8a, A: 0xff}
}

// drillColor marks a practice incident.
var drillColor = color.NRGBA{R: 0x6a, G: 0x4c, B: 0x9c, A: 0xff}

// pill is a small rounded badge of white bold text.
func pill(text string, bg color.Color) fyne.CanvasObject {
	t := canvas.NewText(text, color.White)
	t.TextStyle = fyne.TextStyle{Bold: true}
	t.TextSize = theme.TextSize() - 1
	r := canvas.NewRectangle(bg)
	r.CornerRadius = 5
	return container.NewStack(r, container.New(layout.NewCustomPaddedLayout(2, 2, 8, 8), t))
}

// sevPill is "SEV2" in the severity's colour.
func sevPill(sev int) fyne.CanvasObject { return pill(fmt.Sprintf("SEV%d", sev), sevColor(sev)) }

// incidentHeader is the headline every incident window opens with: the
// severity and title, and below them where things stand.
func incidentHeader(inc api.Incident, ts timefmt.Style, now time.Time) fyne.CanvasObject {
	return headline(inc, standingIn(inc, ts, now))
}

// standingIn says where an incident stands as the reader reads it at now:
// "Identified · declared 09:12 CET, 38 min ago", "declared Mon 23 Nov
// 23:50 CET, 9 h 20 min ago".
func standingIn(inc api.Incident, ts timefmt.Style, now time.Time) string {
	s := "declared " + ts.Time(inc.DeclaredAt, now) + ", " + span(now.Sub(inc.DeclaredAt)) + " ago"
	if inc.Status != "" {
		s = sentence(inc.Status) + " · " + s
	}
	return s
}

// headline is the severity and title over a quiet line of detail.
func headline(inc api.Incident, detail string) fyne.CanvasObject {
	badges := []fyne.CanvasObject{container.NewCenter(sevPill(inc.Severity))}
	if inc.Drill {
		badges = append(badges, container.NewCenter(pill("DRILL", drillColor)))
	}
	top := container.NewBorder(nil, nil, container.NewHBox(badges...), nil, heading(inc.Title))
	sub := oneLineHint(detail)
	sub.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(top, compact(sub))
}

// notRunning replaces a window's content when no engine answers: what is
// wrong, how to start it, and a way to try again once it is (the default:
// Enter presses it).
func notRunning(w fyne.Window, retry func()) {
	icon := widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))
	msg := widget.NewLabel("Start it from your applications menu or with “keepcool” (it puts an icon in the tray), " +
		"or run “keepcool daemon” where there is no desktop. Then try again.")
	msg.Wrapping = fyne.TextWrapWord
	head := container.NewBorder(nil, nil, icon, nil, heading("keepcool is not running"))
	again := newPrimary("Try again", retry)
	footer := actions(nil, newButton("Close", w.Close), again)
	w.SetContent(page(head, container.NewVBox(msg), footer))
	bindKeys(w, keymap{})
	w.Canvas().Focus(again)
}

// errEngineStopped is what a window holding unsent text says when keepcool
// quits under it.
var errEngineStopped = errors.New("not sent: keepcool stopped. Start keepcool again and press Send, or copy the text")

// engineDown reports whether err means no engine answers.
func engineDown(err error) bool { return errors.Is(err, client.ErrNotRunning) }

// notFound reports whether the engine answered 404: there is no such
// incident (or none yet).
func notFound(err error) bool {
	var apiErr *client.APIError
	return errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound
}

// noIncidentDeclare fills a window that needs an active incident when
// there is none, offering Declare…, which puts the
// declare view in the same window (declare: nil offers nothing): someone
// who came to report on an incident that is not there may need to
// declare it.
func noIncidentDeclare(w fyne.Window, what string, declare func()) {
	msg := widget.NewLabel("There is no active incident, so there is nothing to " + what + ".")
	msg.Wrapping = fyne.TextWrapWord
	closeBtn := newButton("Close", w.Close)
	buttons, focus := []fyne.CanvasObject{closeBtn}, closeBtn
	if declare != nil {
		focus = newPrimary("Declare…", declare)
		buttons = append(buttons, focus)
	}
	w.SetContent(page(heading("No active incident"), container.NewVBox(msg), actions(nil, buttons...)))
	bindKeys(w, keymap{})
	w.Canvas().Focus(focus)
}

// every runs fn on fyne's goroutine every d.refresh while w is open, to
// keep what a window shows true as time passes; never when d.refresh is 0.
func every(d *deps, w fyne.Window, fn func()) { everyInterval(d, w, d.refresh, fn) }

// everyInterval is every at an interval of its own, for a window that
// must follow the engine more closely than the clock; never when
// d.refresh is 0.
func everyInterval(d *deps, w fyne.Window, interval time.Duration, fn func()) {
	if d.refresh <= 0 || interval <= 0 {
		return
	}
	stop := d.whileOpen(w)
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(fn)
			}
		}
	}()
}

// oneLine flattens text for a single-line label.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
