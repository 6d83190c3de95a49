package tray

import (
	"strings"
	"testing"
)

func TestOpener(t *testing.T) {
	const url = "http://127.0.0.1:8725/"
	tests := []struct{ goos, name, args string }{
		{"linux", "xdg-open", url},
		{"freebsd", "xdg-open", url},
		{"darwin", "open", url},
		{"windows", "rundll32", "url.dll,FileProtocolHandler " + url},
	}
	for _, tt := range tests {
		name, args := opener(tt.goos, url)
		if name != tt.name || strings.Join(args, " ") != tt.args {
			t.Errorf("%s: %s %v, want %s %s", tt.goos, name, args, tt.name, tt.args)
		}
	}
}
