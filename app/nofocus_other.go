//go:build cgo && (!linux || wayland)

package app

// Elsewhere GLFW's focus-on-show hint is what there is: Windows and macOS
// keep a new window of a background process from taking the foreground.
func nativeHandle(any) uintptr { return 0 }

func markNotUserOpened(uintptr) {}
