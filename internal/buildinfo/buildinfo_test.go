package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestFrom(t *testing.T) {
	vcs := &debug.BuildInfo{Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"},
		{Key: "vcs.time", Value: "2026-11-29T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	for _, c := range []struct {
		name                 string
		version, commit, day string
		bi                   *debug.BuildInfo
		want                 string
	}{
		{"stamped", "0.1.0", "abc1234", "2026-11-30T12:00:00Z", nil,
			"keepcool 0.1.0 (commit abc1234, built 2026-11-30T12:00:00Z)"},
		{"stamp wins over vcs", "0.1.0", "abc1234", "2026-11-30T12:00:00Z", vcs,
			"keepcool 0.1.0 (commit abc1234, with uncommitted changes, built 2026-11-30T12:00:00Z)"},
		{"go build in a clone", "", "", "", vcs,
			"keepcool dev (commit 0123456789ab, with uncommitted changes, built 2026-11-29T10:00:00Z)"},
		{"make's stamp of a dirty tree", "dev", "0123456789ab-dirty", "2026-11-30T12:00:00Z", nil,
			"keepcool dev (commit 0123456789ab, with uncommitted changes, built 2026-11-30T12:00:00Z)"},
		{"nothing known", "", "", "", nil,
			"keepcool dev (commit unknown, built unknown)"},
	} {
		if got := from(c.version, c.commit, c.day, c.bi).String("keepcool"); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}
