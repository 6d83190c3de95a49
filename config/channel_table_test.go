package config

import (
	"strings"
	"testing"
)

// A key's further rule (the table's Check) applies to a reference-looking
// value of a key that is not a secret: a topic is never resolved.
func TestChannelCheckSeesAReferenceInAPlainKey(t *testing.T) {
	_, err := Parse("config.toml", []byte("[[channel]]\nname = \"n\"\ntype = \"ntfy\"\nurl = \"https://ntfy.sh\"\ntopic = \"env:TOPIC\"\n"))
	if err == nil || !strings.Contains(err.Error(), `topic = "env:TOPIC" is not an ntfy topic`) {
		t.Errorf("Parse = %v; want the topic refused", err)
	}
}
