// Package buildinfo is what a keepcool binary says of itself for
// --version: the release version, commit and build date stamped at link
// time by `make build` and `make dist`:
//
//	-ldflags "-X github.com/keepcool/keepcool/internal/buildinfo.version=0.1.0
//	          -X github.com/keepcool/keepcool/internal/buildinfo.commit=abc1234
//	          -X github.com/keepcool/keepcool/internal/buildinfo.date=2026-11-30T12:00:00Z"
//
// A plain `go build` in a clone stamps nothing, so the commit and its time
// come from the VCS stamp Go embeds (runtime/debug.BuildInfo) instead, and
// the version is "dev".
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Set with -ldflags -X; see the package comment.
var version, commit, date string

// Info is one binary's build.
type Info struct {
	Version string `json:"version"` // "0.1.0", or "dev" for an unreleased build
	Commit  string `json:"commit"`  // the git commit, "unknown" when neither stamp has it
	Date    string `json:"date"`    // RFC 3339, UTC; "unknown" likewise
	Dirty   bool   `json:"dirty"`   // built from a tree with uncommitted changes
}

// Get is this binary's build.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return from(version, commit, date, bi)
}

// from fills what the link-time stamp lacks from Go's own build info.
func from(version, commit, date string, bi *debug.BuildInfo) Info {
	in := Info{Version: version, Commit: commit, Date: date}
	if bi != nil {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if in.Commit == "" {
					in.Commit = s.Value
				}
			case "vcs.time":
				if in.Date == "" {
					in.Date = s.Value
				}
			case "vcs.modified":
				in.Dirty = in.Dirty || s.Value == "true"
			}
		}
	}
	// make stamps a dirty tree's commit "HASH-dirty": that is Dirty, not
	// part of the hash, which is shown to 12 characters.
	if c, ok := strings.CutSuffix(in.Commit, "-dirty"); ok {
		in.Commit, in.Dirty = c, true
	}
	if len(in.Commit) > 12 {
		in.Commit = in.Commit[:12]
	}
	if in.Version == "" {
		in.Version = "dev"
	}
	if in.Commit == "" {
		in.Commit = "unknown"
	}
	if in.Date == "" {
		in.Date = "unknown"
	}
	return in
}

// String is the --version line for program prog:
// "keepcool 0.1.0 (commit abc1234def56, built 2026-11-30T12:00:00Z)".
func (in Info) String(prog string) string {
	dirty := ""
	if in.Dirty {
		dirty = ", with uncommitted changes"
	}
	return fmt.Sprintf("%s %s (commit %s%s, built %s)", prog, in.Version, in.Commit, dirty, in.Date)
}
