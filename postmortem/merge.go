package postmortem

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// The engine rewrites ID.md as receipts come in after resolve, and the
// engineer edits the same file: its sections for people (peopleSections)
// are theirs to write. Written records what keepcool wrote, so a rewrite
// can tell the engineer's edit from its own text: an unedited file is
// replaced, an edit confined to the people sections is carried into the
// fresh render (Merge), and any other edit is left alone (Unmergeable).

// peopleSections are the headings of the sections people write, in the
// order Markdown renders them.
var peopleSections = []string{"What happened", "Root cause", "What went well", "What didn't", "Follow-ups"}

// Written is what keepcool wrote to a post-mortem file: a digest of each
// part that is keepcool's own (the text before the first "## " heading,
// then each section but those for people). Digests, not text: the file
// itself is the copy.
type Written struct {
	Parts []PartSum `json:"parts"`
}

// PartSum is one part of a written post-mortem: its heading ("" for the
// text above the first section) and its digest.
type PartSum struct {
	Heading string `json:"heading"`
	Sum     string `json:"sum"`
}

// Record is what Merge needs to know later of md, written now: fresh
// merged with the engineer's edit (Merge), or fresh itself. Only fresh's
// headings split it: one the engineer wrote stays in its section.
func Record(md, fresh string) Written {
	var w Written
	known := slices.Clone(peopleSections)
	for _, p := range splitParts(fresh, nil) {
		known = append(known, p.heading)
	}
	for _, p := range splitParts(md, known) {
		if !isPeople(p.heading) {
			w.Parts = append(w.Parts, PartSum{Heading: p.heading, Sum: digest(p.text)})
		}
	}
	return w
}

// Unmergeable says why an edited post-mortem cannot take a fresh render
// without losing the engineer's words.
type Unmergeable struct{ Reason string }

func (u *Unmergeable) Error() string { return "the edit cannot be merged: " + u.Reason }

// Merge is fresh (keepcool's render now) with the engineer's words of
// onDisk (the file as it is) in it. written lists what keepcool may have
// last written to the file (more than one: a crash may fall between
// recording a write and making it); with none, fresh stands in for it.
// The people sections are taken from onDisk as they are (keepcool's own
// text there does not change after resolve), everything else from fresh,
// when everything else in onDisk is as one of written has it. Otherwise,
// or when a people section was renamed, removed or repeated, it returns
// an *Unmergeable error: anything edited there would be lost.
func Merge(onDisk, fresh string, written []Written) (string, error) {
	recorded := len(written) > 0
	if !recorded {
		written = []Written{Record(fresh, fresh)}
	}
	var why *Unmergeable
	for i := len(written) - 1; i >= 0; i-- { // the latest first: the one most likely on disk
		merged, err := mergeWith(onDisk, fresh, written[i])
		if err == nil {
			return merged, nil
		}
		if why == nil {
			why = err
		}
	}
	if !recorded {
		why.Reason = "there is no record of keepcool writing it, and " + why.Reason
	}
	return "", why
}

// mergeWith is Merge against one write w.
func mergeWith(onDisk, fresh string, w Written) (string, *Unmergeable) {
	// Only the headings keepcool wrote split the file: a "## " of the
	// engineer's own stays inside the section they wrote it in.
	known := slices.Clone(peopleSections)
	for _, p := range w.Parts {
		known = append(known, p.Heading)
	}
	edited := map[string]string{}
	var order []string
	for _, p := range splitParts(onDisk, known) {
		if _, twice := edited[p.heading]; twice {
			return "", &Unmergeable{fmt.Sprintf("the heading “## %s” is there twice", p.heading)}
		}
		edited[p.heading] = p.text
		order = append(order, p.heading)
	}
	wrote := map[string]string{}
	for _, p := range w.Parts {
		wrote[p.Heading] = p.Sum
	}
	for _, h := range peopleSections {
		if _, ok := edited[h]; !ok {
			return "", &Unmergeable{fmt.Sprintf("the section “## %s” was renamed or removed", h)}
		}
	}
	for _, h := range order {
		if isPeople(h) {
			continue
		}
		if sum, ok := wrote[h]; !ok || sum != digest(edited[h]) {
			return "", &Unmergeable{fmt.Sprintf("%s differs from what keepcool wrote, and only the sections for people are carried into a rewrite", partName(h))}
		}
	}
	for _, p := range w.Parts {
		if _, ok := edited[p.Heading]; !ok {
			return "", &Unmergeable{fmt.Sprintf("%s was removed", partName(p.Heading))}
		}
	}
	parts := splitParts(fresh, nil)
	var b strings.Builder
	for i, p := range parts {
		text := p.text
		if mine, ok := edited[p.heading]; ok && isPeople(p.heading) {
			text = mine
			if i < len(parts)-1 && !strings.HasSuffix(text, "\n") {
				text += "\n" // the next heading starts its own line
			}
		}
		b.WriteString(text)
	}
	return b.String(), nil
}

func isPeople(heading string) bool { return slices.Contains(peopleSections, heading) }

func partName(heading string) string {
	if heading == "" {
		return "the text above the first section"
	}
	return "the section “## " + heading + "”"
}

// part is a heading's section of a post-mortem, from its heading line to
// the next: the parts of a text put together again are the text.
type part struct {
	heading string // "" for the text above the first heading
	text    string
}

// splitParts cuts md at its "## " lines whose heading is one of known
// (any "## " line when known is nil: keepcool's own render has no other).
func splitParts(md string, known []string) []part {
	var parts []part
	start, heading := 0, ""
	for at := 0; at < len(md); {
		end := len(md)
		if i := strings.IndexByte(md[at:], '\n'); i >= 0 {
			end = at + i + 1
		}
		if h, ok := strings.CutPrefix(strings.TrimRight(md[at:end], "\r\n"), "## "); ok {
			if h = strings.TrimSpace(h); known == nil || slices.Contains(known, h) {
				if at > start || heading != "" {
					parts = append(parts, part{heading, md[start:at]})
				}
				start, heading = at, h
			}
		}
		at = end
	}
	return append(parts, part{heading, md[start:]})
}

// digest identifies a part's text up to what an editor changes on its
// own when saving (line endings, trailing blanks): such a save is no edit.
func digest(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	h := sha256.Sum256([]byte(strings.TrimRight(strings.Join(lines, "\n"), "\n")))
	return hex.EncodeToString(h[:])
}

// Filed makes r's sections for people and its follow-ups say what md says:
// md is the post-mortem as filed (fresh, r's render, with the engineer's
// edit of ID.md merged in: Merge), so that the JSON agrees with its
// Markdown. A section md has as fresh has it keeps Build's Text; one the
// engineer wrote in is Edited, its Text what the section says below
// keepcool's prompt, as Markdown. FollowUps are the Follow-ups lines in
// the template's form ("- Action: … — owner: … — due: …") once filled in;
// any other line there is in that section's Text only.
func (r *Report) Filed(md, fresh string) {
	if md == fresh {
		return
	}
	var known []string
	rendered := map[string]string{}
	for _, p := range splitParts(fresh, nil) {
		known = append(known, p.heading)
		rendered[p.heading] = p.text
	}
	for _, p := range splitParts(md, known) {
		i := slices.IndexFunc(r.Sections, func(s Section) bool { return s.Title == p.heading })
		if i < 0 || digest(p.text) == digest(rendered[p.heading]) {
			continue
		}
		s := &r.Sections[i]
		var follow []FollowUp
		s.Text, follow = sectionText(p.text, s.Prompt)
		s.Edited = true
		if s.Title == followUpsTitle {
			r.FollowUps = follow
		}
	}
}

const followUpsTitle = "Follow-ups"

// sectionText is a people section's text (from its heading line on) below
// keepcool's prompt, without the follow-up template's unfilled line, and
// the follow-ups written in the template's form.
func sectionText(section, prompt string) (string, []FollowUp) {
	lines := strings.Split(strings.ReplaceAll(section, "\r\n", "\n"), "\n")[1:] // the heading's line
	var kept []string
	follow := []FollowUp{}
	prompted, afterPrompt := false, false
	for _, l := range lines {
		if !prompted && strings.TrimSpace(l) == "> "+prompt { // wherever the engineer's words put it
			prompted, afterPrompt = true, true
			continue
		}
		if f, ok := followUp(l); ok {
			if f == (FollowUp{}) {
				continue // the template, unfilled
			}
			follow = append(follow, f)
		}
		blank := strings.TrimSpace(l) == ""
		if blank && (len(kept) == 0 || afterPrompt && strings.TrimSpace(kept[len(kept)-1]) == "") {
			continue // blank lines before the text, or the one the prompt's going doubles
		}
		afterPrompt = false
		kept = append(kept, l)
	}
	return strings.TrimRight(strings.Join(kept, "\n"), " \t\n"), follow
}

// followUp reads a line in the template's form, "- Action: A — owner: O —
// due: D" ("* " for "- " too); a field left "…" is empty.
func followUp(line string) (FollowUp, bool) {
	l := strings.TrimSpace(line)
	rest, ok := strings.CutPrefix(l, "- Action:")
	if !ok {
		if rest, ok = strings.CutPrefix(l, "* Action:"); !ok {
			return FollowUp{}, false
		}
	}
	action, rest, ok1 := strings.Cut(rest, " — owner:")
	owner, due, ok2 := strings.Cut(rest, " — due:")
	if !ok1 || !ok2 {
		return FollowUp{}, false
	}
	field := func(s string) string {
		if s = strings.TrimSpace(s); s == "…" {
			return ""
		}
		return s
	}
	return FollowUp{Action: field(action), Owner: field(owner), Due: field(due)}, true
}
