package tray

import "github.com/keepcool/keepcool/internal/desktopopen"

// OpenURL shows url in the desktop's browser without waiting for it.
func OpenURL(url string) error { return desktopopen.Start(url) }
