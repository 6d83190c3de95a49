package config

import (
	"strings"
	"testing"
)

// Nesting is refused before the parser sees it, naming the line; brackets
// inside strings and comments do not count.
func TestNestingTooDeep(t *testing.T) {
	deep := "[incident]\nengineer = \"Sam\"\nx = " + strings.Repeat("[", 50000) + strings.Repeat("]", 50000) + "\n"
	_, err := parse("config.toml", []byte(deep), "linux")
	if err == nil || !strings.HasPrefix(err.Error(), "config.toml:3: arrays or tables nested more than 32 deep") {
		t.Fatalf("50,000 levels: %v", err)
	}
	for _, src := range []string{
		"[incident]\nengineer = \"" + strings.Repeat("[", 100) + "\"\n",
		"[incident]\nengineer = '" + strings.Repeat("{", 100) + "'\n",
		"[incident]\nengineer = \"\"\"\n" + strings.Repeat("[", 100) + "\\\"\"\"\n\"\"\"\n",
		"[incident]\nengineer = '''\n" + strings.Repeat("[", 100) + "\n'''\n",
		"# " + strings.Repeat("[", 100) + "\n[incident]\nengineer = \"Sam\" # ]]]]\n",
		"[[channel]]\nname = \"ops\"\ntype = \"email\"\nsmtp = \"smtp://relay.example.com:587\"\nfrom = \"a@example.com\"\nto = [\"b@example.com\", \"c\\\"[@example.com\"]\n",
	} {
		if line := tooDeep([]byte(src)); line != 0 {
			t.Errorf("refused at line %d:\n%s", line, src)
		}
	}
	if line := tooDeep([]byte("a = 1\n\"x\\\"\" = 2\nb = " + strings.Repeat("[", 33))); line != 3 {
		t.Errorf("line %d, want 3 (an escaped quote in a quoted key ends nothing)", line)
	}
}
