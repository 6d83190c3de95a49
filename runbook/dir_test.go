package runbook

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir, name, src string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDirListAndLoad(t *testing.T) {
	root := t.TempDir()
	d := Dir{Path: filepath.Join(root, "runbooks"), Shown: "~/runbooks"}
	if names, err := d.Names(); err != nil || len(names) != 0 {
		t.Fatalf("a missing folder: %q, %v", names, err)
	}
	if err := os.Mkdir(d.Path, 0o700); err != nil {
		t.Fatal(err)
	}
	write(t, d.Path, "db-failover.md", dbFailover)
	write(t, d.Path, "cache.md", "- [ ] flush\n")
	write(t, d.Path, "many.md", strings.Repeat("- [ ] x\n", MaxItems+1))
	write(t, d.Path, ".hidden.md", "- [ ] x\n")
	write(t, d.Path, "notes.txt", "- [ ] x\n")
	if err := os.Mkdir(filepath.Join(d.Path, "folder.md"), 0o700); err != nil {
		t.Fatal(err)
	}
	list, err := d.List()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range list {
		got = append(got, s.Name+"|"+s.Title+"|"+string(rune('0'+s.Items)))
	}
	if len(list) != 3 || got[0] != "cache|cache|1" || got[1] != "db-failover|Database failover|5" ||
		!strings.HasPrefix(list[2].Title, "(unreadable: runbook \"many\" has more than 200") ||
		list[2].Title != "(unreadable: "+list[2].Problem+")" || list[0].Problem != "" || list[1].Problem != "" {
		t.Errorf("list %q", got)
	}
	rb, err := d.Load("db-failover")
	if err != nil || len(rb.Items) != 5 {
		t.Fatalf("%v %q", err, rb.Items)
	}
	_, err = d.Load("db")
	var nf *NotFoundError
	if !errors.As(err, &nf) || err.Error() != `runbook "db" not found in ~/runbooks: keepcool runbook list shows them (cache, db-failover, many)` {
		t.Errorf("%v", err)
	}
}

func TestDirRefusesPathTricks(t *testing.T) {
	root := t.TempDir()
	d := Dir{Path: filepath.Join(root, "runbooks")}
	if err := os.Mkdir(d.Path, 0o700); err != nil {
		t.Fatal(err)
	}
	write(t, root, "secret.md", "- [ ] leaked\n")
	for _, name := range []string{"", "../secret", "..", ".", "/etc/passwd", "sub/x", `..\secret`, "c:x", ".hidden",
		"a\x00b", "tab\tname", " padded", strings.Repeat("n", MaxNameLen+1), "bad\xff"} {
		_, err := d.Load(name)
		var ne *NameError
		if !errors.As(err, &ne) || !strings.Contains(err.Error(), "is not a runbook's name") {
			t.Errorf("Load(%q): %v", name, err)
		}
	}
}

func TestDirEmptyMessage(t *testing.T) {
	d := Dir{Path: t.TempDir(), Shown: "~/runbooks"}
	_, err := d.Load("db")
	if err == nil || err.Error() != `runbook "db" not found: ~/runbooks holds no runbooks; write one as ~/runbooks/db.md with - [ ] items` {
		t.Errorf("%v", err)
	}
}

func TestDirRefusesOddFiles(t *testing.T) {
	dir := t.TempDir()
	d := Dir{Path: dir}
	write(t, dir, "big.md", strings.Repeat("x", MaxFileSize+1))
	if _, err := d.Load("big"); !errors.As(err, new(*TooBigError)) {
		t.Errorf("too big: %v", err)
	}
	write(t, dir, "edge.md", strings.Repeat("x", MaxFileSize))
	if _, err := d.Load("edge"); err != nil {
		t.Errorf("exactly the limit: %v", err)
	}
}
