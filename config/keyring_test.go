package config

import (
	"bufio"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// keyringSession starts a private session bus and a real gnome-keyring
// daemon on it, unlocked, as a desktop login would.
func keyringSession(t *testing.T) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_RUNTIME_DIR", home)
	t.Setenv("XDG_DATA_HOME", home+"/data")
	bus := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	out, err := bus.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.Start(); err != nil {
		t.Fatalf("dbus-daemon (make deps installs it): %v", err)
	}
	t.Cleanup(func() { bus.Process.Kill(); bus.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", strings.TrimSpace(addr))

	kr := exec.Command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	kr.Stdin = strings.NewReader("test-login-password")
	if err := kr.Start(); err != nil {
		t.Fatalf("gnome-keyring-daemon (make deps installs it): %v", err)
	}
	t.Cleanup(func() { kr.Process.Kill(); kr.Wait() })
}

func secretTool(t *testing.T, name, value string) {
	t.Helper()
	var err error
	var out []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		cmd := exec.Command("secret-tool", "store", "--label=keepcool "+name, "service", "keepcool", "username", name)
		cmd.Stdin = strings.NewReader(value)
		if out, err = cmd.CombinedOutput(); err == nil {
			return
		}
	}
	t.Fatalf("secret-tool store (the keyring never came up): %v %s", err, out)
}

// The advice keepcool prints for a missing secret (secret-tool store …
// service keepcool username NAME) stores exactly what Resolve reads back,
// through the real Secret Service.
func TestResolveFromGnomeKeyring(t *testing.T) {
	keyringSession(t)
	secretTool(t, "ops-webhook", "https://hooks.slack.com/services/T0/B0/XYZ")
	got, err := Secrets{}.Resolve("keyring:ops-webhook")
	if err != nil || got != "https://hooks.slack.com/services/T0/B0/XYZ" {
		t.Fatalf("Resolve = %q, %v", got, err)
	}
	_, err = Secrets{}.Resolve("keyring:not-stored")
	if err == nil || !strings.Contains(err.Error(), "secret-tool store") {
		t.Fatalf("missing secret: %v; want advice naming secret-tool store", err)
	}
}
