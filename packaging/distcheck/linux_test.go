//go:build distcheck

package distcheck

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"debug/elf"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The message the packages' preremove prints: the command a user runs to
// remove what removal leaves.
const leftoversCommand = "rm -rf ~/.config/keepcool ~/.local/state/keepcool"

// rpmArch is rpm's name for GOARCH (Debian's is GOARCH itself). Keep in
// sync with the map in scripts/dist-linux.sh.
func rpmArch() string {
	switch runtime.GOARCH {
	case "amd64":
		return "x86_64"
	case "arm64":
		return "aarch64"
	}
	return runtime.GOARCH
}

// debVersion is the Version nfpm writes into the .deb: a pre-release's
// "-" becomes "~" (0.1.0-rc.1 is 0.1.0~rc.1), which Debian sorts before
// the release itself (0.1.0~rc.1 < 0.1.0), as semver does.
func debVersion() string { return strings.Replace(*version, "-", "~", 1) }

// rpmVersion is the Version nfpm writes into the .rpm: like the deb's, and
// a "-" inside the pre-release becomes "_", which rpm's versions cannot hold.
func rpmVersion() string {
	v, meta, hasMeta := strings.Cut(*version, "+")
	if core, pre, ok := strings.Cut(v, "-"); ok {
		v = core + "~" + strings.ReplaceAll(pre, "-", "_")
	}
	if hasMeta {
		v += "+" + meta
	}
	return v
}

// The artifacts' names keep VERSION as given, pre-release or not.
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
	// Keep in sync with SIZES in scripts/dist-linux.sh.
	for _, n := range []int{16, 22, 24, 32, 48, 64, 128, 256, 512} {
		files = append(files, fmt.Sprintf("icons/hicolor/%dx%d/apps/%s.png", n, n, appID))
	}
	for _, p := range manPages(t) {
		files = append(files, "man/man1/"+p)
	}
	return files
}

// packageFiles is every file the .deb or .rpm must install, absolute,
// given the names of its files in /usr/share/doc/keepcool.
func packageFiles(t *testing.T, docs ...string) []string {
	t.Helper()
	files := []string{
		"/usr/bin/keepcool",
		"/usr/bin/keepcool-gui",
		"/etc/xdg/autostart/" + appID + ".desktop",
	}
	for _, d := range docs {
		files = append(files, "/usr/share/doc/keepcool/"+d)
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

// entry is one line of a package's listing: ls -l's mode, owner as
// "user/group", and the absolute path (directories without a trailing "/").
type entry struct{ mode, owner, path string }

// debEntries lists the .deb's contents: dpkg-deb -c prints
// "-rwxr-xr-x root/root 123 2026-11-30 13:31 ./usr/bin/keepcool".
func debEntries(t *testing.T, deb string) []entry {
	t.Helper()
	return listing(t, 6, func(f []string) entry {
		return entry{f[0], f[1], strings.TrimSuffix(strings.TrimPrefix(f[5], "."), "/")}
	}, "dpkg-deb", "-c", deb)
}

// rpmEntries lists the .rpm's contents, directories it owns included:
// rpm -qlvp prints "-rwxr-xr-x 1 root root 123 Nov 30 13:31 /usr/bin/keepcool".
func rpmEntries(t *testing.T, rpm string) []entry {
	t.Helper()
	return listing(t, 9, func(f []string) entry { return entry{f[0], f[2] + "/" + f[3], f[8]} }, "rpm", "-qlvp", rpm)
}

// listing runs a command that prints one entry a line, in at least n
// fields (no path holds a space), and parses each line's fields.
func listing(t *testing.T, n int, parse func([]string) entry, name string, args ...string) []entry {
	t.Helper()
	var entries []entry
	for line := range strings.Lines(run(t, name, args...)) {
		f := strings.Fields(line)
		if len(f) < n {
			t.Fatalf("%s %s: line %q has fewer than %d fields", name, strings.Join(args, " "), line, n)
		}
		entries = append(entries, parse(f))
	}
	return entries
}

// paths are the entries' paths, directories only or all but them.
func paths(entries []entry, dirs bool) []string {
	var p []string
	for _, e := range entries {
		if strings.HasPrefix(e.mode, "d") == dirs {
			p = append(p, e.path)
		}
	}
	return p
}

// debFiles lists the regular files (and links) in the .deb, absolute.
func debFiles(t *testing.T, deb string) []string { return paths(debEntries(t, deb), false) }

// checkModes fails for each entry a user could not read, or could change
// without root: root/root everywhere, the programs in /usr/bin 0755, other
// files 0644, directories 0755.
func checkModes(t *testing.T, what string, entries []entry) {
	t.Helper()
	for _, e := range entries {
		want := "-rw-r--r--"
		switch {
		case strings.HasPrefix(e.mode, "d"):
			want = "drwxr-xr-x"
		case strings.HasPrefix(e.path, "/usr/bin/"):
			want = "-rwxr-xr-x"
		}
		if e.mode != want || e.owner != "root/root" {
			t.Errorf("%s: %s is %s %s, want %s root/root", what, e.path, e.mode, e.owner, want)
		}
	}
}

// Debian's own checker finds no error and no warning (its overrides file
// says why two errors are choices).
func TestLinuxDebLintian(t *testing.T) {
	out, err := exec.Command("lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", dist(t, debName())).CombinedOutput()
	if err != nil {
		t.Errorf("lintian %s: %v\n%s", debName(), err, out)
	}
}

func TestLinuxDebContents(t *testing.T) {
	deb := dist(t, debName())
	entries := debEntries(t, deb)
	sameFiles(t, debName(), paths(entries, false),
		append(packageFiles(t, "copyright", "README.md", "CHANGELOG.md", "changelog.gz"), "/usr/share/lintian/overrides/keepcool"))
	checkModes(t, debName(), entries)

	// changelog.gz is the Debian changelog a native package must have
	// (lintian no-changelog), for this version.
	root := t.TempDir()
	run(t, "dpkg-deb", "-x", deb, root)
	gz, err := os.ReadFile(filepath.Join(root, "usr/share/doc/keepcool/changelog.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatalf("%s: changelog.gz: %v", debName(), err)
	}
	changelog, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: changelog.gz: %v", debName(), err)
	}
	plain := filepath.Join(t.TempDir(), "changelog")
	if err := os.WriteFile(plain, changelog, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(run(t, "dpkg-parsechangelog", "-l", plain, "-S", "Version")); got != debVersion() {
		t.Errorf("%s: changelog.gz's version is %q, want %q", debName(), got, debVersion())
	}
}

func TestLinuxRpmContents(t *testing.T) {
	rpm := dist(t, rpmName())
	entries := rpmEntries(t, rpm)
	sameFiles(t, rpmName(), paths(entries, false),
		append(packageFiles(t, "LICENSE", "README.md", "CHANGELOG.md"), "/usr/share/zsh/site-functions/_keepcool"))
	// rpm removes only the directories a package owns: the .rpm owns its
	// docs' directory, and no shared one such as /usr/share.
	sameFiles(t, rpmName()+" (directories)", paths(entries, true), []string{"/usr/share/doc/keepcool"})
	checkModes(t, rpmName(), entries)
	if got := run(t, "rpm", "-qp", "--qf", "%{VERSION}", rpm); got != rpmVersion() {
		t.Errorf("%s: Version is %q, want %q", rpmName(), got, rpmVersion())
	}

	scripts := run(t, "rpm", "-qp", "--scripts", rpm)
	if !strings.Contains(scripts, "preuninstall scriptlet") || !strings.Contains(scripts, leftoversCommand) {
		t.Errorf("%s has no preremove telling how to remove what it leaves (%q):\n%s", rpmName(), leftoversCommand, scripts)
	}
	if info := run(t, "rpm", "-qip", rpm); !strings.Contains(info, "License     : MIT") {
		t.Errorf("%s: licence is not MIT:\n%s", rpmName(), info)
	}
	// Sonames, not one distribution's package names: keepcool-gui's
	// libraries, as in the deb's Depends.
	var req []string
	for line := range strings.Lines(run(t, "rpm", "-qp", "--requires", rpm)) {
		req = append(req, strings.TrimSpace(line))
	}
	var missing []string
	for _, want := range []string{"libc.so.6(GLIBC_2.34)(64bit)", "libGL.so.1()(64bit)", "libX11.so.6()(64bit)",
		"libXcursor.so.1()(64bit)", "libXrandr.so.2()(64bit)", "libXinerama.so.1()(64bit)", "libXi.so.6()(64bit)",
		"libXxf86vm.so.1()(64bit)"} {
		if !slices.Contains(req, want) {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%s does not require %s; it requires:\n%s", rpmName(), strings.Join(missing, ", "), strings.Join(req, "\n"))
	}
	if host := run(t, "rpm", "-qp", "--qf", "%{BUILDHOST}", rpm); host != "keepcool" {
		t.Errorf("%s: build host %q, want keepcool (nfpm.yaml's rpm.buildhost), not the building machine's", rpmName(), host)
	}
}

func TestLinuxDebFields(t *testing.T) {
	deb := dist(t, debName())
	field := func(name string) string {
		return strings.TrimSpace(run(t, "dpkg-deb", "-f", deb, name))
	}
	for name, want := range map[string]string{
		"Package":      "keepcool",
		"Version":      debVersion(),
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
	checkGlibc(t, deb, field("Depends"))
	if ctl := run(t, "dpkg-deb", "-I", deb); strings.Contains(ctl, "conffiles") {
		t.Errorf("%s has conffiles, which dpkg -r leaves behind:\n%s", debName(), ctl)
	}
}

// checkGlibc fails unless depends has libc6 (>= X) and the newest glibc
// symbol version keepcool-gui links is at most X: an older libc6 would
// let it install where it cannot start.
func checkGlibc(t *testing.T, deb, depends string) {
	t.Helper()
	var libc string
	for d := range strings.SplitSeq(depends, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(d), "libc6 (>= "); ok {
			libc = strings.TrimSuffix(v, ")")
		}
	}
	if libc == "" {
		t.Errorf("%s: Depends %q has no libc6 (>= X)", debName(), depends)
		return
	}
	root := t.TempDir()
	run(t, "dpkg-deb", "-x", deb, root)
	f, err := elf.Open(filepath.Join(root, "usr/bin/keepcool-gui"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Position-independent, as Debian builds its own (lintian hardening-no-pie):
	// address-space randomisation covers the binary too.
	if f.Type != elf.ET_DYN {
		t.Errorf("%s: keepcool-gui is %v, want a position-independent executable (ET_DYN): build it with -buildmode=pie", debName(), f.Type)
	}
	syms, err := f.DynamicSymbols()
	if err != nil {
		t.Fatalf("%s: keepcool-gui: %v", debName(), err)
	}
	newest := ""
	for _, s := range syms {
		if v, ok := strings.CutPrefix(s.Version, "GLIBC_"); ok && (newest == "" || versionLess(newest, v)) {
			newest = v
		}
	}
	if newest == "" {
		t.Fatalf("%s: keepcool-gui links no versioned glibc symbol; is it still built with cgo?", debName())
	}
	if versionLess(libc, newest) {
		t.Errorf("%s: Depends libc6 (>= %s), but keepcool-gui needs GLIBC_%s: raise it in packaging/linux/nfpm.yaml (deb and rpm)",
			debName(), libc, newest)
	}
}

// versionLess compares dotted numeric versions: 2.9 < 2.34.
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
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
	// The launcher's actions open windows (GNOME's dash may show no tray
	// icon); the autostart entry, which only starts keepcool, has none.
	if got := entryKeys(t, launcher)["Actions"]; got != "declare;update;timeline;" {
		t.Errorf("%s: Actions=%q, want declare;update;timeline;", launcher, got)
	}
	if b, _ := os.ReadFile(launcher); !strings.Contains(string(b), "\nExec=keepcool window declare\n") {
		t.Errorf("%s: no action opens the Declare window:\n%s", launcher, b)
	}
	if b, _ := os.ReadFile(autostart); strings.Contains(string(b), "Action") {
		t.Errorf("%s: the autostart entry carries actions:\n%s", autostart, b)
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
	for _, f := range append(files, "/usr/share/doc/keepcool") {
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
