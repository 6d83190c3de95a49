package boundedfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	exact := write("exact.md", "12345")
	over := write("over.md", "123456")
	for _, tc := range []struct {
		name, path string
		want       string
		err        error
	}{
		{"at the limit", exact, "12345", nil},
		{"over the limit", over, "", ErrTooLarge},
		{"missing", filepath.Join(dir, "nope.md"), "", fs.ErrNotExist},
		{"a folder", dir, "", ErrNotRegular},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Read(tc.path, 5)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) || string(got) != tc.want {
				t.Fatalf("Read = %q, %v; want %q, %v", got, err, tc.want, tc.err)
			}
			if err != nil && !strings.Contains(err.Error(), tc.path) {
				t.Errorf("%v does not name the file", err)
			}
		})
	}
}

// A symbolic link to a regular file is read: the folder is the user's own,
// and a link to a shared copy is a fair way to fill it.
func TestReadFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "shared.md")
	if err := os.WriteFile(target, []byte("- [ ] step\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "linked.md")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if got, err := Read(link, 100); err != nil || string(got) != "- [ ] step\n" {
		t.Fatalf("Read = %q, %v", got, err)
	}
	if _, err := Read(link, 5); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("over the limit through a link: %v", err)
	}
}
