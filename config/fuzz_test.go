package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks Parse never panics, and that every problem it reports
// carries the file name and a line within the source.
func FuzzParse(f *testing.F) {
	design, err := os.ReadFile(filepath.Join("testdata", "design.toml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(design)
	f.Add([]byte(""))
	f.Add([]byte("[incident]\ncadence = 15\ncadance = \"1s\"\n"))
	f.Add([]byte("channel = [{name = \"a\", type = \"email\", to = [1]}]\n"))
	f.Add([]byte("[[channel]]\nname='x'\nnote = \"\"\"\n[focus]\n\"\"\"\nto = [\n\"a\",\n]\n"))
	f.Add([]byte("[statuspage]\nlisten = \"[::1]:80\"\ntoken = \"keyring:\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse("config.toml", src)
		lines := strings.Count(string(src), "\n") + 1
		msgs := c.Warnings
		if err != nil {
			msgs = nil
			for _, e := range unjoin(err) {
				msgs = append(msgs, e.Error())
			}
		}
		for _, m := range msgs {
			var line int
			if _, serr := fmt.Sscanf(m, "config.toml:%d:", &line); serr != nil || line < 1 || line > lines {
				t.Fatalf("message without config.toml:LINE (1..%d): %q", lines, m)
			}
		}
	})
}

// unjoin returns the errors inside an errors.Join, or err itself.
func unjoin(err error) []error {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		return joined.Unwrap()
	}
	return []error{err}
}
