package statuspage

import (
	"net/netip"
	"testing"
)

// The link stakeholders get names a place they can open: never "[::]" or
// 0.0.0.0 (every message linked to http://[::]:19261/), and nothing on
// loopback unless a public_url says where the page is published.
func TestSiteURLs(t *testing.T) {
	tests := []struct {
		listen, public, hostname string
		stakeholder, local       string
	}{
		{"127.0.0.1:8725", "", "oncall", "", "http://127.0.0.1:8725/"},
		{"[::1]:8725", "", "oncall", "", "http://[::1]:8725/"},
		{"127.0.0.1:8725", "https://status.example.com/", "oncall", "https://status.example.com/", "http://127.0.0.1:8725/"},
		{"0.0.0.0:19261", "", "oncall", "http://oncall:19261/", "http://127.0.0.1:19261/"},
		{"[::ffff:0.0.0.0]:19261", "", "oncall", "http://oncall:19261/", "http://127.0.0.1:19261/"},
		{"[::]:19261", "", "oncall", "http://oncall:19261/", "http://127.0.0.1:19261/"},
		{"[::]:19261", "", "", "", "http://127.0.0.1:19261/"},
		{"0.0.0.0:19261", "https://status.example.com/incident", "oncall", "https://status.example.com/incident", "http://127.0.0.1:19261/"},
		{"192.168.1.5:19261", "", "oncall", "http://192.168.1.5:19261/", "http://192.168.1.5:19261/"},
		{"[2001:db8::5]:19261", "", "oncall", "http://[2001:db8::5]:19261/", "http://[2001:db8::5]:19261/"},
	}
	for _, tt := range tests {
		t.Run(tt.listen+" "+tt.public+" "+tt.hostname, func(t *testing.T) {
			s := Site{Listen: netip.MustParseAddrPort(tt.listen), PublicURL: tt.public, Hostname: tt.hostname}
			if got := s.StakeholderURL(); got != tt.stakeholder {
				t.Errorf("StakeholderURL = %q, want %q", got, tt.stakeholder)
			}
			if got := s.LocalURL(); got != tt.local {
				t.Errorf("LocalURL = %q, want %q", got, tt.local)
			}
		})
	}
}
