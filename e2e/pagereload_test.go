package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// A leaked page token is rotated by editing the config and reloading: the
// old one stops working at once, the new one works, and messages link
// with the new one.
func TestPageTokenRotatesOnReload(t *testing.T) {
	rcv := newReceiver(t)
	conf := func(token string) string {
		return "[statuspage]\nlisten = \"127.0.0.1:0\"\ntoken = \"" + token + "\"\npublic_url = \"https://status.example.com/\"\n\n" +
			"[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"" + rcv.srv.URL + "/hook\"\n"
	}
	h := newHome(t, conf("OldToken111"))
	d := h.startDaemon()
	defer d.stop(t)
	page := pageAddress(t, d)
	status := func(token string) int {
		res, err := http.Get(page + "api/incident.json?token=" + token)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := status("OldToken111"); got != http.StatusOK {
		t.Fatalf("with the configured token: %d", got)
	}
	if err := os.WriteFile(filepath.Join(h.dir, "config.toml"), []byte(conf("NewToken222")), 0o600); err != nil {
		t.Fatal(err)
	}
	d.Cmd.Process.Signal(syscall.SIGHUP)
	poll.ForWithin(t, 10*time.Second, "the reload", func() bool { return strings.Contains(d.Output(), "status page settings reloaded") })
	if old, new := status("OldToken111"), status("NewToken222"); old != http.StatusUnauthorized || new != http.StatusOK {
		t.Fatalf("after the reload: old token %d, new token %d; want 401 and 200", old, new)
	}
	h.must("start", "Payments failing", "--eta", "30m-1h")
	poll.ForWithin(t, 10*time.Second, "the declaration", func() bool { return len(rcv.bodies()) == 1 })
	if body := rcv.bodies()[0]; !strings.Contains(body, "token=NewToken222") || strings.Contains(body, "OldToken111") {
		t.Fatalf("the declaration links with the wrong token: %s", body)
	}
	if strings.Contains(d.Output(), "NewToken222") {
		t.Fatal("the daemon log holds the token")
	}
}
