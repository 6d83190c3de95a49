package config

import "testing"

func TestIsLoopbackHost(t *testing.T) {
	cases := map[string]bool{
		"127.0.0.1": true, "127.9.8.7": true, "::1": true, "[::1]": true, "localhost": true, "LocalHost": true,
		"::ffff:127.0.0.1": true, "0.0.0.0": false, "": false, "::": false, "10.0.0.1": false,
		"example.com": false, "localhost.example.com": false, "128.0.0.1": false,
	}
	for host, want := range cases {
		t.Run(host, func(t *testing.T) {
			if got := isLoopbackHost(host); got != want {
				t.Errorf("isLoopbackHost(%q) = %v, want %v", host, got, want)
			}
		})
	}
}

func TestWebURL(t *testing.T) {
	cases := map[string]bool{
		"https://hooks.slack.com/services/x": true, "HTTPS://example.com": true,
		"http://127.0.0.1:8080/x": true, "http://localhost/x": true, "http://[::1]:9/x": true,
		"http://example.com/x": false, "ftp://example.com": false, "https://": false,
		"example.com/x": false, "": false, "https://exa mple.com": false,
	}
	for u, want := range cases {
		t.Run(u, func(t *testing.T) {
			if got := webURL(u); got != want {
				t.Errorf("webURL(%q) = %v, want %v", u, got, want)
			}
		})
	}
}

func TestSMTPAddr(t *testing.T) {
	cases := []struct {
		in, scheme, host string
		ok               bool
	}{
		{"smtp://relay.example.com:587", "smtp", "relay.example.com", true},
		{"smtps://relay.example.com:465/", "smtps", "relay.example.com", true},
		{"relay.example.com:25", "", "relay.example.com", true},
		{"[::1]:25", "", "::1", true},
		{"smtp://relay.example.com", "", "", false},
		{"smtp://u:p@relay.example.com:587", "", "", false},
		{"smtp://relay.example.com:587/x", "", "", false},
		{"smtp://relay.example.com:587?x=1", "", "", false},
		{"https://relay.example.com:587", "", "", false},
		{":25", "", "", false},
		{"relay:99999", "", "", false},
		{"relay:-1", "", "", false},
		{"", "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			scheme, host, ok := smtpAddr(tc.in)
			if scheme != tc.scheme || host != tc.host || ok != tc.ok {
				t.Errorf("smtpAddr(%q) = %q, %q, %v", tc.in, scheme, host, ok)
			}
		})
	}
}
