package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLimits(t *testing.T) {
	var many strings.Builder
	for i := range maxChannels + 36 {
		fmt.Fprintf(&many, "[[channel]]\nname = \"c%d\"\ntype = \"slack\"\nurl = \"env:HOOK\"\n\n", i)
	}
	long := func(n int) string { return strings.Repeat("é", n) }
	runErrorCases(t, []errorCase{
		{"100 channels", many.String(), []string{
			`config.toml:321: channel #65: there are 100 channels; keepcool takes at most 64: remove 36`,
		}},
		{"engineer over 100 characters", "[incident]\n\nengineer = \"" + long(101) + "\"\n", []string{
			`config.toml:3: incident.engineer is 101 characters long; it may be at most 100`,
		}},
		{"channel name over 64", "[[channel]]\nname = \"" + strings.Repeat("a", 65) + "\"\ntype = \"slack\"\nurl = \"env:HOOK\"\n", []string{
			`config.toml:2: channel "` + strings.Repeat("a", 65) + `": name is 65 characters long; it may be at most 64`,
		}},
		{"url over 2048", "[[channel]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"https://example.com/" + strings.Repeat("a", 2048) + "\"\n", []string{
			`config.toml:4: channel "ops": url is 2068 characters long; it may be at most 2048`,
		}},
		{"template path over 4096", "[[channel]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"env:HOOK\"\ntemplate = \"" + strings.Repeat("t", 4097) + "\"\n", []string{
			`config.toml:5: channel "ops": template is 4097 characters long; it may be at most 4096`,
		}},
		{"too many recipients", "[[channel]]\nname = \"mail\"\ntype = \"email\"\nsmtp = \"localhost:25\"\nfrom = \"k@example.com\"\nto = [" +
			strings.Repeat("\"a@example.com\", ", 65) + "]\n", []string{
			`config.toml:6: channel "mail": to has 65 items; it may have at most 64`,
		}},
	})
}

func TestAnEngineerOfAHundredCharactersIsFine(t *testing.T) {
	cfg, err := Parse("config.toml", []byte("[incident]\nengineer = \""+strings.Repeat("é", 100)+"\"\n"))
	if err != nil || cfg.Incident.Engineer == "" {
		t.Errorf("err %v, engineer %q", err, cfg.Incident.Engineer)
	}
}

func TestAHugeFileIsRefusedBeforeParsing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	src := "[incident]\nengineer = \"" + strings.Repeat("x", 10<<20) + "\"\n"
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	want := "config.toml:1: the file is over 1024 KiB, larger than any keepcool config; is it the right file? Keep the settings (README: Config) and remove the rest"
	if _, err := Load(path); err == nil || err.Error() != want {
		t.Errorf("Load: %v\nwant %s", err, want)
	}
	if _, err := Parse("config.toml", []byte(src)); err == nil || err.Error() != want {
		t.Errorf("Parse: %v\nwant %s", err, want)
	}
}
