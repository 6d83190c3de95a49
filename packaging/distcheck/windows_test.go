//go:build distcheck

package distcheck

import (
	"archive/zip"
	"bytes"
	"debug/buildinfo"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// Resource types (winuser.h) and PE subsystems the checks look for.
const (
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24

	subsystemGUI     = 2 // IMAGE_SUBSYSTEM_WINDOWS_GUI
	subsystemConsole = 3 // IMAGE_SUBSYSTEM_WINDOWS_CUI
)

// windowsExes is what the zip's folder must hold, and each executable's
// subsystem: the CLI is a console program so cmd and PowerShell wait for it
// and show its output; the tray (keepcoolw.exe, run by the Start menu and
// autostart) and the windows must not open a console.
var windowsExes = map[string]uint16{
	"keepcool.exe":     subsystemConsole,
	"keepcoolw.exe":    subsystemGUI,
	"keepcool-gui.exe": subsystemGUI,
}

// winVersion is VERSION as Windows' four numbers: 0.1.0-rc.1 is 0.1.0.0.
func winVersion() string {
	v, _, _ := strings.Cut(*version, "-")
	return v + ".0"
}

// windowsZip extracts the zip into a temporary directory and returns the
// folder it holds (keepcool-VERSION), failing unless it holds exactly the
// executables and the documents.
func windowsZip(t *testing.T) string {
	t.Helper()
	zr, err := zip.OpenReader(dist(t, "keepcool-"+*version+"-windows-amd64.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	folder := "keepcool-" + *version
	want := []string{folder + "/CHANGELOG.md", folder + "/LICENSE.txt", folder + "/README.md"}
	for name := range windowsExes {
		want = append(want, folder+"/"+name)
	}
	slices.Sort(want)
	var got []string
	dir := t.TempDir()
	for _, f := range zr.File {
		got = append(got, f.Name)
		if strings.HasSuffix(f.Name, "/") || !filepath.IsLocal(f.Name) {
			continue
		}
		if err := extract(f, filepath.Join(dir, filepath.FromSlash(f.Name))); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("the zip holds %q, want %q (sorted, no directory entries)", got, want)
	}
	return filepath.Join(dir, folder)
}

func extract(f *zip.File, path string) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	w, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// TestWindowsZip: the zip's entries are exactly the expected ones, in order.
func TestWindowsZip(t *testing.T) {
	windowsZip(t)
}

// TestWindowsExe: each executable is a 64-bit x86 PE with its subsystem, an
// icon, a manifest and a version resource that says -version.
func TestWindowsExe(t *testing.T) {
	dir := windowsZip(t)
	for name, subsystem := range windowsExes {
		t.Run(name, func(t *testing.T) {
			f, err := pe.Open(filepath.Join(dir, name))
			if err != nil {
				t.Fatalf("%s is not a PE file: %v", name, err)
			}
			defer f.Close()
			// The same bytes on every machine: the version comes from
			// LDFLAGS, never from the git state go would otherwise stamp
			// (dist-windows.sh builds with -buildvcs=false).
			bi, err := buildinfo.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatalf("%s has no Go build info: %v", name, err)
			}
			for _, s := range bi.Settings {
				if strings.HasPrefix(s.Key, "vcs") {
					t.Errorf("build setting %s=%s: built without -buildvcs=false", s.Key, s.Value)
				}
			}
			if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
				t.Errorf("machine %#x, want AMD64 (%#x)", f.Machine, pe.IMAGE_FILE_MACHINE_AMD64)
			}
			oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
			if !ok {
				t.Fatalf("not PE32+ (optional header %T)", f.OptionalHeader)
			}
			if oh.Subsystem != subsystem {
				t.Errorf("subsystem %d, want %d (2 GUI: linked with -H windowsgui; 3 console)", oh.Subsystem, subsystem)
			}
			res := resources(t, f)
			if len(res[rtGroupIcon]) == 0 {
				t.Error("no icon (RT_GROUP_ICON): go-winres did not link one")
			}
			// fyne draws sharp on a high-DPI monitor only when Windows is
			// told it scales itself (per-monitor v2).
			manifest := string(only(t, res, rtManifest))
			for _, s := range []string{`level="asInvoker"`, ">permonitorv2", `name="Microsoft.Windows.Common-Controls"`} {
				if !strings.Contains(manifest, s) {
					t.Errorf("the manifest lacks %s:\n%s", s, manifest)
				}
			}
			checkVersion(t, only(t, res, rtVersion), map[string]string{
				"ProductName":      "keepcool",
				"ProductVersion":   *version,
				"FileVersion":      *version,
				"OriginalFilename": name,
				"LegalCopyright":   "MIT licence",
			})
		})
	}
}

// TestWindowsInstaller: the setup .exe is NSIS's installer, per user.
func TestWindowsInstaller(t *testing.T) {
	checkInstaller(t, dist(t, "keepcool-"+*version+"-windows-amd64-setup.exe"))
}

// checkInstaller: path is NSIS's 32-bit stub with its data, an icon and a
// version resource, and asks for no administrator rights.
func checkInstaller(t *testing.T, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("NullsoftInst")) {
		t.Error("no NSIS data (NullsoftInst) after the stub")
	}
	f, err := pe.Open(path)
	if err != nil {
		t.Fatalf("the installer is not a PE file: %v", err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_I386 {
		t.Errorf("machine %#x, want NSIS's x86 stub", f.Machine)
	}
	res := resources(t, f)
	if len(res[rtGroupIcon]) == 0 {
		t.Error("the installer has no icon")
	}
	if m := string(only(t, res, rtManifest)); !strings.Contains(m, `level="asInvoker"`) {
		t.Errorf("the installer would ask for administrator rights (RequestExecutionLevel user):\n%s", m)
	}
	checkVersion(t, only(t, res, rtVersion), map[string]string{
		"ProductName":    "keepcool",
		"ProductVersion": *version,
		"FileVersion":    *version,
	})
}

// TestWindowsNSIS compiles packaging/windows/keepcool.nsi against the zip's
// files, so a broken script fails even when dist/ is stale, and checks the
// registry keys it writes (autostart, Add/Remove Programs). Uncompressed
// (-DUNCOMPRESSED), as the shipped installer's script is LZMA-packed.
func TestWindowsNSIS(t *testing.T) {
	if _, err := exec.LookPath("makensis"); err != nil {
		t.Fatal("makensis is missing: run make deps (Debian's nsis)")
	}
	src := windowsZip(t)
	out := filepath.Join(t.TempDir(), "keepcool-"+*version+"-windows-amd64-setup.exe")
	icon, err := filepath.Abs("../../assets/icons/keepcool.ico")
	if err != nil {
		t.Fatal(err)
	}
	// -V4 lists every compiled instruction, which checkUninstall reads.
	listing := run(t, "makensis", "-V4", "-WX", "-DUNCOMPRESSED", "-DVERSION="+*version, "-DVERSION4="+winVersion(),
		"-DSRCDIR="+src, "-DICON="+icon, "-DOUTFILE="+out, "../windows/keepcool.nsi")
	checkInstaller(t, out)
	checkUninstall(t, listing)
	source, err := os.ReadFile("../windows/keepcool.nsi")
	if err != nil {
		t.Fatal(err)
	}
	checkRunning(t, listing, string(source))
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// The installer writes these and its uninstaller deletes them, so each
	// is in the file twice: once in each script.
	for _, s := range []string{
		`Software\Microsoft\Windows\CurrentVersion\Run`,
		`Software\Microsoft\Windows\CurrentVersion\Uninstall\keepcool`,
	} {
		if n := bytes.Count(raw, utf16le(s+"\x00")); n < 2 {
			t.Errorf("the installer and uninstaller should both name %s; found %d", s, n)
		}
	}
	// What removal leaves: the data folders, and the secrets go-keyring
	// keeps in Credential Manager (target keepcool:NAME, cmdkey deletes).
	for _, s := range []string{`%APPDATA%\keepcool`, `%LOCALAPPDATA%\keepcool`, "Credential Manager", "cmdkey /delete:keepcool:NAME"} {
		if !bytes.Contains(raw, utf16le(s)) {
			t.Errorf("the uninstaller does not tell the user it leaves %s", s)
		}
	}
}

// checkUninstall reads makensis -V4's listing of the compiled sections: the
// uninstaller ("un." sections) deletes every file, shortcut and registry
// value the installer's sections write, so removal leaves nothing of them.
func checkUninstall(t *testing.T, listing string) {
	t.Helper()
	var written, deleted []string
	section := ""
	for line := range strings.Lines(listing) {
		line = strings.TrimSpace(line)
		if name, ok := strings.CutPrefix(line, "Section: "); ok {
			section = strings.Trim(strings.Fields(name)[0], `"-`)
			continue
		}
		if line == "SectionEnd" || section == "" {
			section = ""
			continue
		}
		op, arg, _ := strings.Cut(line, ": ")
		un := strings.HasPrefix(section, "un.")
		switch {
		case !un && op == "File":
			written = append(written, `$INSTDIR\`+strings.Trim(strings.Fields(arg)[0], `"`))
		case !un && (op == "WriteUninstaller" || op == "CreateShortcut"):
			target, _, _ := strings.Cut(arg, "->")
			written = append(written, strings.Trim(target, `"`))
		case !un && strings.HasPrefix(op, "WriteReg"):
			key, _, _ := strings.Cut(arg, "=")
			written = append(written, key)
		case un && (op == "Delete" || op == "DeleteRegValue"):
			deleted = append(deleted, strings.Trim(arg, `"`))
		case un && op == "DeleteRegKey":
			deleted = append(deleted, arg+`\`) // the key and all below it
		}
	}
	if len(written) < 5 {
		t.Fatalf("found %d things the installer writes in makensis -V4's listing; has its format changed?\n%s", len(written), listing)
	}
	for _, w := range written {
		if !slices.ContainsFunc(deleted, func(d string) bool { return d == w || strings.HasSuffix(d, `\`) && strings.HasPrefix(w, d) }) {
			t.Errorf("the installer writes %s; the uninstaller leaves it", w)
		}
	}
}

// nsisBlocks splits makensis -V4's listing into its functions and
// sections, by name ("un.QuitRunning", "keepcool (required)"), each the
// instructions in it, trimmed.
func nsisBlocks(listing string) map[string][]string {
	blocks := map[string][]string{}
	name := ""
	for line := range strings.Lines(listing) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "Function: "), strings.HasPrefix(line, "Section: "):
			_, rest, _ := strings.Cut(line, ": ")
			if q := strings.Split(rest, `"`); len(q) >= 3 {
				name = q[1]
			}
		case line == "FunctionEnd" || line == "SectionEnd":
			name = ""
		case name != "" && !strings.HasPrefix(line, "!insertmacro"):
			blocks[name] = append(blocks[name], line)
		}
	}
	return blocks
}

// checkRunning: how the installer and uninstaller deal with a keepcool that
// is running, from makensis -V4's listing (and, where the listing does not
// show it, the script):
//   - each quits keepcool and polls `keepcool status` until it has gone, not
//     a fixed sleep; the uninstaller with --restore-shield (nothing would put
//     do-not-disturb and the chat status back once keepcool is removed), an
//     upgrade with plain quit (it starts keepcool again);
//   - before the first file is written or deleted, each checks no program is
//     still running (FileOpen in append mode) and else asks the user to
//     close keepcool's windows, or, silent, stops with exit code 2;
//   - a silent upgrade that quit keepcool starts it again.
func checkRunning(t *testing.T, listing, source string) {
	t.Helper()
	blocks := nsisBlocks(listing)
	has := func(block, prefix string) bool {
		return slices.ContainsFunc(blocks[block], func(l string) bool { return strings.HasPrefix(l, prefix) })
	}
	for fn, quit := range map[string]string{
		"QuitRunning":    `Plugin command: ExecToLog "$INSTDIR\keepcool.exe" quit`,
		"un.QuitRunning": `Plugin command: ExecToLog "$INSTDIR\keepcool.exe" quit --restore-shield`,
	} {
		if !slices.Contains(blocks[fn], quit) {
			t.Errorf("function %s does not run %s; it has:\n%s", fn, quit, strings.Join(blocks[fn], "\n"))
		}
		if !has(fn, `Plugin command: ExecToStack "$INSTDIR\keepcool.exe" status`) || !has(fn, "Sleep: ") {
			t.Errorf("function %s does not poll `keepcool status` until keepcool has quit", fn)
		}
		if has(fn, "Sleep: 1500") {
			t.Errorf("function %s still waits a fixed 1.5 s for keepcool to quit", fn)
		}
	}
	for _, fn := range []string{"WaitUnlocked", "un.WaitUnlocked"} {
		for name := range windowsExes {
			if !has(fn, `FileOpen: $INSTDIR\`+name+" as a ") {
				t.Errorf("function %s does not check that %s is not running (FileOpen in append mode)", fn, name)
			}
		}
		if !slices.ContainsFunc(blocks[fn], func(l string) bool {
			return strings.HasPrefix(l, "MessageBox: ") && strings.Contains(l, "one holds a note you have not sent") && strings.Contains(l, "on IDRETRY")
		}) {
			t.Errorf("function %s does not ask the user to close keepcool's windows (Retry/Cancel)", fn)
		}
		if !has(fn, "SetErrorLevel: 2") || !has(fn, "Abort") {
			t.Errorf("function %s does not stop with exit code 2 when the user cancels (or in silent mode)", fn)
		}
	}
	// The listing does not show /SD: without it silent mode would wait for
	// a click nobody can give.
	for line := range strings.Lines(source) {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "MessageBox ") && !strings.Contains(l, "/SD ") {
			t.Errorf("a MessageBox without /SD would hang a silent install: %s", l)
		}
	}
	for section, calls := range map[string][]string{
		"keepcool (required)":    {`Call "QuitRunning"`, `Call "WaitUnlocked"`, "File: "},
		"un.keepcool (required)": {`Call "un.QuitRunning"`, `Call "un.WaitUnlocked"`, "Delete: "},
	} {
		at := -1
		for _, c := range calls {
			i := slices.IndexFunc(blocks[section], func(l string) bool { return strings.HasPrefix(l, c) })
			if i <= at {
				t.Errorf("section %q: want %s in this order, before any file is touched; it has:\n%s",
					section, strings.Join(calls, ", then "), strings.Join(blocks[section], "\n"))
				break
			}
			at = i
		}
	}
	// A silent upgrade has no finish page to start keepcool from; the
	// listing shows the Exec, the script that it is for silent mode only.
	if !has(".onInstSuccess", `Exec: ""$INSTDIR\keepcoolw.exe""`) {
		t.Error(".onInstSuccess does not start keepcoolw.exe again after a silent upgrade")
	}
	if fn := nsisFunction(source, ".onInstSuccess"); !strings.Contains(fn, "${Silent}") || !strings.Contains(fn, "$WasRunning") {
		t.Errorf(".onInstSuccess should start keepcool only when silent and it was running before:\n%s", fn)
	}
	// An upgrade keeps autostart off when the engineer had turned it off:
	// installed before (the uninstall key) and no Run value unticks it.
	if fn := nsisFunction(source, ".onInit"); !strings.Contains(fn, `"${RUNKEY}" "keepcool"`) || !strings.Contains(fn, "UnselectSection ${SecAutostart}") {
		t.Errorf(".onInit should untick autostart on an upgrade where the Run value is gone:\n%s", fn)
	}
}

// nsisFunction is the text of Function name … FunctionEnd in the script.
func nsisFunction(source, name string) string {
	_, rest, ok := strings.Cut(source, "\nFunction "+name+"\n")
	if !ok {
		return ""
	}
	body, _, _ := strings.Cut(rest, "\nFunctionEnd")
	return body
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// only is the one resource of type typ, failing unless there is exactly one.
func only(t *testing.T, res map[uint32][][]byte, typ uint32) []byte {
	t.Helper()
	if n := len(res[typ]); n != 1 {
		t.Fatalf("%d resources of type %d, want 1", n, typ)
	}
	return res[typ][0]
}

// resources reads the .rsrc section: the data of every resource, by type
// (the directory's three levels are type, name and language).
func resources(t *testing.T, f *pe.File) map[uint32][][]byte {
	t.Helper()
	s := f.Section(".rsrc")
	if s == nil {
		t.Fatal("no .rsrc section: the executable has no resources (go-winres's .syso was not linked)")
	}
	sec, err := s.Data()
	if err != nil {
		t.Fatal(err)
	}
	res := map[uint32][][]byte{}
	var walk func(off uint32, depth int, typ uint32) error
	walk = func(off uint32, depth int, typ uint32) error {
		if depth > 3 || int(off)+16 > len(sec) {
			return fmt.Errorf("resource directory at %#x is out of the section", off)
		}
		n := int(binary.LittleEndian.Uint16(sec[off+12:])) + int(binary.LittleEndian.Uint16(sec[off+14:]))
		for i := range n {
			e := int(off) + 16 + 8*i
			if e+8 > len(sec) {
				return errors.New("resource directory entries run past the section")
			}
			id, to := binary.LittleEndian.Uint32(sec[e:]), binary.LittleEndian.Uint32(sec[e+4:])
			if depth == 0 {
				typ = id // a named type has the high bit set and matches none we look for
			}
			if to&0x8000_0000 != 0 {
				if err := walk(to&0x7fff_ffff, depth+1, typ); err != nil {
					return err
				}
				continue
			}
			if int(to)+8 > len(sec) {
				return errors.New("resource data entry is out of the section")
			}
			rva, size := binary.LittleEndian.Uint32(sec[to:]), binary.LittleEndian.Uint32(sec[to+4:])
			start := int64(rva) - int64(s.VirtualAddress)
			if start < 0 || start+int64(size) > int64(len(sec)) {
				return fmt.Errorf("resource data at RVA %#x is out of the section", rva)
			}
			res[typ] = append(res[typ], sec[start:start+int64(size)])
		}
		return nil
	}
	if err := walk(0, 0, 0); err != nil {
		t.Fatal(err)
	}
	return res
}

// verBlock is one node of a VS_VERSIONINFO tree: a key, a value, children.
type verBlock struct {
	key      string
	value    []byte
	text     bool
	children []verBlock
}

// parseVerBlock reads the block at the start of b: wLength, wValueLength,
// wType, the NUL-terminated UTF-16 key, then the value and the children,
// each aligned to 4 bytes.
func parseVerBlock(b []byte) (verBlock, error) {
	if len(b) < 6 {
		return verBlock{}, errors.New("version block shorter than its header")
	}
	length, valueLen := int(binary.LittleEndian.Uint16(b)), int(binary.LittleEndian.Uint16(b[2:]))
	blk := verBlock{text: binary.LittleEndian.Uint16(b[4:]) == 1}
	if length < 6 || length > len(b) {
		return verBlock{}, fmt.Errorf("version block length %d, %d bytes left", length, len(b))
	}
	b = b[:length]
	i := 6
	var key []uint16
	for ; i+2 <= len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			i += 2
			break
		}
		key = append(key, c)
	}
	blk.key = string(utf16.Decode(key))
	i = align4(i)
	if blk.text {
		valueLen *= 2 // a text value's length counts UTF-16 units
	}
	end := min(i+valueLen, len(b))
	if i < end {
		blk.value = b[i:end]
	}
	for i = align4(end); i+6 <= len(b); {
		child, err := parseVerBlock(b[i:])
		if err != nil {
			return verBlock{}, fmt.Errorf("%s: %w", blk.key, err)
		}
		blk.children = append(blk.children, child)
		i = align4(i + int(binary.LittleEndian.Uint16(b[i:])))
	}
	return blk, nil
}

func align4(i int) int { return (i + 3) &^ 3 }

// checkVersion checks a version resource: the fixed file and product
// versions are winVersion(), and the strings include want.
func checkVersion(t *testing.T, data []byte, want map[string]string) {
	t.Helper()
	root, err := parseVerBlock(data)
	if err != nil {
		t.Fatalf("version resource: %v", err)
	}
	if root.key != "VS_VERSION_INFO" || len(root.value) < 24 || binary.LittleEndian.Uint32(root.value) != 0xfeef04bd {
		t.Fatalf("version resource %q has no VS_FIXEDFILEINFO", root.key)
	}
	four := func(off int) string {
		ms, ls := binary.LittleEndian.Uint32(root.value[off:]), binary.LittleEndian.Uint32(root.value[off+4:])
		return fmt.Sprintf("%d.%d.%d.%d", ms>>16, ms&0xffff, ls>>16, ls&0xffff)
	}
	if got := four(8); got != winVersion() {
		t.Errorf("fixed file version %s, want %s", got, winVersion())
	}
	if got := four(16); got != winVersion() {
		t.Errorf("fixed product version %s, want %s", got, winVersion())
	}
	got := map[string]string{}
	for _, sfi := range root.children {
		if sfi.key != "StringFileInfo" {
			continue
		}
		for _, table := range sfi.children {
			for _, s := range table.children {
				u := make([]uint16, len(s.value)/2)
				for i := range u {
					u[i] = binary.LittleEndian.Uint16(s.value[2*i:])
				}
				got[s.key] = strings.TrimRight(string(utf16.Decode(u)), "\x00")
			}
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("version string %s = %q, want %q", k, got[k], v)
		}
	}
}
