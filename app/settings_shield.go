//go:build cgo

package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/focus/macos"
)

// shieldRows shows each part of the focus shield and its state, read
// only: the engine decides what can run here, and says why when not.
func (v *settingsView) shieldRows() fyne.CanvasObject {
	box := container.NewVBox()
	switch {
	case !v.running:
		box.Add(hint("Shown while keepcool is running."))
	case len(v.shield) == 0:
		box.Add(hint("Off: nothing is quieted during incidents."))
	}
	for _, b := range v.shield {
		name := widget.NewLabelWithStyle(shieldName(b.Name), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		box.Add(container.New(labelColumn{width: 130}, name, shieldState(b)))
	}
	return box
}

// desktopCheck turns the desktop's do-not-disturb part of the shield on
// or off: the one switch people look for here, rather than in the file.
func (v *settingsView) desktopCheck() fyne.CanvasObject {
	return container.NewBorder(nil, nil, v.desktop, nil, oneLineHint("used from keepcool's next start"))
}

// shieldSection is the section's heading, with what the shield is for.
func shieldSection() fyne.CanvasObject {
	l := widget.NewLabelWithStyle("Focus shield", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	what := oneLineHint("quiets notifications and chat status during an incident, then puts them back")
	what.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, l, nil,
		container.NewVBox(layout.NewSpacer(), what, layout.NewSpacer())))
}

// shieldName is how people call a back-end.
func shieldName(name string) string {
	switch name {
	case "gnome":
		return "GNOME"
	case "kde":
		return "KDE Plasma"
	case "macos":
		return "macOS"
	case "windows":
		return "Windows"
	case "slack":
		return "Slack"
	}
	return name
}

// shieldState is a back-end's state in words, and what went wrong or
// why it cannot run, in the colour of how much it matters.
func shieldState(b api.ShieldBackend) *widget.RichText {
	word, color := "ready", theme.ColorNamePlaceHolder
	switch b.State {
	case "raising":
		word = "going up…"
	case "up":
		word, color = "up", theme.ColorNameForeground
	case "restoring":
		word = "putting back…"
	case "failed":
		word, color = "✗ failed", theme.ColorNameError
	case "unavailable":
		word = "not available"
	}
	segs := []widget.RichTextSegment{&widget.TextSegment{Text: word,
		Style: widget.RichTextStyle{ColorName: color, Inline: true}}}
	if b.Error != "" {
		segs = append(segs, &widget.TextSegment{Text: ": " + b.Error,
			Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, Inline: true}})
	}
	if b.Name == "macos" && b.State != "up" { // the one-time set-up Focus needs
		segs = append(segs, &widget.TextSegment{Text: macos.SetupGuide,
			Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder}})
	}
	t := widget.NewRichText(segs...)
	t.Wrapping = fyne.TextWrapWord
	return t
}
