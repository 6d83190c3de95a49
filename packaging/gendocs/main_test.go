package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/app/window"
	"github.com/keepcool/keepcool/cli"
)

// env is what make exports to `go run ./packaging/gendocs`.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

var release = env(map[string]string{"VERSION": "0.1.0", "DATE": "2026-11-30T12:00:00Z"})

func generate(t *testing.T, getenv func(string) string) string {
	t.Helper()
	dir := t.TempDir()
	if err := run(dir, getenv); err != nil {
		t.Fatal(err)
	}
	return dir
}

// pages is the man pages in dir, by name.
func pages(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "man", "man1"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// Every command a user can run has its page, and nothing else does.
func TestEveryCommandHasAPage(t *testing.T) {
	dir := generate(t, release)
	want := []string{"keepcool-gui.1"}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		want = append(want, strings.ReplaceAll(c.CommandPath(), " ", "-")+".1")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub)
			}
		}
	}
	walk(cli.Command())
	slices.Sort(want)
	got := pages(t, dir)
	if !slices.Equal(got, want) {
		t.Errorf("man1 holds\n%v\nwant one page per command:\n%v", got, want)
	}
	for _, name := range []string{"keepcool-note.1", "keepcool-channels-test.1", "keepcool-window.1"} {
		if !slices.Contains(got, name) {
			t.Errorf("no %s", name)
		}
	}
}

// A hidden command (an internal one, like cobra's __complete) gets no page.
func TestHiddenCommandHasNoPage(t *testing.T) {
	root := cli.Command()
	root.AddCommand(&cobra.Command{Use: "internal-thing", Hidden: true, Run: func(*cobra.Command, []string) {}})
	dir := t.TempDir()
	if err := write(root, dir, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "0.1.0"); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(pages(t, dir), "keepcool-internal-thing.1") {
		t.Error("the hidden command got a man page")
	}
	if len(pages(t, dir)) < 10 {
		t.Errorf("only %v written", pages(t, dir))
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHeaders(t *testing.T) {
	dir := generate(t, release)
	man1 := filepath.Join(dir, "man", "man1")
	for page, th := range map[string]string{
		"keepcool.1":      `.TH "KEEPCOOL" "1" "Nov 2026" "keepcool 0.1.0" "keepcool manual"`,
		"keepcool-note.1": `.TH "KEEPCOOL-NOTE" "1" "Nov 2026" "keepcool 0.1.0" "keepcool manual"`,
		"keepcool-gui.1":  `.TH "KEEPCOOL\-GUI" "1" "Nov 2026" "keepcool 0.1.0" "keepcool manual"`,
	} {
		if text := read(t, filepath.Join(man1, page)); !strings.Contains(text, th+"\n") {
			t.Errorf("%s lacks the header %s:\n%.300s", page, th, text)
		}
	}
	root := read(t, filepath.Join(man1, "keepcool.1"))
	for _, want := range []string{`\fB--version\fP`, `\fBkeepcool-note(1)\fP`} {
		if !strings.Contains(root, want) {
			t.Errorf("keepcool.1 lacks %s", want)
		}
	}
	if strings.Contains(root, "Auto generated") {
		t.Error("keepcool.1 carries cobra's auto-generated tag")
	}
	gui := read(t, filepath.Join(man1, "keepcool-gui.1"))
	for _, want := range []string{".B " + roff(window.QuietFlag), `.B \-\-version`} {
		if !strings.Contains(gui, want) {
			t.Errorf("keepcool-gui.1 does not document %s", want)
		}
	}
	for _, name := range window.Names() {
		if !strings.Contains(gui, `\fB`+name+`\fR`) {
			t.Errorf("keepcool-gui.1 does not list the window %s", name)
		}
	}
}

// The same release gives the same bytes, whenever it is built; the date
// comes from SOURCE_DATE_EPOCH first, then DATE.
func TestReproducible(t *testing.T) {
	a, b := generate(t, release), generate(t, release)
	files := func(dir string) map[string]string {
		out := map[string]string{}
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dir, path)
				out[rel] = read(t, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	fa, fb := files(a), files(b)
	if len(fa) < 20 || len(fa) != len(fb) {
		t.Fatalf("%d and %d files", len(fa), len(fb))
	}
	for name, text := range fa {
		if fb[name] != text {
			t.Errorf("%s differs between two runs", name)
		}
	}

	epoch := generate(t, env(map[string]string{"VERSION": "0.1.0", "DATE": "2026-11-30T12:00:00Z", "SOURCE_DATE_EPOCH": "1767225600"}))
	if text := read(t, filepath.Join(epoch, "man", "man1", "keepcool.1")); !strings.Contains(text, `"Jan 2026"`) {
		t.Errorf("SOURCE_DATE_EPOCH 1767225600 (January 2026) is not the date:\n%.200s", text)
	}
	if err := run(t.TempDir(), env(map[string]string{"SOURCE_DATE_EPOCH": "yesterday"})); err == nil {
		t.Error("a SOURCE_DATE_EPOCH that is no number was taken")
	}
}

// groff, as man runs it, renders every page without a warning.
func TestPagesRender(t *testing.T) {
	if _, err := exec.LookPath("groff"); err != nil {
		t.Skip("groff is not installed (Debian: apt-get install groff-base): pages not rendered")
	}
	dir := generate(t, release)
	for _, page := range pages(t, dir) {
		path := filepath.Join(dir, "man", "man1", page)
		out, err := exec.Command("groff", "-man", "-Tutf8", "-ww", "-z", path).CombinedOutput()
		if err != nil || len(out) > 0 {
			t.Errorf("groff %s: %v\n%s", page, err, out)
		}
	}
	if _, err := exec.LookPath("man"); err != nil {
		return
	}
	for _, page := range []string{"keepcool.1", "keepcool-gui.1"} {
		cmd := exec.Command("man", "--warnings", "-l", filepath.Join(dir, "man", "man1", page))
		cmd.Env = append(os.Environ(), "MANPAGER=cat", "PAGER=cat", "MANWIDTH=80")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Errorf("man -l %s: %v\n%s", page, err, stderr.String())
		}
		if name := strings.TrimSuffix(page, ".1"); !strings.Contains(stdout.String(), name) {
			t.Errorf("man -l %s shows no %s:\n%.300s", page, name, stdout.String())
		}
	}
}

// Each shell parses its completion script.
func TestCompletionsParse(t *testing.T) {
	dir := generate(t, release)
	c := filepath.Join(dir, "completions")
	for _, sh := range []struct {
		shell, file string
		args        []string
		marker      string
	}{
		{"bash", "keepcool.bash", []string{"-n"}, "complete -o default -F __start_keepcool keepcool"},
		{"zsh", "_keepcool", []string{"-n"}, "#compdef keepcool"},
		{"fish", "keepcool.fish", []string{"--no-execute"}, "complete -c keepcool"},
	} {
		path := filepath.Join(c, sh.file)
		if text := read(t, path); !strings.Contains(text, sh.marker) {
			t.Errorf("%s lacks %q", sh.file, sh.marker)
		}
		if _, err := exec.LookPath(sh.shell); err != nil {
			t.Logf("%s is not installed: %s not parsed", sh.shell, sh.file)
			continue
		}
		if out, err := exec.Command(sh.shell, append(sh.args, path)...).CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("%s %v %s: %v\n%s", sh.shell, sh.args, sh.file, err, out)
		}
	}
}

// keepcool.1 carries what cobra has no place for: the exit codes, the
// environment and the files, and points at keepcool-gui(1).
func TestRootPageSections(t *testing.T) {
	page := read(t, filepath.Join(generate(t, env(map[string]string{"SOURCE_DATE_EPOCH": "0"})), "man", "man1", "keepcool.1"))
	for _, want := range []string{".SH EXIT STATUS\n", ".SH ENVIRONMENT\n", ".B KEEPCOOL_HOME\n", ".SH FILES\n", `\fBkeepcool-gui(1)\fP`} {
		if !strings.Contains(page, want) {
			t.Errorf("keepcool.1 lacks %q", want)
		}
	}
	if strings.Index(page, ".SH FILES") > strings.Index(page, ".SH SEE ALSO") {
		t.Error("keepcool.1: FILES comes after SEE ALSO")
	}
}
