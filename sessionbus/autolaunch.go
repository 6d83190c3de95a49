package sessionbus

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/godbus/dbus/v5"
)

// NoBus is what DBUS_SESSION_BUS_ADDRESS says when keepcool found no
// session bus: an address that fails at once, where an empty one would
// make godbus (and libdbus in child processes) launch a bus.
const NoBus = "unix:path=/nonexistent/no-session-bus"

const envName = "DBUS_SESSION_BUS_ADDRESS"

// RefuseAutolaunch makes sure no library in this process, nor any process
// it starts, launches a session bus: when DBUS_SESSION_BUS_ADDRESS is
// unset (or "autolaunch:"), it names the bus that godbus would find by
// itself ($XDG_RUNTIME_DIR/bus), or else NoBus. Call it first thing in
// main, before any goroutine reads the environment. Only Linux and the
// BSDs autolaunch; elsewhere it does nothing.
func RefuseAutolaunch() error {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return nil
	}
	addr, set := address(os.Getenv, os.Getuid(), exists)
	if !set {
		return nil
	}
	if err := os.Setenv(envName, addr); err != nil {
		return fmt.Errorf("set %s: %w", envName, err)
	}
	return nil
}

// address is the session bus address to set, and whether to set one.
func address(getenv func(string) string, uid int, exists func(string) bool) (string, bool) {
	if v := getenv(envName); v != "" && v != "autolaunch:" {
		return "", false
	}
	dir := getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = fmt.Sprintf("/run/user/%d", uid) // where godbus looks too
	}
	if bus := filepath.Join(dir, "bus"); exists(bus) {
		return "unix:path=" + dbus.EscapeBusAddressValue(bus), true
	}
	if exists(filepath.Join(dir, "dbus-session")) {
		return "", false // godbus reads the address from it
	}
	return NoBus, true
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
