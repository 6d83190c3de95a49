package config

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunbooksDir(t *testing.T) {
	for _, tc := range []struct {
		name, src, want, err string
	}{
		{"default", "", "", ""},
		{"home", "[runbooks]\ndir = \"~/runbooks\"\n", "~/runbooks", ""},
		{"absolute", "[runbooks]\ndir = \" /srv/runbooks \"\n", "/srv/runbooks", ""},
		{"empty", "\n[runbooks]\ndir = \"\"\n", "", `config.toml:3: runbooks.dir is empty; write the folder of your runbooks`},
		{"another user's home", "[runbooks]\ndir = \"~sam/rb\"\n", "", `config.toml:2: runbooks.dir = "~sam/rb": only your own home folder can be written as ~`},
		{"not a string", "[runbooks]\ndir = 3\n", "", `config.toml:2: runbooks.dir must be a string`},
		{"unknown key", "[runbooks]\n\nfolder = \"x\"\n", "", `config.toml:3: unknown key "runbooks.folder"`},
		{"not a table", "runbooks = \"~/rb\"\n", "", `config.toml:1: runbooks must be a table`},
		{"misspelt table", "[runbook]\ndir = \"x\"\n", "", `config.toml:1: unknown key "runbook"; did you mean "runbooks"?`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Parse("config.toml", []byte(tc.src))
			if tc.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q…", err, tc.err)
				}
				return
			}
			if err != nil || cfg.Runbooks.Dir != tc.want {
				t.Fatalf("dir %q, %v; want %q", cfg.Runbooks.Dir, err, tc.want)
			}
		})
	}
}

func TestRunbooksPath(t *testing.T) {
	conf := filepath.FromSlash("/home/sam/.config/keepcool/config.toml")
	home := filepath.FromSlash("/home/sam")
	for _, tc := range []struct{ dir, home, path, shown string }{
		{"", home, "/home/sam/.config/keepcool/runbooks", "/home/sam/.config/keepcool/runbooks"},
		{"~/runbooks", home, "/home/sam/runbooks", "~/runbooks"},
		{"~", home, "/home/sam", "~"},
		{"~/runbooks", "", "/home/sam/.config/keepcool/~/runbooks", "~/runbooks"},
		{"/srv/rb/../runbooks", home, "/srv/runbooks", "/srv/rb/../runbooks"},
		{"team/runbooks", home, "/home/sam/.config/keepcool/team/runbooks", "team/runbooks"},
	} {
		path, shown := Runbooks{Dir: tc.dir}.Path(conf, tc.home)
		if path != filepath.FromSlash(tc.path) || shown != tc.shown {
			t.Errorf("%q (home %q): %q %q, want %q %q", tc.dir, tc.home, path, shown, tc.path, tc.shown)
		}
	}
}

// The Settings window saves the whole config: [runbooks] must survive it.
func TestRunbooksSaved(t *testing.T) {
	cfg, err := Parse("config.toml", []byte("[runbooks]\ndir = \"~/runbooks\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, cfg); err != nil {
		t.Fatal(err)
	}
	back, err := Parse("config.toml", buf.Bytes())
	if err != nil || back.Runbooks.Dir != "~/runbooks" {
		t.Fatalf("%q, %v:\n%s", back.Runbooks.Dir, err, buf.String())
	}
	buf.Reset()
	if err := Encode(&buf, Default()); err != nil || strings.Contains(buf.String(), "runbooks") {
		t.Errorf("the default wrote a [runbooks] table: %v\n%s", err, buf.String())
	}
}
