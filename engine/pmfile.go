package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/keepcool/keepcool/postmortem"
)

// ID.md is keepcool's and the engineer's: keepcool rewrites it as receipts
// come in after resolve, and the engineer writes its sections for people.
// ID.md.sums records what keepcool wrote (postmortem.Written), so that a
// rewrite replaces the file only as keepcool left it, carries an edit of
// the people sections into the fresh render (postmortem.Merge), and leaves
// any other edit alone, writing keepcool's version beside it, as
// ID.keepcool.md.

// pmSums is the content of ID.md.sums.
type pmSums struct {
	About string `json:"about"`
	// Written are keepcool's latest writes, oldest first. It is saved
	// before the file is written, so a crash between the two leaves the
	// file as an earlier entry describes it: keep a few.
	Written []postmortem.Written `json:"written"`
}

const (
	pmSumsKept  = 3
	pmSumsAbout = "What keepcool last wrote to the post-mortem beside this file, so that a rewrite keeps your edits. Safe to delete: keepcool then rewrites an edited post-mortem only when nothing outside its sections for people differs from its render now, and otherwise writes its version beside it."
	// pmWriteTries bounds the rewrites begun again because the file
	// changed while one was prepared (an editor saving meanwhile).
	pmWriteTries = 3
)

func sumsPath(pm string) string { return pm + ".sums" }

// keepcoolCopyPath is where keepcool's version goes when the file's edit
// cannot be merged: ID.keepcool.md.
func keepcoolCopyPath(pm string) string { return strings.TrimSuffix(pm, ".md") + ".keepcool.md" }

// readSums is ID.md.sums; none when it is missing or unreadable (Merge
// then judges an edit against the fresh render, which keeps words safe).
func readSums(pm string) pmSums {
	var s pmSums
	b, err := os.ReadFile(sumsPath(pm))
	if err != nil || json.Unmarshal(b, &s) != nil {
		return pmSums{}
	}
	return s
}

// filedPostMortem is fresh as it stands in file pm: merged with the
// engineer's edit there. It is fresh when pm is missing or its edit
// cannot be merged (keepcool's version is then ID.keepcool.md); the file
// is the engineer's as it is.
func filedPostMortem(pm, fresh string) string {
	onDisk, err := os.ReadFile(pm)
	if err != nil {
		return fresh
	}
	merged, err := postmortem.Merge(string(onDisk), fresh, readSums(pm).Written)
	if err != nil {
		return fresh
	}
	return merged
}

// filePostMortem writes fresh to pm, keeping the engineer's edit there.
// It returns the file written: pm, or ID.keepcool.md when pm's edit cannot
// be merged, and why (an *postmortem.Unmergeable) in that case. The caller
// holds pmMu: nothing else writes ID.md.sums meanwhile.
func filePostMortem(pm, fresh string) (string, *postmortem.Unmergeable, error) {
	// The records as this call found them: a try begun again replaces its
	// own record rather than adding one, or three tries would push out the
	// record of the file on disk, and the next rewrite would find the file
	// edited everywhere.
	before := readSums(pm).Written
	for try := 1; ; try++ {
		onDisk, err := os.ReadFile(pm)
		existed := err == nil
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return pm, nil, err
		}
		text := fresh
		if existed {
			text, err = postmortem.Merge(string(onDisk), fresh, before)
			var why *postmortem.Unmergeable
			if errors.As(err, &why) {
				cp := keepcoolCopyPath(pm)
				return cp, why, writeFileAtomic(cp, []byte(fresh))
			}
			if err != nil {
				return pm, nil, err
			}
		}
		// The record first: a crash before the file is written leaves the
		// file as the record's earlier entry describes it.
		sums := pmSums{About: pmSumsAbout, Written: append(slices.Clone(before), postmortem.Record(text, fresh))}
		if n := len(sums.Written); n > pmSumsKept {
			sums.Written = sums.Written[n-pmSumsKept:]
		}
		b, err := json.MarshalIndent(sums, "", "  ")
		if err != nil {
			return pm, nil, err
		}
		if err := writeFileAtomic(sumsPath(pm), append(b, '\n')); err != nil {
			return pm, nil, fmt.Errorf("record what keepcool writes to %s: %w", filepath.Base(pm), err)
		}
		if pmRecorded != nil {
			pmRecorded(pm)
		}
		// Saved meanwhile? Merge again with what was saved. (An edit saved
		// between this look and the rename below is still lost: the file
		// system offers no compare-and-swap; the window is one write.)
		now, err := os.ReadFile(pm)
		if (err == nil) != existed || err == nil && !bytes.Equal(now, onDisk) {
			if try < pmWriteTries {
				continue
			}
			return pm, nil, fmt.Errorf("%s kept changing while keepcool rewrote it (an editor saving it meanwhile?): left as it is", filepath.Base(pm))
		}
		return pm, nil, writeFileAtomic(pm, []byte(text))
	}
}

// pmRecorded, when set (by tests only), is called once a try of
// filePostMortem has saved its record and before it looks at the file
// again: where an editor's save lands that makes the try begin again.
var pmRecorded func(pm string)
