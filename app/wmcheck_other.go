//go:build cgo && (!linux || wayland)

package app

// clearStaleWMCheck is for X11 only (see wmcheck_x11.go).
func clearStaleWMCheck() {}
