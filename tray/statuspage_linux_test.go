package tray_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// Open status page opens the page with the token in force at the click: a
// leaked token rotated by a reload must not leave the engineer's own
// browser on a 401.
func TestOpenStatusPageFollowsARotatedToken(t *testing.T) {
	bin := t.TempDir()
	opened := filepath.Join(bin, "opened")
	// The desktop's opener, as keepcool calls it: record what it was asked to open.
	script := "#!/bin/sh\nprintf '%s\\n' \"$1\" >> " + opened + "\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	d := newDesktop(t, true)
	conf := func(token string) {
		cfg := "[statuspage]\nlisten = \"127.0.0.1:0\"\ntoken = \"" + token + "\"\n"
		if err := os.WriteFile(filepath.Join(d.home, "config.toml"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	conf("OldToken111")
	a := d.start()
	p := d.panel(a)
	read := func() string { b, _ := os.ReadFile(opened); return string(b) }

	poll.ForWithin(t, 10*time.Second, "the idle menu", func() bool { return p.menu()["Open status page"].enabled })
	p.click("Open status page")
	poll.ForWithin(t, 10*time.Second, "the page opened", func() bool { return strings.Contains(read(), "token=OldToken111") })

	conf("NewToken222")
	a.Cmd.Process.Signal(syscall.SIGHUP)
	poll.ForWithin(t, 10*time.Second, "the reload", func() bool { return strings.Contains(a.Output(), "status page settings reloaded") })
	p.click("Open status page")
	poll.ForWithin(t, 10*time.Second, "the page opened again", func() bool { return strings.Count(read(), "\n") == 2 })
	if last := strings.Split(strings.TrimSpace(read()), "\n")[1]; !strings.Contains(last, "token=NewToken222") {
		t.Fatalf("after the reload the tray opened %q, want the new token", last)
	}
	if strings.Contains(a.Output(), "NewToken222") {
		t.Error("keepcool's log holds the token")
	}
	p.click("Quit")
	a.exited(t, 10*time.Second)
}
