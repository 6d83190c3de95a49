package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/internal/filelock"
)

// uncertainFor is how long a command left uncertain keeps its key: running
// the same command again within it is a no-op if the first was recorded.
const uncertainFor = time.Hour

// uncertainEntry is one command whose fate the CLI could not learn.
type uncertainEntry struct {
	Path string    `json:"path"` // the API route: /v1/note…
	Hash string    `json:"hash"` // sha256 of the request without key and force
	Key  string    `json:"key"`
	At   time.Time `json:"at"`
}

// uncertain is the file (in the state dir) of commands left uncertain.
type uncertain struct{ path string }

// keyed runs call, a command to path whose request is req and whose key
// is *key. A command the last run left uncertain (same route, same
// request, within an hour) gets that run's key, so that if the engine did
// record it, this run is a no-op. The outcome decides what is kept: an
// uncertain end keeps the key for the next run; an answer forgets it.
func (u uncertain) keyed(req any, path string, key *string, now time.Time, call func() error) error {
	hash, herr := requestHash(req)
	matched := false // an entry to forget once the engine answers
	if herr == nil && *key == "" {
		for _, e := range u.load() {
			if e.Path == path && e.Hash == hash && now.Sub(e.At) < uncertainFor {
				*key, matched = e.Key, true
			}
		}
	}
	if *key == "" {
		*key = client.NewKey()
	}
	err := call()
	if herr != nil {
		return err
	}
	var ae *client.APIError
	var we *client.WarningsError
	switch {
	case errors.Is(err, client.ErrMaybeRecorded):
		u.update(func(entries []uncertainEntry) []uncertainEntry {
			return append(keep(entries, path, hash, now), uncertainEntry{Path: path, Hash: hash, Key: *key, At: now})
		})
	case !matched: // the common case: nothing to forget, no file touched
	case err == nil, errors.As(err, &ae), errors.As(err, &we):
		u.update(func(entries []uncertainEntry) []uncertainEntry { return keep(entries, path, hash, now) })
	}
	return err
}

// keyed is uncertain.keyed in the state dir, now.
func (e *env) keyed(path string, req any, key *string, call func() error) error {
	p, err := e.paths()
	if err != nil {
		return err
	}
	return uncertain{p.UncertainFile()}.keyed(req, path, key, time.Now(), call)
}

// keep drops the entry for path and hash, and any past uncertainFor.
func keep(entries []uncertainEntry, path, hash string, now time.Time) []uncertainEntry {
	var out []uncertainEntry
	for _, e := range entries {
		if (e.Path != path || e.Hash != hash) && now.Sub(e.At) < uncertainFor {
			out = append(out, e)
		}
	}
	return out
}

// requestHash identifies a request by its content, leaving out its key and
// --force (a retry with --force is the same note).
func requestHash(req any) (string, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return "", err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return "", err
	}
	delete(m, "key")
	delete(m, "force")
	b, err = json.Marshal(m) // map keys sorted: a stable form
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), err
}

// load reads the file; a missing or damaged one holds nothing.
func (u uncertain) load() []uncertainEntry {
	b, err := os.ReadFile(u.path)
	if err != nil {
		return nil
	}
	var out []uncertainEntry
	if json.Unmarshal(b, &out) != nil {
		return nil
	}
	return out
}

// update changes the file under a lock: CLIs run at once (a script
// posting in a loop, a kill -9 under forty of them) each keep their own
// entry. Failing to write costs only the no-op on a re-run: ignored.
func (u uncertain) update(change func([]uncertainEntry) []uncertainEntry) {
	if os.MkdirAll(filepath.Dir(u.path), 0o700) != nil {
		return
	}
	lock, err := os.OpenFile(u.path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return
	}
	defer lock.Close()
	if filelock.Lock(lock) != nil {
		return
	}
	entries := u.load()
	kept := change(entries)
	switch {
	case len(kept) == 0 && len(entries) == 0:
	case len(kept) == 0:
		os.Remove(u.path)
	default:
		if b, err := json.Marshal(kept); err == nil {
			_ = config.WritePrivate(u.path, b)
		}
	}
}
