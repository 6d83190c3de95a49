//go:build cgo

package app

// hasDisplay reports whether a window can open: on X11 and Wayland
// desktops that needs DISPLAY or WAYLAND_DISPLAY; macOS and Windows
// always have one. Without it fyne's driver panics instead of saying so.
func hasDisplay(goos string, getenv func(string) string) bool {
	switch goos {
	case "darwin", "windows", "android", "ios":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

// errNoDisplay says what to do instead.
const errNoDisplay = "no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset): " +
	"run it in a desktop session, or use the CLI (keepcool note, keepcool status, …)"
