package drill

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const dbFailover = `title = "Primary database fails over"
severity = 2
estimate = "30m-90m"
impact = "EU customers cannot check out"

[[event]]
at = "12m"
kind = "message"
text = "Your VP asks: is it fixed yet?"

[[event]]
at = "5m"
kind = "channel_fails"
channel = "ops"
for = "10m"
`

func TestParseTOML(t *testing.T) {
	sc, err := Parse("db-failover.toml", []byte(dbFailover))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "db-failover" || sc.Title != "Primary database fails over" || sc.Severity != 2 || sc.Estimate != "30m-90m" || sc.Impact == "" {
		t.Fatalf("scenario = %+v", sc)
	}
	if len(sc.Events) != 2 {
		t.Fatalf("events = %+v", sc.Events)
	}
	// Sorted by time: the channel fails first.
	if ev := sc.Events[0]; ev.Kind != KindChannelFails || ev.At != 5*time.Minute || ev.Channel != "ops" || ev.For != 10*time.Minute || ev.Line != 11 {
		t.Errorf("first event = %+v", ev)
	}
	if ev := sc.Events[1]; ev.Kind != KindMessage || ev.Text != "Your VP asks: is it fixed yet?" || ev.Line != 6 {
		t.Errorf("second event = %+v", ev)
	}
}

func TestParseMarkdown(t *testing.T) {
	src := "+++\ntitle = \"Cache stampede\"\nseverity = 3\n+++\n\nRedis evicted everything at 09:40; the API is slow.\n"
	sc, err := Parse("cache.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Title != "Cache stampede" || sc.Severity != 3 || sc.Brief != "Redis evicted everything at 09:40; the API is slow." || sc.Known != sc.Brief {
		t.Fatalf("scenario = %+v", sc)
	}
	_, err = Parse("cache.md", []byte("+++\ntitle = \"x\"\nseverity = 9\n+++\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "cache.md:3: severity = 9") {
		t.Errorf("err = %v, want cache.md:3: severity …", err)
	}
	if _, err := Parse("cache.md", []byte("# no front matter\n")); err == nil || !strings.Contains(err.Error(), "+++") {
		t.Errorf("err = %v", err)
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"syntax", "title = \"x\"\nseverity = \n", "s.toml:2: TOML syntax"},
		{"unknown key", "title = \"x\"\ncolour = \"red\"\n", `s.toml:2: unknown key "colour"`},
		{"unknown event key", "title = \"x\"\n[[event]]\nat = \"1m\"\nkind = \"message\"\ntext = \"hi\"\nwhen = 3\n", `s.toml:6: unknown key "event.when"`},
		{"bad kind", "[[event]]\nat = \"1m\"\nkind = \"explode\"\n", `s.toml:3: event: kind = "explode"`},
		{"bad at", "title = \"x\"\n\n[[event]]\nkind = \"message\"\ntext = \"hi\"\nat = \"soon\"\n", `s.toml:6: event: at = "soon"`},
		{"bad for", "[[event]]\nat = \"1m\"\nkind = \"channel_fails\"\nchannel = \"ops\"\nfor = \"ever\"\n", "s.toml:5: event: channel_fails needs how long"},
		{"no at", "title = \"x\"\n\n[[event]]\nkind = \"message\"\ntext = \"hi\"\n", "s.toml:3: event: at is required"},
		{"fails without for", "[[event]]\nat = \"1m\"\nkind = \"channel_fails\"\nchannel = \"ops\"\n", "s.toml:1: event: channel_fails needs how long"},
		{"message without text", "[[event]]\nat = \"1m\"\nkind = \"message\"\n", "s.toml:1: event: message needs its text"},
		{"too big", strings.Repeat("#", MaxFileSize+1), "s.toml:1: the file is over 64 KiB"},
		{"too many events", strings.Repeat("[[event]]\nat = \"1m\"\nkind = \"message\"\ntext = \"x\"\n", MaxEvents+1), "s.toml:201: 51 events"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("s.toml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestLoadAndList(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("db-failover.toml", dbFailover)
	write("cache.md", "+++\ntitle = \"Cache\"\n+++\nbody\n")
	write("broken.toml", "title = \n")
	write("notes.txt", "ignored")
	sc, err := Load(dir, "cache")
	if err != nil || sc.Title != "Cache" || sc.File != filepath.Join(dir, "cache.md") {
		t.Fatalf("Load = %+v, %v", sc, err)
	}
	if _, err := Load(dir, "nope"); !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), `no scenario "nope" in `) ||
		!strings.Contains(err.Error(), "it holds broken, cache, db-failover") {
		t.Errorf("Load(nope) = %v", err)
	}
	if _, err := Load(dir, "../etc"); err == nil {
		t.Error("Load(../etc) read outside the folder")
	}
	list, errs := List(dir)
	if len(list) != 2 || list[0].Name != "cache" || list[1].Name != "db-failover" {
		t.Errorf("List = %+v", list)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "broken.toml:1") {
		t.Errorf("List errors = %v", errs)
	}
	if !Exists(dir, "cache") || Exists(dir, "nope") {
		t.Error("Exists is wrong")
	}
	if list, errs := List(filepath.Join(dir, "missing")); list != nil || errs != nil {
		t.Errorf("a missing folder: %v %v", list, errs)
	}
}

// Events run in time order whatever order the file lists them in, even
// seconds apart on a 32-bit system (a subtraction of nanoseconds would
// overflow its int).
func TestEventsSortedByTime(t *testing.T) {
	src := "[[event]]\nat = \"3s\"\nkind = \"message\"\ntext = \"later\"\n\n[[event]]\nat = \"0s\"\nkind = \"message\"\ntext = \"first\"\n"
	sc, err := Parse("order.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Events) != 2 || sc.Events[0].Text != "first" || sc.Events[1].Text != "later" {
		t.Fatalf("events = %+v", sc.Events)
	}
}

// A scenario file over MaxFileSize is refused naming the file, not read
// whole.
func TestLoadRefusesABigFile(t *testing.T) {
	dir := t.TempDir()
	src := "title = \"Big\"\n# " + strings.Repeat("x", MaxFileSize) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "big.toml"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, "big"); err == nil || !strings.HasPrefix(err.Error(), "big.toml:1: the file is over 64 KiB") {
		t.Fatalf("Load = %v", err)
	}
}

// List reads at most maxFiles scenarios, each name once (a .toml beside a
// .md of the same name is one scenario), and says when the folder holds
// more; Names stops at the same cap.
func TestListCap(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("title = \"T\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("s000.md") // s000.toml's name again: not counted twice
	for i := range maxFiles + 1 {
		write(fmt.Sprintf("s%03d.toml", i))
	}
	list, errs := List(dir)
	if len(list) != maxFiles || list[0].Name != "s000" || list[maxFiles-1].Name != fmt.Sprintf("s%03d", maxFiles-1) {
		t.Errorf("List read %d scenarios, %s to %s", len(list), list[0].Name, list[len(list)-1].Name)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "holds more than 200 scenarios") {
		t.Errorf("List errors = %v", errs)
	}
	if names := Names(dir); len(names) != maxFiles || names[0] != "s000" || names[maxFiles-1] != fmt.Sprintf("s%03d", maxFiles-1) {
		t.Errorf("Names = %d names, %v", len(names), names)
	}
}
