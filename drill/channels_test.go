package drill

import (
	"strings"
	"testing"
)

// A channel_fails event on a channel that does not get drills, or on none
// at all, would fail nothing: CheckChannels names the channel key's line
// and says what to do.
func TestCheckChannels(t *testing.T) {
	src := "title = \"x\"\n\n[[event]]\nat = \"1m\"\nkind = \"channel_fails\"\nchannel = \"ops\"\nfor = \"5m\"\n\n[[event]]\nat = \"2m\"\nkind = \"channel_fails\"\nchannel = \"gone\"\nfor = \"5m\"\n\n[[event]]\nat = \"3m\"\nkind = \"channel_fails\"\nchannel = \"practice\"\nfor = \"5m\"\n"
	sc, err := Parse("x.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	sc.File = "/somewhere/drills/x.toml"
	err = sc.CheckChannels(map[string]bool{"ops": false, "practice": true})
	if err == nil {
		t.Fatal("no error for channels that do not get drills")
	}
	got := strings.Split(err.Error(), "\n")
	want := []string{
		"x.toml:6: event: channel ops does not get drills: set drill = true on it, or name a drill channel (practice)",
		"x.toml:12: event: there is no channel gone: name a drill channel (practice)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("errors:\n%s\nwant:\n%s", err, strings.Join(want, "\n"))
	}
	if err := sc.CheckChannels(map[string]bool{"ops": true, "gone": true, "practice": true}); err != nil {
		t.Errorf("drill channels refused: %v", err)
	}
	if err := sc.CheckChannels(nil); err == nil || !strings.Contains(err.Error(), "no channel gets drills yet: set drill = true on one in config.toml") {
		t.Errorf("no channels: %v", err)
	}
}
