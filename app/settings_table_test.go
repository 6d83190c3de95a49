//go:build cgo

package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
)

// Settings agrees with the channel table: the type select lists its types,
// each type's form shows its keys with their labels and placeholders, and
// its secrets are the table's.
func TestSettingsFollowTheChannelTable(t *testing.T) {
	r := openSettings(t)
	test.Tap(button(t, r.w, "Add channel"))
	names := channeltype.Names()
	sel := walkSelect(r.w, names[0])
	fatalIf(t, sel == nil || !slices.Equal(sel.Options, names), "type select %v, want the table's %v", sel, names)
	for _, typ := range channeltype.Types() {
		sel.SetSelected(typ.Name)
		shown := texts(r.w)
		for _, k := range typ.Keys {
			if !slices.Contains(shown, k.Label) {
				t.Errorf("%s form lacks the label %q of key %s; texts %q", typ.Name, k.Label, k.Name, shown)
			}
			if k.Example != "" && !k.List {
				r.entry(k.Example)
			}
		}
		fatalIf(t, !slices.Equal(secretFields(typ.Name), typ.Secrets()), "%s: secrets %v, table %v", typ.Name, secretFields(typ.Name), typ.Secrets())
	}
}

// The list says where a channel posts from the table's Where keys.
func TestSettingsWhereFromTheTable(t *testing.T) {
	shown := map[string]string{"keyring:a-url": "https://hooks.slack.com/…"}
	for c, want := range map[*config.Channel]string{
		{Type: "email", To: []string{"a@example.com", "b@example.com"}}: "a@example.com, b@example.com",
		{Type: "ntfy", URL: "https://ntfy.sh", Topic: "alerts"}:         "https://ntfy.sh/alerts",
		{Type: "slack", URL: "keyring:a-url"}:                           "https://hooks.slack.com/…",
		{Type: "discord", URL: "env:HOOK"}:                              "from environment variable HOOK",
	} {
		if got := where(*c, shown); got != want {
			t.Errorf("where(%+v) = %q, want %q", *c, got, want)
		}
	}
}
