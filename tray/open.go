package tray

import (
	"os/exec"
	"runtime"
)

// OpenURL shows url in the desktop's browser without waiting for it.
func OpenURL(url string) error {
	name, args := opener(runtime.GOOS, url)
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap: the opener hands the URL over and exits
	return nil
}

// opener is each desktop's way to open a URL.
func opener(goos, url string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", []string{url}
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", url}
	}
	return "xdg-open", []string{url}
}
