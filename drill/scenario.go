package drill

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/keepcool/keepcool/internal/boundedfile"
)

// Limits on a scenario file: a scenario is a page, not a log.
const (
	MaxFileSize = 64 << 10 // bytes of one scenario file
	MaxEvents   = 50       // scripted events in one scenario
	MaxText     = 4096     // characters of any text
	MaxTitle    = 200      // characters of the title
	MaxName     = 64       // characters of a scenario's name
	MaxAt       = 24 * time.Hour
	maxFiles    = 200 // scenario files List reads
)

// Scripted event kinds.
const (
	// KindChannelFails: the channel's sends fail for For (the engineer
	// practises a dead channel). Only drill messages are affected.
	KindChannelFails = "channel_fails"
	// KindMessage: a desktop notification to the engineer (pressure).
	KindMessage = "message"
)

// Scenario is one drill scenario as its file says.
type Scenario struct {
	Name     string // the file's name without .toml or .md
	File     string // the file's path
	Title    string
	Severity int    // 1..4; 0: not said
	Estimate string // "30m-90m"; "" not said
	Impact   string
	Known    string
	Unknown  string
	Plan     string
	Brief    string // a Markdown scenario's text below its front matter
	Events   []Event
}

// Event is one scripted event: At after the declaration.
type Event struct {
	At      time.Duration
	Kind    string
	Channel string        // channel_fails
	For     time.Duration // channel_fails
	Text    string        // message
	Line    int           // of its [[event]] header
	// ChannelLine is the line of its channel key (Line when not written).
	ChannelLine int
}

// Describe says what the event does, for the journal and the timeline.
func (ev Event) Describe() string {
	if ev.Kind == KindChannelFails {
		return fmt.Sprintf("channel %s fails for %s (scripted)", ev.Channel, ev.For)
	}
	return ev.Text
}

type rawScenario struct {
	Title    string
	Severity int
	Estimate string
	Impact   string
	Known    string
	Unknown  string
	Plan     string
	Event    []rawEvent
}

type rawEvent struct {
	At      string
	Kind    string
	Channel string
	For     string
	Text    string
}

// fileError is one problem in a scenario file: "NAME:LINE: what".
type fileError struct {
	file string
	line int
	msg  string
}

func (e fileError) Error() string { return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg) }

// ValidName reports whether name can name a scenario: a-z, 0-9, - and _.
func ValidName(name string) bool {
	return name != "" && len(name) <= MaxName && strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == ""
}

// Parse reads a scenario file's contents. file is its name as messages
// show it ("db-failover.toml"); a ".md" file is Markdown with TOML front
// matter between +++ lines. Errors name file:line.
func Parse(file string, src []byte) (Scenario, error) {
	if len(src) > MaxFileSize {
		return Scenario{}, tooBig(file)
	}
	if !utf8.Valid(src) {
		return Scenario{}, fileError{file, 1, "the file is not UTF-8 text; save it as UTF-8"}
	}
	front, brief, offset := src, "", 0
	if strings.EqualFold(filepath.Ext(file), ".md") {
		var err error
		if front, brief, offset, err = splitFrontMatter(src); err != nil {
			return Scenario{}, fileError{file, 1, err.Error()}
		}
	}
	var raw rawScenario
	md, err := toml.Decode(string(front), &raw)
	if err != nil {
		return Scenario{}, syntaxError(file, front, offset, err)
	}
	lines := newLines(front, offset)
	var errs []error
	fail := func(line int, format string, args ...any) {
		errs = append(errs, fileError{file, line, fmt.Sprintf(format, args...)})
	}
	for _, k := range md.Undecoded() {
		fail(lines.key(k), "unknown key %q; a scenario takes title, severity, estimate, impact, known, unknown, plan and [[event]] tables (at, kind, channel, for, text)", k.String())
	}
	sc := Scenario{
		Name: strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)), File: file,
		Title: strings.TrimSpace(raw.Title), Severity: raw.Severity, Estimate: strings.TrimSpace(raw.Estimate),
		Impact: raw.Impact, Known: raw.Known, Unknown: raw.Unknown, Plan: raw.Plan, Brief: brief,
	}
	if sc.Known == "" {
		sc.Known = brief
	}
	checkFields(sc, lines, fail)
	if len(raw.Event) > MaxEvents {
		fail(lines.event(MaxEvents), "%d events; a scenario may script at most %d", len(raw.Event), MaxEvents)
		raw.Event = raw.Event[:MaxEvents]
	}
	for i, re := range raw.Event {
		if ev, ok := readEvent(re, func(key string) int { return lines.eventKey(i, key) }, fail); ok {
			sc.Events = append(sc.Events, ev)
		}
	}
	slices.SortStableFunc(sc.Events, func(a, b Event) int { return cmp.Compare(a.At, b.At) })
	if err := errors.Join(errs...); err != nil {
		return Scenario{}, err
	}
	return sc, nil
}

func checkFields(sc Scenario, lines lineIndex, fail func(int, string, ...any)) {
	if sc.Severity != 0 && (sc.Severity < 1 || sc.Severity > 4) {
		fail(lines.key(toml.Key{"severity"}), "severity = %d: use 1 (worst) to 4", sc.Severity)
	}
	if n := utf8.RuneCountInString(sc.Title); n > MaxTitle {
		fail(lines.key(toml.Key{"title"}), "title is %d characters long; it may be at most %d", n, MaxTitle)
	}
	for key, s := range map[string]string{"impact": sc.Impact, "known": sc.Known, "unknown": sc.Unknown, "plan": sc.Plan, "estimate": sc.Estimate} {
		if n := utf8.RuneCountInString(s); n > MaxText {
			fail(lines.key(toml.Key{key}), "%s is %d characters long; it may be at most %d", key, n, MaxText)
		}
	}
}

// readEvent checks one [[event]] table; line gives the line of one of its
// keys (its header's when the key is not written).
func readEvent(re rawEvent, line func(key string) int, fail func(int, string, ...any)) (Event, bool) {
	ev := Event{Kind: strings.TrimSpace(re.Kind), Channel: strings.TrimSpace(re.Channel), Text: strings.TrimSpace(re.Text), Line: line(""), ChannelLine: line("channel")}
	ok := true
	bad := func(key, format string, args ...any) { fail(line(key), "event: "+format, args...); ok = false }
	at, err := time.ParseDuration(strings.TrimSpace(re.At))
	switch {
	case re.At == "":
		bad("", `at is required: when it happens after the declaration, e.g. at = "5m"`)
	case err != nil || at < 0 || at > MaxAt:
		bad("at", `at = %q is not a time after the declaration; write e.g. at = "5m" (at most %s)`, re.At, MaxAt)
	}
	ev.At = at
	switch ev.Kind {
	case KindChannelFails:
		d, err := time.ParseDuration(strings.TrimSpace(re.For))
		switch {
		case ev.Channel == "":
			bad("channel", `channel_fails needs the channel that fails, e.g. channel = "ops"`)
		case err != nil || d <= 0 || d > MaxAt:
			bad("for", `channel_fails needs how long it fails, e.g. for = "10m" (found %q)`, re.For)
		}
		ev.For = d
	case KindMessage:
		if ev.Text == "" {
			bad("text", `message needs its text, e.g. text = "Your VP asks: is it fixed yet?"`)
		} else if n := utf8.RuneCountInString(ev.Text); n > MaxText {
			bad("text", "text is %d characters long; it may be at most %d", n, MaxText)
		}
	default:
		bad("kind", `kind = %q is not a scripted event; use "channel_fails" or "message"`, re.Kind)
	}
	return ev, ok
}

// CheckChannels checks that each channel_fails event names a channel that
// gets drills: drill maps each configured channel's name to whether it
// does (drill = true). A fault on any other channel would do nothing, and
// the drill would practise nothing. Errors name FILE:LINE.
func (sc Scenario) CheckChannels(drill map[string]bool) error {
	var errs []error
	var names []string
	for name, ok := range drill {
		if ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	choose := "no channel gets drills yet: set drill = true on one in config.toml"
	if len(names) > 0 {
		choose = "name a drill channel (" + strings.Join(names, ", ") + ")"
	}
	for _, ev := range sc.Events {
		if ev.Kind != KindChannelFails || drill[ev.Channel] {
			continue
		}
		msg := fmt.Sprintf("event: channel %s does not get drills: set drill = true on it, or %s", ev.Channel, choose)
		if _, ok := drill[ev.Channel]; !ok {
			msg = fmt.Sprintf("event: there is no channel %s: %s", ev.Channel, choose)
		}
		errs = append(errs, fileError{filepath.Base(sc.File), ev.ChannelLine, msg})
	}
	return errors.Join(errs...)
}

// splitFrontMatter splits a Markdown scenario into its TOML front matter
// (between a first line of +++ and the next) and the text below it;
// offset is how many lines precede the front matter.
func splitFrontMatter(src []byte) (front []byte, body string, offset int, err error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	lines := strings.SplitAfter(string(src), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "+++" {
		return nil, "", 0, errors.New("a Markdown scenario starts with a line of +++, then its settings in TOML (title = \"…\"), then another +++ line")
	}
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "+++" {
			return []byte(strings.Join(lines[1:i], "")), strings.TrimSpace(strings.Join(lines[i+1:], "")), 1, nil
		}
	}
	return nil, "", 0, errors.New("the front matter is not closed: add a line of +++ after the settings")
}

// syntaxError turns a TOML parse error into a file:line message.
func syntaxError(file string, src []byte, offset int, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return fileError{file, 1 + offset, fmt.Sprintf("%v; fix the TOML syntax", err)}
	}
	line := max(pe.Position.Line, 1)
	if start := pe.Position.Start; start >= 0 && start <= len(src) {
		line = 1 + bytes.Count(src[:start], []byte("\n"))
	}
	return fileError{file, line + offset, fmt.Sprintf("TOML syntax: %s; fix this line (see https://toml.io)", pe.Message)}
}

// Load reads scenario name from dir: NAME.toml, else NAME.md.
func Load(dir, name string) (Scenario, error) {
	if !ValidName(name) {
		return Scenario{}, fmt.Errorf("scenario %q: a scenario's name is its file's name without .toml or .md (a-z, 0-9, - and _)", name)
	}
	for _, ext := range []string{".toml", ".md"} {
		path := filepath.Join(dir, name+ext)
		src, err := read(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		var fe fileError
		if errors.As(err, &fe) {
			return Scenario{}, err // it names the file already
		}
		if err != nil {
			return Scenario{}, fmt.Errorf("scenario %s: %w", name, err)
		}
		sc, err := Parse(filepath.Base(path), src)
		sc.File = path
		return sc, err
	}
	there := "it holds none yet"
	if names := Names(dir); len(names) > 0 {
		there = "it holds " + strings.Join(names, ", ")
	}
	return Scenario{}, notFound(fmt.Sprintf("no scenario %q in %s; %s (write %s.toml or %s.md there; keepcool drills lists them)", name, dir, there, name, name))
}

// Names lists the scenarios' names in dir, sorted, without reading them.
func Names(dir string) []string {
	entries, _ := os.ReadDir(dir) // a folder that does not read holds none
	out := names(entries, maxFiles)
	slices.Sort(out)
	return out
}

// names are the scenarios' names among a folder's entries (a .toml or
// .md file with a valid name), each once, in the entries' order, at most
// limit of them.
func names(entries []os.DirEntry, limit int) []string {
	var out []string
	for _, e := range entries {
		if len(out) >= limit {
			break
		}
		ext := filepath.Ext(e.Name())
		name := strings.TrimSuffix(e.Name(), ext)
		if !e.IsDir() && (ext == ".toml" || ext == ".md") && ValidName(name) && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// notFound is a missing scenario: errors.Is(err, fs.ErrNotExist) holds.
type notFound string

func (e notFound) Error() string        { return string(e) }
func (e notFound) Is(target error) bool { return target == fs.ErrNotExist }

// Exists reports whether dir holds scenario name.
func Exists(dir, name string) bool {
	for _, ext := range []string{".toml", ".md"} {
		if fi, err := os.Stat(filepath.Join(dir, name+ext)); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// List reads every scenario in dir, by name; a missing dir holds none.
// A file that does not parse is left out and its error returned beside.
func List(dir string) ([]Scenario, []error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, []error{fmt.Errorf("drills folder: %w", err)}
	}
	var out []Scenario
	var errs []error
	for i, name := range names(entries, maxFiles+1) { // one past the cap tells there are more
		if i == maxFiles {
			errs = append(errs, fmt.Errorf("drills folder %s holds more than %d scenarios; the rest are left out", dir, maxFiles))
			break
		}
		sc, err := Load(dir, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, sc)
	}
	return out, errs
}

// read reads a scenario file: a regular file (a link to one is followed)
// of at most MaxFileSize bytes. A FIFO is refused without waiting on it.
func read(path string) ([]byte, error) {
	src, err := boundedfile.Read(path, MaxFileSize)
	switch {
	case errors.Is(err, boundedfile.ErrNotRegular):
		return nil, fmt.Errorf("%s is not a regular file; a scenario is a .toml or .md file", path)
	case errors.Is(err, boundedfile.ErrTooLarge):
		return nil, tooBig(filepath.Base(path))
	}
	return src, err
}

func tooBig(file string) error {
	return fileError{file, 1, fmt.Sprintf("the file is over %d KiB; a scenario is a page: keep the settings and a short briefing", MaxFileSize>>10)}
}
