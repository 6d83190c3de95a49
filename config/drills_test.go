package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDrillSchedules(t *testing.T) {
	src := `[drills]
dir = "scenarios"

[[drill]]
schedule = "0 10 * * TUE"
scenario = "db-failover"

[[drill]]
schedule = "@weekly"
scenario = "cache"
`
	cfg, err := Parse("config.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d := cfg.Drills
	if d.Dir != "scenarios" || len(d.Schedules) != 2 {
		t.Fatalf("drills = %+v", d)
	}
	if s := d.Schedules[0]; s.Spec != "0 10 * * TUE" || s.Scenario != "db-failover" || s.Line != 4 || s.Next(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)).IsZero() {
		t.Errorf("first = %+v", s)
	}
	if s := d.Schedules[1]; s.Spec != "@weekly" || s.Line != 8 {
		t.Errorf("second = %+v", s)
	}
	if got := d.Path("/home/sam/.config/keepcool/config.toml", "/home/sam"); got != "/home/sam/.config/keepcool/scenarios" {
		t.Errorf("Path = %q", got)
	}
	if got := (Drills{}).Path("/c/config.toml", "/h"); got != "/c/drills" {
		t.Errorf("default Path = %q", got)
	}
	if got := (Drills{Dir: "~/drills"}).Path("/c/config.toml", "/h"); got != "/h/drills" {
		t.Errorf("~ Path = %q", got)
	}
}

func TestDrillErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"bad spec", "[[drill]]\nschedule = \"0 10 * TUE\"\nscenario = \"x\"\n", `config.toml:2: drill #1: schedule = "0 10 * TUE" is not a cron spec`},
		{"no schedule", "[[drill]]\nscenario = \"x\"\n", "config.toml:1: drill #1: schedule is required"},
		{"no scenario", "[[drill]]\nschedule = \"@daily\"\n", "config.toml:1: drill #1: scenario is required"},
		{"bad name", "[[drill]]\nschedule = \"@daily\"\nscenario = \"../x\"\n", `config.toml:3: drill #1: scenario = "../x" is not a scenario's name`},
		{"unknown key", "[[drill]]\nschedule = \"@daily\"\nscenario = \"x\"\nat = \"10:00\"\n", `config.toml:4: drill #1: unknown key "at"`},
		{"not an array", "drill = \"weekly\"\n", "config.toml:1: drill must be written as [[drill]]"},
		{"drills dir empty", "[drills]\ndir = \"\"\n", `config.toml:2: drills.dir is empty; write the folder of your drill scenarios, e.g. dir = "~/drills"`},
		{"another user's home", "[drills]\n\ndir = \"~bob/drills\"\n", `config.toml:3: drills.dir = "~bob/drills": only your own home folder can be written as ~ (e.g. "~/drills")`},
		{"drills dir NUL", "[drills]\ndir = \"a\\u0000b\"\n", `config.toml:2: drills.dir holds a NUL character`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("config.toml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant %q", err, tc.want)
			}
		})
	}
}

// A schedule whose scenario is missing is a warning naming its line, not
// an error: the rest of the config works.
func TestDrillMissingScenarioWarns(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	src := "[incident]\ncadence = \"15m\"\n\n[[drill]]\nschedule = \"@weekly\"\nscenario = \"db-failover\"\n\n[[drill]]\nschedule = \"@daily\"\nscenario = \"cache\"\n"
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "drills"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "drills", "cache.md"), []byte("+++\ntitle = \"Cache\"\n+++\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Warnings) != 1 || !strings.HasPrefix(cfg.Warnings[0], `config.toml:4: drill: scenario "db-failover" is not in `) {
		t.Errorf("warnings = %q", cfg.Warnings)
	}
}

// Settings' Save keeps the drills the user wrote.
func TestDrillsSurviveSave(t *testing.T) {
	src := "[drills]\ndir = \"~/drills\"\n\n[[drill]]\nschedule = \"0 10 * * TUE\"\nscenario = \"db-failover\"\n"
	cfg, err := Parse("config.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := Encode(&b, cfg); err != nil {
		t.Fatal(err)
	}
	again, err := Parse("config.toml", []byte(b.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if again.Drills.Dir != "~/drills" || len(again.Drills.Schedules) != 1 || again.Drills.Schedules[0].Scenario != "db-failover" {
		t.Errorf("after save: %+v\n%s", again.Drills, b.String())
	}
}
