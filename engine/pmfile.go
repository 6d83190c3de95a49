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

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/postmortem"
	"github.com/keepcool/keepcool/timefmt"
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

// rewritePostMortem writes incident id's post-mortem from its journal as
// it stands (the live state keeps no events). Writes are one at a time and
// each reads the journal afresh, so the file last written is the latest;
// e.mu is held only to read the time style.
//
// The caller's event is in the journal before it calls, and takes a
// ticket; a write covers every ticket taken before it read the journal.
// So when each channel's all-clear receipt asks at once, the calls that
// waited behind a write begun after they asked return at once: one
// rebuild (~0.4 s at 10,000 notes) rather than one per channel.
func (e *Engine) rewritePostMortem(id string) {
	ticket := e.pmAsked.Add(1)
	e.pmMu.Lock()
	defer e.pmMu.Unlock()
	if e.pmDone[id] >= ticket {
		return
	}
	covers := e.pmAsked.Load()
	st, err := e.recorded(id)
	if err != nil {
		e.logf("warning: post-mortem of %s not written: %v", id, err)
		return
	}
	e.mu.Lock()
	ts := e.timeStyleLocked()
	e.mu.Unlock()
	if e.writePostMortemLocked(st, ts) {
		if e.pmDone == nil {
			e.pmDone = map[string]uint64{}
		}
		e.pmDone[id] = covers
	}
}

// writePostMortem is writePostMortemLocked for a caller that does not hold
// pmMu (resume, writing an ID.md a crash kept from being written, while
// the outbox's receipts may already rewrite it): ID.md and ID.md.sums are
// read, merged and written as one, so one writer at a time. It must not
// be called with pmMu or e.mu held (the order is pmMu, then e.mu).
func (e *Engine) writePostMortem(st incident.State, ts timefmt.Style) bool {
	e.pmMu.Lock()
	defer e.pmMu.Unlock()
	return e.writePostMortemLocked(st, ts)
}

// writePostMortemLocked writes the incident's post-mortem (postmortem.Markdown)
// next to its journal, as ID.md, and says whether it did. The journal is
// the truth: the file is a render of it. The engineer's edit of ID.md is
// kept (filePostMortem): carried into the fresh render, or, when it cannot
// be, left alone with keepcool's version beside it. pmMu is held.
func (e *Engine) writePostMortemLocked(st incident.State, ts timefmt.Style) bool {
	pm := e.store.postMortemPath(st.ID)
	file, why, err := filePostMortem(pm, postmortem.Markdown(st, ts))
	switch {
	case err != nil:
		if why != nil { // ID.md left alone, and keepcool's version not written beside it
			err = fmt.Errorf("so as not to lose an edit (%s), and keepcool's version could not be written beside it: %w", why.Reason, err)
		}
		e.logf("warning: %s", pmNotWritten(pm, st.ID, err))
		return false
	case why != nil:
		e.logf("post-mortem: %s is not rewritten, so as not to lose an edit (%s); keepcool's version is %s: copy what you need from it", pm, why.Reason, file)
	default:
		e.logf("post-mortem: %s", pm)
		e.removeStaleCopy(pm)
	}
	return true
}

// pmNotWritten says why ID.md (pm) was not written and what happens now.
// Resume writes only a missing ID.md, so an existing one stays as it is
// until this incident's next delivery or refusal asks for a rewrite.
func pmNotWritten(pm, id string, err error) string {
	if !fileExists(pm) {
		return fmt.Sprintf("post-mortem %s not written: %v; keepcool writes it at its next start, and `keepcool postmortem %s` prints it meanwhile", pm, err, id)
	}
	return fmt.Sprintf("post-mortem %s not rewritten: %v; it stays as it is until a later delivery or refusal of this incident rewrites it (fix the cause above meanwhile), and `keepcool postmortem %s` prints the current version", pm, err, id)
}

// removeStaleCopy removes ID.keepcool.md once ID.md (pm) is written again:
// an edit that could not be merged before merges now (the engineer put a
// heading back, say), so keepcool's version beside it is out of date.
func (e *Engine) removeStaleCopy(pm string) {
	cp := keepcoolCopyPath(pm)
	switch err := os.Remove(cp); {
	case err == nil:
		e.logf("post-mortem: %s is written again (your edit merges now), so keepcool's version beside it, %s, is removed", pm, cp)
	case !errors.Is(err, fs.ErrNotExist):
		e.logf("warning: post-mortem: %s is written again, so %s beside it is out of date, but it could not be removed: %v; delete it", pm, cp, err)
	}
}
