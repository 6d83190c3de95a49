package incident

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/timefmt"
)

var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func mustEvent(t testing.TB, at time.Time, kind string, data any) Event {
	t.Helper()
	e, err := NewEvent(at, kind, data)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func writeIncident(t *testing.T, path string, notes ...string) {
	t.Helper()
	j, err := CreateJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if _, err := j.Append(mustEvent(t, t0, KindDeclared, Declared{ID: "inc", Title: "db down", Severity: 2})); err != nil {
		t.Fatal(err)
	}
	for i, n := range notes {
		if _, err := j.Append(mustEvent(t, t0.Add(time.Duration(i+1)*time.Minute), KindNote, NoteAdded{Kind: NoteProgress, Text: n})); err != nil {
			t.Fatal(err)
		}
	}
}

func TestJournalRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inc.jsonl")
	writeIncident(t, path, "one", "two")
	j, events, warnings, err := OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 || len(events) != 3 {
		t.Fatalf("clean journal: %d events, warnings %v", len(events), warnings)
	}
	e, err := j.Append(mustEvent(t, t0.Add(time.Hour), KindNote, NoteAdded{Kind: NoteProgress, Text: "three"}))
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	if e.Seq != 4 {
		t.Fatalf("seq after reopen = %d, want 4", e.Seq)
	}
	events, _, err = ReadJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	st, errs := Project(events)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var texts []string
	for _, n := range st.Notes {
		texts = append(texts, n.Text)
	}
	if got := strings.Join(texts, ","); got != "one,two,three" {
		t.Fatalf("notes = %s", got)
	}
}

func TestCreateRefusesExisting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inc.jsonl")
	writeIncident(t, path)
	if _, err := CreateJournal(path); err == nil {
		t.Fatal("CreateJournal overwrote an existing journal")
	}
}

// A power cut mid-write leaves a partial last line: it is dropped with a
// warning, cut off the file, and the next append starts on a clean line.
func TestTornLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inc.jsonl")
	writeIncident(t, path, "one", "two")
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"seq":4,"at":"2026-11-24T09:0`)
	f.Close()

	j, events, warnings, err := OpenJournal(path)
	if err != nil {
		t.Fatalf("a torn line must not stop the journal from opening: %v", err)
	}
	if len(events) != 3 || len(warnings) != 1 || !strings.Contains(warnings[0], "torn") {
		t.Fatalf("events=%d warnings=%q", len(events), warnings)
	}
	if _, err := j.Append(mustEvent(t, t0.Add(time.Hour), KindNote, NoteAdded{Kind: NoteProgress, Text: "after"})); err != nil {
		t.Fatal(err)
	}
	j.Close()
	events, warnings, _ = ReadJournal(path)
	if len(events) != 4 || len(warnings) != 0 {
		t.Fatalf("after repair: events=%d warnings=%q", len(events), warnings)
	}
}

func TestCorruptLineSkipped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inc.jsonl")
	writeIncident(t, path, "one")
	b, _ := os.ReadFile(path)
	lines := bytes.SplitAfter(b, []byte("\n"))
	corrupted := append(append(append([]byte{}, lines[0]...), []byte("garbage\x00\xff\n")...), lines[1]...)
	os.WriteFile(path, corrupted, 0o600)
	events, warnings, err := ReadJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || len(warnings) != 1 || !strings.Contains(warnings[0], ":2:") {
		t.Fatalf("events=%d warnings=%q", len(events), warnings)
	}
}

func TestHostileNoteSurvives(t *testing.T) {
	big := strings.Repeat("x", 100<<10)
	hostile := "<script>alert(1)</script> <!channel> **bold** \x07\x1b[31m \xff\xfe " + big
	path := filepath.Join(t.TempDir(), "inc.jsonl")
	writeIncident(t, path, CleanText(hostile))
	events, warnings, err := ReadJournal(path)
	if err != nil || len(warnings) > 0 {
		t.Fatal(err, warnings)
	}
	st, _ := Project(events)
	got := st.Notes[0].Text
	if !strings.HasPrefix(got, "<script>alert(1)</script> <!channel> **bold** \uFFFD\uFFFD x") || len(got) < 100<<10 {
		t.Fatalf("note changed more than cleaning should: %.80q… (%d bytes)", got, len(got))
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  rolled back  ", "rolled back"},
		{"line one\nline two\r\n\tthree", "line one line two three"},
		{"bell\x07 esc\x1b del\x7f", "bell esc del"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"rtl \u202egnp.exe", "rtl gnp.exe"},
		{"\n\t ", ""},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.want {
			t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzReplay: no journal content, however mangled, makes replay fail or
// panic, and every event it returns has a kind and a rising sequence.
func FuzzReplay(f *testing.F) {
	dir := f.TempDir()
	seed := filepath.Join(dir, "seed.jsonl")
	j, _ := CreateJournal(seed)
	j.Append(mustEvent(f, t0, KindDeclared, Declared{ID: "a", Title: "t", Severity: 1}))
	j.Append(mustEvent(f, t0, KindNote, NoteAdded{Kind: NoteHolding, Text: "n"}))
	j.Close()
	b, _ := os.ReadFile(seed)
	f.Add(b)
	f.Add(b[:len(b)-7])
	f.Add([]byte("\n\n{}\n{\"seq\":1}\n"))
	f.Add([]byte(`{"seq":2,"kind":"note","data":{"kind":"holding"}}` + "\n" + `{"seq":1,"kind":"x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := replay(data, "fuzz")
		events, good := c.Events, c.size
		if good > int64(len(data)) || (good > 0 && data[good-1] != '\n') {
			t.Fatalf("good prefix %d does not end a line", good)
		}
		for i, e := range events {
			if e.Kind == "" || (i > 0 && e.Seq <= events[i-1].Seq) {
				t.Fatalf("event %d: %+v", i, e)
			}
		}
		Project(events) // must not panic
		Restore("fuzz", c, timefmt.Style{})
	})
}

func BenchmarkAppend(b *testing.B) {
	j, err := CreateJournal(filepath.Join(b.TempDir(), "inc.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	e := mustEvent(b, t0, KindNote, NoteAdded{Kind: NoteProgress, Text: "rolled back deploy 412, error rate falling"})
	for b.Loop() {
		if _, err := j.Append(e); err != nil {
			b.Fatal(err)
		}
	}
}

// diskFull writes only part of the line it is given once, as a full disk
// does, then works again.
type diskFull struct {
	*os.File
	failNext bool
}

func (d *diskFull) Write(b []byte) (int, error) {
	if d.failNext {
		d.failNext = false
		n, _ := d.File.Write(b[:len(b)/2])
		return n, errors.New("no space left on device")
	}
	return d.File.Write(b)
}

// A write cut short by a full disk must not glue the next event onto the
// torn half: the next note, once confirmed, must replay.
func TestFailedAppendDoesNotEatTheNextOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inc.jsonl")
	writeIncident(t, path, "one")
	j, _, _, err := OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	df := &diskFull{File: j.f.(*os.File), failNext: true}
	j.f = df
	if _, err := j.Append(mustEvent(t, t0, KindNote, NoteAdded{Kind: NoteProgress, Text: "lost"})); !errors.Is(err, ErrNotRecorded) {
		t.Fatalf("append on a full disk: %v", err)
	}
	if _, err := j.Append(mustEvent(t, t0, KindNote, NoteAdded{Kind: NoteProgress, Text: "two"})); err != nil {
		t.Fatal(err)
	}
	j.Close()
	events, warnings, err := ReadJournal(path)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("replay: %v %v", err, warnings)
	}
	st, _ := Project(events)
	if len(st.Notes) != 2 || st.Notes[1].Text != "two" || events[len(events)-1].Seq != 3 {
		t.Fatalf("notes after a failed append: %+v", st.Notes)
	}
}

// Members picks the members of data as json.Marshal writes it, and says
// when data is written otherwise, for the caller to decode the general way.
func TestMembers(t *testing.T) {
	for _, tt := range []struct {
		data string
		ok   bool
		want string
	}{
		{`{}`, true, ""},
		{`{"a":1,"b":"x,}\"y","c":{"d":[1,{"e":"]"}]},"f":[],"g":true,"h":null}`, true,
			`a=1 b="x,}\"y" c={"d":[1,{"e":"]"}]} f=[] g=true h=null `},
		{`{"a": 1}`, false, ""},
		{`{"a":1 ,"b":2}`, false, ""},
		{`{"a\"b":1}`, false, ""},
		{`{"a":1,}`, false, "a=1 "},
		{`[1]`, false, ""},
		{`{"a":"unterminated}`, false, ""},
	} {
		var got strings.Builder
		ok := Members([]byte(tt.data), func(name, value []byte) bool {
			fmt.Fprintf(&got, "%s=%s ", name, value)
			return true
		})
		if ok != tt.ok || got.String() != tt.want {
			t.Errorf("%s: %v %q, want %v %q", tt.data, ok, got.String(), tt.ok, tt.want)
		}
	}
}
