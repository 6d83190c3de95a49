package config

import (
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// Limits on what a config may hold. A config is a page of settings; one
// past these is a mistake (a pasted log, a generated file) that would
// otherwise cost memory and CPU in every part that reads it.
const (
	maxFileSize   = 1 << 20 // bytes of the whole file
	maxChannels   = 64
	maxListItems  = 64 // cors, hosts, to
	maxEngineer   = MaxEngineer
	maxName       = 64   // characters of a channel's name
	maxAddress    = 2048 // characters of a URL, a host:port, an email address
	maxStringSize = 4096 // characters of any other string
)

// MaxEngineer is how many characters of the engineer's name go out: it is
// in every message. The config refuses a longer one; a name taken from the
// system is cut to it.
const MaxEngineer = 100

// stringLimit is how many characters the string at key may hold.
func stringLimit(key string) int {
	switch key {
	case "engineer":
		return maxEngineer
	case "name":
		return maxName
	case "url", "smtp", "listen", "public_url", "cors", "hosts", "from", "to", "token", "secret", "password", "slack_token":
		return maxAddress
	}
	return maxStringSize
}

// tooLong reports s at key when it is longer than key's limit.
func (t table) tooLong(key, s string) bool {
	limit := stringLimit(key)
	if len(s) <= limit { // bytes ≥ characters: most strings stop here
		return false
	}
	n := utf8.RuneCountInString(s)
	if n <= limit {
		return false
	}
	t.fail(key, "is %d characters long; it may be at most %d", n, limit)
	return true
}

// readLimited reads the file at path, at most one byte past maxFileSize:
// Parse refuses a file that long, and no bigger one is read whole.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxFileSize+1))
}

// tooBig is the error for a config file over maxFileSize.
func tooBig(name string) error {
	return problem{file: name, line: 1, msg: fmt.Sprintf("the file is over %d KiB, larger than any keepcool config; "+
		"is it the right file? Keep the settings (README: Config) and remove the rest", maxFileSize>>10)}
}
