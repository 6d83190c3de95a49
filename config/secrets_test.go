package config

import (
	"errors"
	"runtime"
	"testing"

	"github.com/zalando/go-keyring"
)

func TestResolve(t *testing.T) {
	env := map[string]string{"SMTP_PASSWORD": "pw"}
	store := map[string]string{
		"ops-webhook": "https://hooks.example.com/x",
		"newline":     "tok\n",
		"wide":        "t\x00o\x00k\x00",
		"blank":       "",
	}
	s := Secrets{
		Getenv: func(name string) string { return env[name] },
		Keyring: func(service, user string) (string, error) {
			switch {
			case service != "keepcool":
				return "", errors.New("wrong service " + service)
			case user == "locked":
				return "", errors.New("collection is locked")
			}
			v, ok := store[user]
			if !ok {
				return "", keyring.ErrNotFound
			}
			return v, nil
		},
	}
	hint := storeCommand(runtime.GOOS, "missing")
	cases := []struct {
		ref, want, err string
	}{
		{"https://hooks.example.com/literal", "https://hooks.example.com/literal", ""},
		{"", "", ""},
		{"env:SMTP_PASSWORD", "pw", ""},
		{"env:UNSET", "", "environment variable UNSET (from env:UNSET) is empty or unset: set it before starting keepcool, or use keyring:UNSET"},
		{"env:", "", `secret reference "env:" names no secret; write env:NAME`},
		{"keyring:ops-webhook", "https://hooks.example.com/x", ""},
		{"keyring: ops-webhook", "https://hooks.example.com/x", ""},
		{"keyring:newline", "tok", ""},
		{"keyring:wide", "tok", ""},
		{"keyring:missing", "", `secret "missing" is not in the keyring: store it with: ` + hint},
		{"keyring:blank", "", `secret "blank" in the keyring is empty: store it again with: ` + storeCommand(runtime.GOOS, "blank")},
		{"keyring:locked", "", `reading secret "locked" from the keyring: collection is locked; check the keyring is running and unlocked, or use env:NAME instead`},
		{"keyring:", "", `secret reference "keyring:" names no secret; write keyring:NAME`},
	}
	for _, tc := range cases {
		t.Run(tc.ref, func(t *testing.T) {
			got, err := s.Resolve(tc.ref)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("Resolve(%q) error = %v, want %q", tc.ref, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("Resolve(%q) = %q, %v; want %q", tc.ref, got, err, tc.want)
			}
		})
	}
}

func TestResolveDefaults(t *testing.T) {
	t.Setenv("KEEPCOOL_TEST_SECRET", "from-env")
	got, err := Secrets{}.Resolve("env:KEEPCOOL_TEST_SECRET")
	if err != nil || got != "from-env" {
		t.Errorf("Resolve with os.Getenv = %q, %v", got, err)
	}
	keyring.MockInit() // the real go-keyring Get, backed by its in-memory provider
	if err := keyring.Set("keepcool", "ops", "hook"); err != nil {
		t.Fatal(err)
	}
	if got, err := (Secrets{}).Resolve("keyring:ops"); err != nil || got != "hook" {
		t.Errorf("Resolve with keyring.Get = %q, %v", got, err)
	}
	_, err = Secrets{}.Resolve("keyring:absent")
	want := `secret "absent" is not in the keyring: store it with: ` + storeCommand(runtime.GOOS, "absent")
	if err == nil || err.Error() != want {
		t.Errorf("missing entry error = %v, want %q", err, want)
	}
}

func TestStoreCommand(t *testing.T) {
	cases := map[string]string{
		"linux":   `secret-tool store --label="keepcool ops-webhook" service keepcool username ops-webhook`,
		"freebsd": `secret-tool store --label="keepcool ops-webhook" service keepcool username ops-webhook`,
		"darwin":  `security add-generic-password -U -s keepcool -a ops-webhook -w`,
		"windows": `cmdkey /generic:keepcool:ops-webhook /user:ops-webhook /pass`,
	}
	for goos, want := range cases {
		t.Run(goos, func(t *testing.T) {
			if got := storeCommand(goos, "ops-webhook"); got != want {
				t.Errorf("storeCommand(%s) = %q, want %q", goos, got, want)
			}
		})
	}
}

func TestIsRef(t *testing.T) {
	cases := map[string]bool{
		"keyring:x": true, "env:X": true, "keyring:": true, "env:": true,
		"https://example.com": false, "": false, "KEYRING:x": false, "xenv:X": false,
	}
	for v, want := range cases {
		t.Run(v, func(t *testing.T) {
			if got := IsRef(v); got != want {
				t.Errorf("IsRef(%q) = %v, want %v", v, got, want)
			}
		})
	}
}

func TestNarrow(t *testing.T) {
	cases := map[string]string{
		"":           "",
		"ab":         "ab",
		"a\x00b\x00": "ab",
		"\xe9\x00":   "é",
		"a\x00b":     "a\x00b", // odd length: left alone
		"\x00\x00":   "\x00\x00",
		"a\x00bc":    "a\x00bc",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			if got := narrow(in); got != want {
				t.Errorf("narrow(%q) = %q, want %q", in, got, want)
			}
		})
	}
}
