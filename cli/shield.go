package cli

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/focus"
	"github.com/keepcool/keepcool/focus/gnome"
	"github.com/keepcool/keepcool/focus/kde"
	"github.com/keepcool/keepcool/focus/macos"
	"github.com/keepcool/keepcool/focus/slack"
)

// windowsWhy is what Settings and status say on Windows, rather than pretend.
const windowsWhy = "Windows has no supported way for an app to turn on Do not disturb (Focus Assist): " +
	"press Win+N and switch on Do not disturb when you declare, and off when you resolve. " +
	"keepcool's prompts still reach you."

// shieldBackends picks the focus shield's back-ends for this desktop and
// config, and says why each missing one cannot run here.
func shieldBackends(ctx context.Context, f config.Focus, getenv func(string) string, sec config.Secrets) ([]focus.Backend, []focus.Unavailable) {
	var on []focus.Backend
	var off []focus.Unavailable
	if f.Desktop {
		b, u := desktopBackend(ctx, runtime.GOOS, f, getenv)
		if b != nil {
			on = append(on, b)
		} else {
			off = append(off, u)
		}
	}
	if f.SlackToken != "" {
		token, err := sec.Resolve(f.SlackToken)
		if err != nil {
			off = append(off, focus.Unavailable{Name: slack.Name, Why: fmt.Sprintf("the Slack token could not be read: %v", err)})
		} else {
			on = append(on, slack.New(token, slack.WithTokenRef(f.SlackToken)))
		}
	}
	return on, off
}

// desktopBackend is the do-not-disturb back-end of this desktop.
func desktopBackend(ctx context.Context, goos string, f config.Focus, getenv func(string) string) (focus.Backend, focus.Unavailable) {
	switch goos {
	case "darwin":
		return macos.New(f.MacOSFocusOn, f.MacOSFocusOff), focus.Unavailable{}
	case "windows":
		return nil, focus.Unavailable{Name: "windows", Why: windowsWhy}
	}
	current := getenv("XDG_CURRENT_DESKTOP")
	if isKDE(current) {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if ok, why := kde.Available(ctx, ""); !ok {
			return nil, focus.Unavailable{Name: "kde", Why: why}
		}
		return kde.New(""), focus.Unavailable{}
	}
	ok, why := gnome.Available(getenv)
	if !ok {
		if current == "" {
			why = "no desktop session here (XDG_CURRENT_DESKTOP is not set): do-not-disturb works on GNOME and KDE Plasma; set desktop = false in [focus] to hide this"
		}
		return nil, focus.Unavailable{Name: "desktop", Why: why}
	}
	return gnome.New(nil), focus.Unavailable{}
}

func isKDE(current string) bool {
	for _, d := range strings.Split(current, ":") {
		if strings.EqualFold(strings.TrimSpace(d), "KDE") {
			return true
		}
	}
	return false
}
