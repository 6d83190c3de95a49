//go:build linux

package packaging

import (
	"bufio"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// installed is where `make install DESTDIR=root PREFIX=/usr` with
// XDG_CONFIG_HOME=/home/tester/.config must put each file, relative to root.
var installed = map[string]string{
	"binary":    "usr/bin/keepcool",
	"gui":       "usr/bin/keepcool-gui",
	"launcher":  "usr/share/applications/" + appID + ".desktop",
	"icon":      "usr/share/icons/hicolor/scalable/apps/" + appID + ".svg",
	"autostart": "home/tester/.config/autostart/" + appID + ".desktop",
}

// runMake runs a Makefile target at the repository root. `-o build` keeps make
// from building the real binaries (a minutes-long cgo build that would also
// write bin/ in the work tree); BIN and GUI point install at a stand-in.
func runMake(t *testing.T, root, bin string, target string) {
	t.Helper()
	if _, err := exec.LookPath("make"); err != nil {
		t.Fatalf("make not found: run make deps")
	}
	cmd := exec.Command("make", "-C", "..", "-o", "build", target,
		"DESTDIR="+root, "PREFIX=/usr", "BIN="+bin, "GUI="+bin)
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME=/home/tester/.config")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make %s: %v\n%s", target, err, out)
	}
}

func fakeBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "keepcool")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\necho keepcool\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestInstallPutsFilesInPlaceAndUninstallRemovesThem(t *testing.T) {
	root, bin := t.TempDir(), fakeBinary(t)
	runMake(t, root, bin, "install")
	runMake(t, root, bin, "install") // idempotent: a second run must succeed too

	for what, rel := range installed {
		if _, err := os.Stat(filepath.Join(root, rel)); err != nil {
			t.Errorf("%s not installed: %v", what, err)
		}
	}
	if got := listFiles(t, root); len(got) != len(installed) {
		t.Errorf("install wrote %d files, want %d: %v", len(got), len(installed), got)
	}
	for _, b := range []string{"binary", "gui"} {
		if fi, err := os.Stat(filepath.Join(root, installed[b])); err == nil && fi.Mode().Perm() != 0o755 {
			t.Errorf("%s mode %v, want 0755", b, fi.Mode().Perm())
		}
	}
	checkEntry(t, filepath.Join(root, installed["launcher"]), false)
	checkEntry(t, filepath.Join(root, installed["autostart"]), true)

	runMake(t, root, bin, "uninstall")
	if got := listFiles(t, root); len(got) != 0 {
		t.Errorf("uninstall left %v", got)
	}
	runMake(t, root, bin, "uninstall") // nothing left to remove is not an error
}

// checkEntry asserts the keys a desktop or panel reads from an installed entry.
func checkEntry(t *testing.T, path string, autostart bool) {
	t.Helper()
	keys := readEntry(t, path)
	want := map[string]string{
		"Type":          "Application",
		"Name":          "keepcool",
		"Exec":          "/usr/bin/keepcool",
		"Icon":          appID,
		"Categories":    "Utility;Development;",
		"StartupNotify": "false",
		"Terminal":      "false",
	}
	if autostart {
		want["X-GNOME-Autostart-enabled"] = "true"
	} else if _, ok := keys["X-GNOME-Autostart-enabled"]; ok {
		t.Errorf("%s: launcher entry carries the autostart key", path)
	}
	for k, v := range want {
		if keys[k] != v {
			t.Errorf("%s: %s=%q, want %q", path, k, keys[k], v)
		}
	}
	if keys["Comment"] == "" {
		t.Errorf("%s: no Comment", path)
	}
	// The launcher's actions (a right-click in GNOME's dash, where there
	// may be no tray icon) open windows with the installed binary; the
	// autostart entry has none.
	actions := groupExecs(t, path)
	if autostart {
		if len(actions) != 0 || keys["Actions"] != "" {
			t.Errorf("%s: the autostart entry carries actions %v", path, actions)
		}
	} else {
		want := map[string]string{
			"[Desktop Action declare]":  "/usr/bin/keepcool window declare",
			"[Desktop Action update]":   "/usr/bin/keepcool window prompt",
			"[Desktop Action timeline]": "/usr/bin/keepcool window timeline",
		}
		if keys["Actions"] != "declare;update;timeline;" || !maps.Equal(actions, want) {
			t.Errorf("%s: Actions=%q, action Execs %v; want %v", path, keys["Actions"], actions, want)
		}
	}
	validate(t, path)
}

// groupExecs maps each [Desktop Action …] group of a desktop file to its Exec.
func groupExecs(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out, group := map[string]string{}, ""
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			group = line
		} else if v, ok := strings.CutPrefix(line, "Exec="); ok && strings.HasPrefix(group, "[Desktop Action ") {
			out[group] = v
		}
	}
	return out
}

// readEntry parses the [Desktop Entry] group of a desktop file into its keys.
func readEntry(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys, group := map[string]string{}, ""
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			group = line
		case group == "[Desktop Entry]":
			if k, v, ok := strings.Cut(line, "="); ok {
				keys[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return keys
}

// validate runs the freedesktop validator; hints are allowed, errors are not.
func validate(t *testing.T, path string) {
	t.Helper()
	if _, err := exec.LookPath("desktop-file-validate"); err != nil {
		t.Fatalf("desktop-file-validate not found (desktop-file-utils): run make deps")
	}
	out, err := exec.Command("desktop-file-validate", path).CombinedOutput()
	if err != nil || strings.Contains(string(out), "error:") {
		t.Errorf("desktop-file-validate %s: %v\n%s", path, err, out)
	}
}

func listFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
