package incident

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident/journaltest"
	"github.com/keepcool/keepcool/timefmt"
)

func noteTexts(events []Event) string {
	st, _ := Project(events)
	var texts []string
	for _, n := range st.Notes {
		texts = append(texts, n.Text)
	}
	return strings.Join(texts, ",")
}

// A flipped bit inside a note's text still leaves valid JSON: only the
// checksum tells that the note is not what was written.
func TestChecksumCatchesFlippedByte(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inc.jsonl")
	writeIncident(t, path, "one", "two", "three")
	journaltest.Flip(t, path, 3, `"two"`, `"twp"`)
	events, warnings, err := ReadJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := noteTexts(events); got != "one,three" {
		t.Fatalf("notes = %q, want the damaged one skipped", got)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], ":3: damaged") {
		t.Fatalf("warnings = %q", warnings)
	}
}

// The damage is described as the engineer reads it: which line, what kind
// of event, when.
func TestDamageSentence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inc.jsonl")
	writeIncident(t, path, "one", "two")
	journaltest.Flip(t, path, 3, `"two"`, `"tw\u0000"`)
	c, err := LoadJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	r, errs := Restore("inc", c, timefmt.In(time.UTC))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := "line 3 of the journal is damaged and was skipped: a note at 09:02 UTC may be missing"
	if len(r.State.Damage) != 1 || r.State.Damage[0] != want {
		t.Fatalf("damage = %q, want %q", r.State.Damage, want)
	}
	if r.Declared != nil || r.State.Title != "db down" || len(r.State.Notes) != 1 {
		t.Fatalf("restored %+v", r.State)
	}
}

// A journal written before checksums reads as it always did, and takes
// checksummed lines after its own.
func TestJournalWithoutChecksums(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inc.jsonl")
	var old bytes.Buffer
	for i, e := range []Event{
		mustEvent(t, t0, KindDeclared, Declared{ID: "inc", Title: "db down", Severity: 2}),
		mustEvent(t, t0, KindNote, NoteAdded{Kind: NoteProgress, Text: "one"}),
	} {
		e.Seq = i + 1
		b, _ := json.Marshal(e)
		old.Write(append(b, '\n'))
	}
	os.WriteFile(path, old.Bytes(), 0o600)
	j, events, warnings, err := OpenJournal(path)
	if err != nil || len(warnings) > 0 || len(events) != 2 {
		t.Fatalf("old journal: %d events, %q, %v", len(events), warnings, err)
	}
	if _, err := j.Append(mustEvent(t, t0, KindNote, NoteAdded{Kind: NoteProgress, Text: "two"})); err != nil {
		t.Fatal(err)
	}
	j.Close()
	events, warnings, err = ReadJournal(path)
	if err != nil || len(warnings) > 0 || noteTexts(events) != "one,two" {
		t.Fatalf("after an append: %q %q %v", noteTexts(events), warnings, err)
	}
}

// queuedLine is a message_queued event as package updates writes it.
func queuedLine(t *testing.T, kind, title string) Event {
	t.Helper()
	return mustEvent(t, t0, "message_queued", map[string]any{
		"message": map[string]any{
			"id": "inc/1", "kind": kind, "title": title, "severity": 1, "declared_at": t0,
			"impact": "EU cannot pay", "estimate": map[string]any{"min_at": t0.Add(time.Hour), "max_at": t0.Add(2 * time.Hour)},
		},
		"channels": []string{"ops"},
	})
}

// One bad byte in the declaration must not hide the incident: it is the
// journal's name, titled as its first message to stakeholders said.
func TestLostDeclarationRecovered(t *testing.T) {
	for _, tt := range []struct {
		name    string
		queued  bool
		title   string
		declSeq int
	}{
		{"from its message", true, "db down", 1},
		{"no message", false, "(title lost: journal line 1 damaged)", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "inc.jsonl")
			j, err := CreateJournal(path)
			if err != nil {
				t.Fatal(err)
			}
			events := []Event{mustEvent(t, t0, KindDeclared, Declared{ID: "inc", Title: "db down", Severity: 1})}
			if tt.queued {
				events = append(events, queuedLine(t, "declared", "db down"))
			}
			events = append(events, mustEvent(t, t0.Add(time.Minute), KindNote, NoteAdded{Kind: NoteProgress, Text: "one"}))
			for _, e := range events {
				if _, err := j.Append(e); err != nil {
					t.Fatal(err)
				}
			}
			j.Close()
			journaltest.Flip(t, path, 1, `"seq":1`, `"seq":\u0001`)

			c, err := LoadJournal(path)
			if err != nil || c.Empty() {
				t.Fatalf("load: %v, empty %v", err, c.Empty())
			}
			r, _ := Restore("inc", c, timefmt.In(time.UTC))
			st := r.State
			if st.ID != "inc" || st.Title != tt.title || !st.Active() || st.Status != Investigating || noteTexts(st.Events) != "one" {
				t.Fatalf("restored: id %q title %q active %v notes %q", st.ID, st.Title, st.Active(), noteTexts(st.Events))
			}
			if r.Declared == nil || r.Declared.Seq != tt.declSeq || !st.DeclaredAt.Equal(t0) {
				t.Fatalf("stand-in declaration %+v, declared at %s", r.Declared, st.DeclaredAt)
			}
			if tt.queued && (st.Severity != 1 || st.Impact != "EU cannot pay" || st.Estimate.MaxAt.IsZero()) {
				t.Fatalf("not taken from the message: %+v", st)
			}
			if len(st.Damage) != 2 || !strings.HasPrefix(st.Damage[0], "line 1 of the journal is damaged") {
				t.Fatalf("damage = %q", st.Damage)
			}
		})
	}
}

// Only a journal with nothing in it is empty: one whose every line is
// damaged still holds an incident.
func TestEmptyOnlyWhenNothingAtAll(t *testing.T) {
	for _, tt := range []struct {
		content string
		empty   bool
	}{
		{"", true},
		{"\n\n", true},
		{`{"seq":1,"at":"2026-11-24T09:0`, true}, // torn while declaring
		{"garbage\n", false},
	} {
		path := filepath.Join(t.TempDir(), "inc.jsonl")
		os.WriteFile(path, []byte(tt.content), 0o600)
		c, err := LoadJournal(path)
		if err != nil || c.Empty() != tt.empty {
			t.Errorf("%q: empty %v, want %v (%v)", tt.content, c.Empty(), tt.empty, err)
		}
	}
}

// The fast reading of a line the journal wrote gives what encoding/json
// gives, whatever the data and key hold.
func TestParseWrittenMatchesJSON(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	for _, e := range []Event{
		{Seq: 1, At: t0, Kind: KindNote, Data: json.RawMessage(`{"kind":"note","text":"a \"quoted\" \\ note"}`)},
		{Seq: 2, At: t0.In(berlin).Add(123456789), Kind: KindSnoozed, Data: json.RawMessage(`{"until":"2026-11-24T10:00:00+01:00"}`), Key: "k-1"},
		{Seq: 3, At: t0, Kind: KindNote, Data: json.RawMessage(`{"kind":"note","key":"inner"}`), Key: `odd \" key\\`},
		{Seq: 4, At: t0, Kind: "message_queued", Data: json.RawMessage(`"just a string"`)},
		{Seq: 5, At: t0, Kind: KindPrompted},
		{Seq: 6, At: t0, Kind: KindPrompted, Key: "only a key"},
		{Seq: 7, At: t0, Kind: KindNote, Data: json.RawMessage(`null`), Key: `"`},
		{Seq: 8, At: t0, Kind: KindNote, Data: json.RawMessage(`{"a":["}",{"b":"]\\"}],"c":12.5}`)},
		{Seq: 9, At: t0, Kind: KindNote, Data: json.RawMessage(`17`), Key: "k"},
	} {
		line, err := encodeLine(e)
		if err != nil {
			t.Fatal(err)
		}
		line = line[:len(line)-1]
		var want, got Event
		if err := json.Unmarshal(line, &want); err != nil {
			t.Fatal(err)
		}
		if !parseWritten(line[:len(line)-crcSuffix], &got) {
			t.Fatalf("seq %d: fast path refused %s", e.Seq, line)
		}
		if got.Seq != want.Seq || !got.At.Equal(want.At) || got.At.String() != want.At.String() ||
			got.Kind != want.Kind || string(got.Data) != string(want.Data) || got.Key != want.Key {
			t.Fatalf("seq %d:\n got %+v\nwant %+v", e.Seq, got, want)
		}
		if decodeLine(line, &got) != lineOK {
			t.Fatalf("seq %d: not read back", e.Seq)
		}
	}
	// A member a later keepcool adds is left to encoding/json, not
	// mistaken for part of the data.
	for _, body := range []string{
		`{"seq":1,"at":"2026-11-24T09:00:00Z","kind":"note","data":{"a":1},"new":{"b":2}`,
		`{"seq":1,"at":"2026-11-24T09:00:00Z","kind":"note","data":{"a":1},"key":"k","new":1`,
		`{"seq":1,"at":"2026-11-24T09:00:00Z","kind":"note","data":{"a":"unterminated`,
	} {
		var e Event
		if parseWritten([]byte(body), &e) {
			t.Errorf("fast path took %s as %+v", body, e)
		}
	}
}

// FuzzParseWritten: whatever an event holds, the fast reading of its line
// either agrees with encoding/json or leaves the line to it.
func FuzzParseWritten(f *testing.F) {
	f.Add(3, "note", []byte(`{"kind":"note","text":"a \"b\" \\"}`), "")
	f.Add(4, "x", []byte(`"}"`), `k"\`)
	f.Fuzz(func(t *testing.T, seq int, kind string, data []byte, key string) {
		if !json.Valid(data) || seq < 0 {
			return
		}
		line, err := encodeLine(Event{Seq: seq, At: t0, Kind: kind, Data: data, Key: key})
		if err != nil {
			return
		}
		line = line[:len(line)-1]
		var want, got Event
		if json.Unmarshal(line, &want) != nil || !parseWritten(line[:len(line)-crcSuffix], &got) {
			return
		}
		if got.Seq != want.Seq || !got.At.Equal(want.At) || got.Kind != want.Kind || string(got.Data) != string(want.Data) || got.Key != want.Key {
			t.Fatalf("%s:\n got %+v\nwant %+v", line, got, want)
		}
	})
}
