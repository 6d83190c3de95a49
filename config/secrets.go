package config

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"unicode/utf16"

	"github.com/zalando/go-keyring"
)

// keyringService is the service every keepcool secret is stored under.
const keyringService = "keepcool"

const (
	refKeyring = "keyring:"
	refEnv     = "env:"
)

// Secrets resolves secret references (keyring:NAME, env:NAME).
type Secrets struct {
	Getenv  func(string) string                        // nil => os.Getenv
	Keyring func(service, user string) (string, error) // nil => zalando/go-keyring Get
}

// IsRef reports whether v is a keyring: or env: reference.
func IsRef(v string) bool {
	_, _, ok := splitRef(v)
	return ok
}

// splitRef splits a reference into its scheme ("keyring:" or "env:") and
// name; ok is false for a literal.
func splitRef(v string) (scheme, name string, ok bool) {
	for _, scheme := range []string{refKeyring, refEnv} {
		if name, ok := strings.CutPrefix(v, scheme); ok {
			return scheme, strings.TrimSpace(name), true
		}
	}
	return "", "", false
}

// Resolve returns the secret ref points to: "keyring:NAME" is NAME in the
// OS keyring under service "keepcool", "env:NAME" the environment variable
// NAME; anything else is a literal, returned as is. Errors never contain
// the secret and say how to provide it.
func (s Secrets) Resolve(ref string) (string, error) {
	scheme, name, ok := splitRef(ref)
	switch {
	case !ok:
		return ref, nil
	case name == "":
		return "", fmt.Errorf("secret reference %q names no secret; write %sNAME", ref, scheme)
	case scheme == refEnv:
		return s.env(name)
	}
	return s.keyring(name)
}

func (s Secrets) env(name string) (string, error) {
	getenv := s.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	v := getenv(name)
	if v == "" {
		return "", fmt.Errorf("environment variable %s (from env:%s) is empty or unset: set it before starting keepcool, or use keyring:%s",
			name, name, name)
	}
	return v, nil
}

func (s Secrets) keyring(name string) (string, error) {
	get := s.Keyring
	if get == nil {
		get = keyring.Get
	}
	v, err := get(keyringService, name)
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return "", fmt.Errorf("secret %q is not in the keyring: store it with: %s", name, storeCommand(runtime.GOOS, name))
	case err != nil:
		return "", fmt.Errorf("reading secret %q from the keyring: %w; check the keyring is running and unlocked, or use env:NAME instead",
			name, err)
	}
	v = strings.TrimRight(narrow(v), "\r\n")
	if v == "" {
		return "", fmt.Errorf("secret %q in the keyring is empty: store it again with: %s", name, storeCommand(runtime.GOOS, name))
	}
	return v, nil
}

// storeCommand is the shell command that stores secret name where
// go-keyring looks for it on goos.
func storeCommand(goos, name string) string {
	switch goos {
	case "darwin":
		return fmt.Sprintf("security add-generic-password -U -s %s -a %s -w", keyringService, name)
	case "windows":
		return fmt.Sprintf("cmdkey /generic:%s:%s /user:%s /pass", keyringService, name, name)
	}
	return fmt.Sprintf(`secret-tool store --label="%s %s" service %s username %s`, keyringService, name, keyringService, name)
}

// narrow decodes a UTF-16LE value. go-keyring returns Windows credential
// blobs as raw bytes, and cmdkey and the Credential Manager store
// passwords as UTF-16, so "abc" arrives as "a\x00b\x00c\x00".
func narrow(v string) string {
	if len(v) < 2 || len(v)%2 != 0 {
		return v
	}
	units := make([]uint16, 0, len(v)/2)
	for i := 0; i < len(v); i += 2 {
		if v[i+1] != 0 || v[i] == 0 {
			return v
		}
		units = append(units, uint16(v[i]))
	}
	return string(utf16.Decode(units))
}
