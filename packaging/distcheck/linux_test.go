//go:build distcheck

package distcheck

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// The message the packages' preremove prints: the command a user runs to
// remove what removal leaves.
const leftoversCommand = "rm -rf ~/.config/keepcool ~/.local/state/keepcool"

// rpmArch is rpm's name for GOARCH (Debian's is GOARCH itself).
func rpmArch() string {
	switch runtime.GOARCH {
	case "amd64":
		return "x86_64"
	case "arm64":
		return "aarch64"
	}
	return runtime.GOARCH
}

func debName() string { return fmt.Sprintf("keepcool_%s_%s.deb", *version, runtime.GOARCH) }
func rpmName() string { return fmt.Sprintf("keepcool-%s-1.%s.rpm", *version, rpmArch()) }
func tarName() string { return fmt.Sprintf("keepcool-%s-linux-%s", *version, runtime.GOARCH) }

// manPages are the pages packaging/gendocs writes today, gzipped: the
// packages must carry each of them and no other.
func manPages(t *testing.T) []string {
	t.Helper()
	out := t.TempDir()
	cmd := exec.Command("go", "run", "./packaging/gendocs", "-out", out)
	cmd.Dir = "../.."
	// Only the pages' names matter here, not their date.
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./packaging/gendocs: %v\n%s", err, b)
	}
	pages, err := filepath.Glob(filepath.Join(out, "man", "man1", "*.1"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("gendocs wrote no man pages in %s (%v)", out, err)
	}
	for i, p := range pages {
		pages[i] = filepath.Base(p) + ".gz"
	}
	return pages
}

// shareFiles is what the packages install under /usr/share and the tarball
// holds under share/, relative to it (documentation aside).
func shareFiles(t *testing.T) []string {
	t.Helper()
	files := []string{
		"applications/" + appID + ".desktop",
		"icons/hicolor/scalable/apps/" + appID + ".svg",
		"bash-completion/completions/keepcool",
		"zsh/vendor-completions/_keepcool",
		"fish/vendor_completions.d/keepcool.fish",
	}
	for _, n := range []int{16, 22, 24, 32, 48, 64, 128, 256, 512} {
		files = append(files, fmt.Sprintf("icons/hicolor/%dx%d/apps/%s.png", n, n, appID))
	}
	for _, p := range manPages(t) {
		files = append(files, "man/man1/"+p)
	}
	return files
}

// packageFiles is every file the .deb or .rpm must install, absolute.
func packageFiles(t *testing.T, licence string) []string {
	t.Helper()
	files := []string{
		"/usr/bin/keepcool",
		"/usr/bin/keepcool-gui",
		"/etc/xdg/autostart/" + appID + ".desktop",
		"/usr/share/doc/keepcool/" + licence,
		"/usr/share/doc/keepcool/README.md",
		"/usr/share/doc/keepcool/CHANGELOG.md",
	}
	for _, f := range shareFiles(t) {
		files = append(files, "/usr/share/"+f)
	}
	return files
}

// sameFiles fails naming each missing and each unexpected file.
func sameFiles(t *testing.T, what string, got, want []string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s lacks %s", what, w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("%s holds unexpected %s", what, g)
		}
	}
}

// debFiles lists the regular files (and links) in the .deb, as absolute
// paths: dpkg-deb -c prints "./usr/bin/keepcool"; directories end in "/".
func debFiles(t *testing.T, deb string) []string {
	t.Helper()
	var files []string
	for line := range strings.Lines(run(t, "dpkg-deb", "-c", deb)) {
		f := strings.Fields(line)
		if len(f) < 6 || strings.HasPrefix(f[0], "d") {
			continue
		}
		files = append(files, strings.TrimPrefix(f[5], "."))
	}
	return files
}

func TestLinuxDebContents(t *testing.T) {
	sameFiles(t, debName(), debFiles(t, dist(t, debName())), packageFiles(t, "copyright"))
}

func TestLinuxRpmContents(t *testing.T) {
	rpm := dist(t, rpmName())
	var got []string
	for line := range strings.Lines(run(t, "rpm", "-qlp", rpm)) {
		got = append(got, strings.TrimSpace(line))
	}
	sameFiles(t, rpmName(), got, append(packageFiles(t, "LICENSE"), "/usr/share/zsh/site-functions/_keepcool"))

	scripts := run(t, "rpm", "-qp", "--scripts", rpm)
	if !strings.Contains(scripts, "preuninstall scriptlet") || !strings.Contains(scripts, leftoversCommand) {
		t.Errorf("%s has no preremove telling how to remove what it leaves (%q):\n%s", rpmName(), leftoversCommand, scripts)
	}
	if info := run(t, "rpm", "-qip", rpm); !strings.Contains(info, "License     : MIT") {
		t.Errorf("%s: licence is not MIT:\n%s", rpmName(), info)
	}
	if req := run(t, "rpm", "-qp", "--requires", rpm); !strings.Contains(req, "libglvnd-glx") || !strings.Contains(req, "libX11") {
		t.Errorf("%s does not require libglvnd-glx and libX11 (Fedora's names for keepcool-gui's libraries):\n%s", rpmName(), req)
	}
}

func TestLinuxDebFields(t *testing.T) {
	deb := dist(t, debName())
	field := func(name string) string {
		return strings.TrimSpace(run(t, "dpkg-deb", "-f", deb, name))
	}
	for name, want := range map[string]string{
		"Package":      "keepcool",
		"Version":      *version,
		"Architecture": runtime.GOARCH,
		"Section":      "utils",
	} {
		if got := field(name); got != want {
			t.Errorf("%s: %s is %q, want %q", debName(), name, got, want)
		}
	}
	for _, name := range []string{"Maintainer", "Homepage", "Description"} {
		if field(name) == "" {
			t.Errorf("%s: no %s", debName(), name)
		}
	}
	// keepcool-gui links libGL and libX11 and dlopens the X extensions.
	deps := strings.Split(field("Depends"), ",")
	for i := range deps {
		deps[i] = strings.Fields(deps[i] + " ")[0]
	}
	for _, want := range []string{"libgl1", "libx11-6", "libxcursor1", "libxrandr2", "libxinerama1", "libxi6", "libxxf86vm1"} {
		if !slices.Contains(deps, want) {
			t.Errorf("%s: Depends %q lacks %s", debName(), field("Depends"), want)
		}
	}
	if ctl := run(t, "dpkg-deb", "-I", deb); strings.Contains(ctl, "conffiles") {
		t.Errorf("%s has conffiles, which dpkg -r leaves behind:\n%s", debName(), ctl)
	}
}

// The launcher and the autostart entry, as the .deb installs them, pass
// desktop-file-validate; only the autostart entry starts at login.
func TestLinuxDebDesktopFiles(t *testing.T) {
	root := t.TempDir()
	run(t, "dpkg-deb", "-x", dist(t, debName()), root)
	launcher := filepath.Join(root, "usr/share/applications", appID+".desktop")
	autostart := filepath.Join(root, "etc/xdg/autostart", appID+".desktop")
	for _, p := range []string{launcher, autostart} {
		out, err := exec.Command("desktop-file-validate", p).CombinedOutput()
		if err != nil || strings.Contains(string(out), "error:") {
			t.Errorf("desktop-file-validate %s: %v\n%s", p, err, out)
		}
		keys := entryKeys(t, p)
		if keys["Exec"] != "keepcool" || keys["Icon"] != appID {
			t.Errorf("%s: Exec=%q Icon=%q, want keepcool (on PATH, /usr/bin) and %s", p, keys["Exec"], keys["Icon"], appID)
		}
	}
	if keys := entryKeys(t, autostart); keys["X-GNOME-Autostart-enabled"] != "true" {
		t.Errorf("%s: X-GNOME-Autostart-enabled=%q, want true", autostart, keys["X-GNOME-Autostart-enabled"])
	}
	if _, ok := entryKeys(t, launcher)["X-GNOME-Autostart-enabled"]; ok {
		t.Errorf("%s: the launcher carries the autostart key", launcher)
	}
}

// entryKeys are the keys of a desktop file's [Desktop Entry] group.
func entryKeys(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	keys, group := map[string]string{}, ""
	for sc := bufio.NewScanner(strings.NewReader(string(b))); sc.Scan(); {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			group = line
		} else if k, v, ok := strings.Cut(line, "="); ok && group == "[Desktop Entry]" {
			keys[k] = v
		}
	}
	return keys
}

func TestLinuxTarball(t *testing.T) {
	tgz := dist(t, tarName()+".tar.gz")
	var got, owned []string
	for line := range strings.Lines(run(t, "tar", "-tzvf", tgz, "--numeric-owner")) {
		f := strings.Fields(line)
		if len(f) < 6 {
			t.Fatalf("tar -tv line %q", line)
		}
		if f[1] != "0/0" {
			owned = append(owned, f[5]+" "+f[1])
		}
		if !strings.HasPrefix(f[0], "d") {
			got = append(got, f[5])
		}
	}
	if len(owned) > 0 {
		t.Errorf("%s: %d entries not owned by 0/0 (tar --owner=0 --group=0 --numeric-owner), e.g. %s", tgz, len(owned), owned[0])
	}
	top := tarName() + "/"
	want := []string{top + "bin/keepcool", top + "bin/keepcool-gui", top + "LICENSE", top + "README.md", top + "CHANGELOG.md", top + "INSTALL"}
	for _, f := range shareFiles(t) {
		want = append(want, top+"share/"+f)
	}
	sameFiles(t, tarName()+".tar.gz", got, want)
}

// sudo is the command prefix that runs a command as root: none for root,
// sudo -n otherwise (failing the test when sudo would ask for a password).
func sudo(t *testing.T) []string {
	t.Helper()
	if os.Geteuid() == 0 {
		return nil
	}
	if err := exec.Command("sudo", "-n", "true").Run(); err != nil {
		t.Fatalf("installing the .deb needs root: run as root, or with password-less sudo (sudo -n true: %v)", err)
	}
	return []string{"sudo", "-n"}
}

// asRoot runs a command as root and returns its combined output.
func asRoot(t *testing.T, name string, args ...string) string {
	t.Helper()
	if prefix := sudo(t); prefix != nil {
		return run(t, prefix[0], append(append(prefix[1:], name), args...)...)
	}
	return run(t, name, args...)
}

// A real install of the .deb: both binaries report the release's version,
// and dpkg -r says what it leaves and leaves none of the package's files.
func TestLinuxDebInstallAndRemove(t *testing.T) {
	deb := dist(t, debName())
	if out, err := exec.Command("dpkg", "-s", "keepcool").CombinedOutput(); err == nil {
		t.Fatalf("keepcool is already installed on this machine; this test installs and removes the .deb, "+
			"so remove it first (dpkg --purge keepcool):\n%s", out)
	}
	files := debFiles(t, deb)
	t.Cleanup(func() {
		if t.Failed() {
			args := append(sudo(t), "dpkg", "--purge", "keepcool")
			out, _ := exec.Command(args[0], args[1:]...).CombinedOutput()
			t.Logf("cleanup: %s\n%s", strings.Join(args, " "), out)
		}
	})

	asRoot(t, "dpkg", "-i", deb)
	for _, bin := range []string{"/usr/bin/keepcool", "/usr/bin/keepcool-gui"} {
		out := run(t, bin, "--version")
		if want := filepath.Base(bin) + " " + *version + " ("; !strings.HasPrefix(out, want) {
			t.Errorf("%s --version printed %q, want it to start %q", bin, out, want)
		}
	}

	out := asRoot(t, "dpkg", "-r", "keepcool")
	if !strings.Contains(out, leftoversCommand) {
		t.Errorf("dpkg -r keepcool did not say how to remove what it leaves (%q):\n%s", leftoversCommand, out)
	}
	if n := strings.Count(out, leftoversCommand); n > 1 {
		t.Errorf("dpkg -r keepcool printed the leftovers message %d times:\n%s", n, out)
	}
	for _, f := range files {
		if _, err := os.Lstat(f); err == nil {
			t.Errorf("dpkg -r keepcool left %s", f)
		}
	}
	// Not even config-files: the package has no conffiles and no postrm,
	// so removal is complete without a purge.
	if out, err := exec.Command("dpkg", "-s", "keepcool").CombinedOutput(); err == nil {
		t.Errorf("after dpkg -r, dpkg -s keepcool still knows it:\n%s", out)
	}
}
