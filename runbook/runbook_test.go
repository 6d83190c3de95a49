package runbook

import (
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

const dbFailover = "# Database failover\r\n" +
	"\r\n" +
	"When the primary is gone.\r\n" +
	"\r\n" +
	"- [ ] Page the DBA on call\r\n" +
	"- [x] Fail over to the replica\r\n" +
	"  * [ ] Check replication lag first\r\n" +
	"1. [ ] Point the app at the new primary\r\n" +
	"- not a box\r\n" +
	"- [] not a box either\r\n" +
	"- [ ]\r\n" +
	"```sh\r\n" +
	"- [ ] inside a code block\r\n" +
	"```\r\n" +
	"\r\n" +
	"## Back-out plan\r\n" +
	"\r\n" +
	"- [ ] Fail back once the old primary is healthy\r\n" +
	"    pg_ctl promote\r\n" +
	"\r\n" +
	"## Afterwards\r\n" +
	"- [ ] Tell the DBA team\r\n"

func TestParse(t *testing.T) {
	rb, err := Parse("db-failover", []byte("\ufeff"+dbFailover))
	if err != nil {
		t.Fatal(err)
	}
	if rb.Title != "Database failover" || rb.Name != "db-failover" {
		t.Errorf("title %q, name %q", rb.Title, rb.Name)
	}
	want := []string{"Page the DBA on call", "Fail over to the replica", "Check replication lag first", "Point the app at the new primary", "Tell the DBA team"}
	if !slices.Equal(rb.Items, want) {
		t.Errorf("items\n%q, want\n%q", rb.Items, want)
	}
	if wantB := "- [ ] Fail back once the old primary is healthy\n    pg_ctl promote"; rb.BackOut != wantB {
		t.Errorf("back-out %q, want %q", rb.BackOut, wantB)
	}
}

func TestParseHeadings(t *testing.T) {
	for _, tc := range []struct {
		name, src, title, backOut string
	}{
		{"no heading: the name", "- [ ] a", "quick", ""},
		{"closing hashes", "# Cache stampede ##\n", "Cache stampede", ""},
		{"a heading needs a space", "#hashtag\n# Real\n", "Real", ""},
		{"second h1 is text", "# One\n# Two\n", "One", ""},
		{"backout spellings", "# T\n### not this level\n## ROLLBACK plan\nundo it\n", "T", "undo it"},
		{"back out ends at the next h2", "## Back out\nundo\n## Next\n- [ ] x\n", "quick", "undo"},
		{"h3 stays inside", "## Back-out plan\nundo\n### Step\nmore\n", "quick", "undo\n### Step\nmore"},
		{"heading in a fence is text", "```\n# Not a title\n```\n", "quick", ""},
		{"fence with info closes only bare", "## Back-out plan\n```sh\n```go\n## still code\n```\n", "quick", "```sh\n```go\n## still code\n```"},
		{"blank plan", "## Back-out plan\n\n   \n", "quick", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rb, err := Parse("quick", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if rb.Title != tc.title || rb.BackOut != tc.backOut {
				t.Errorf("title %q back-out %q; want %q %q", rb.Title, rb.BackOut, tc.title, tc.backOut)
			}
		})
	}
}

func TestParseHostile(t *testing.T) {
	t.Run("escapes and control characters are dropped", func(t *testing.T) {
		rb, _ := Parse("x", []byte("# \x1b[31mRed\x1b[0m\n- [ ] \x1b]0;title\x07Restart\x00 the\tworker\u202e\n## Back-out plan\n\x1b[2Jundo\n"))
		if rb.Title != "Red" || len(rb.Items) != 1 || rb.Items[0] != "Restart the worker" || rb.BackOut != "undo" {
			t.Errorf("%q %q %q", rb.Title, rb.Items, rb.BackOut)
		}
	})
	t.Run("invalid UTF-8 becomes U+FFFD", func(t *testing.T) {
		rb, _ := Parse("x", []byte("- [ ] caf\xe9\n"))
		if len(rb.Items) != 1 || !utf8.ValidString(rb.Items[0]) {
			t.Errorf("%q", rb.Items)
		}
	})
	t.Run("UTF-16 with a byte-order mark is read", func(t *testing.T) {
		text := "# Fail over\n- [ ] Promote the replica\n"
		for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
			src := order.AppendUint16(nil, 0xFEFF)
			for _, u := range utf16.Encode([]rune(text)) {
				src = order.AppendUint16(src, u)
			}
			rb, err := Parse("x", src)
			if err != nil || rb.Title != "Fail over" || len(rb.Items) != 1 || rb.Items[0] != "Promote the replica" {
				t.Errorf("%v: %v %q %q", order, err, rb.Title, rb.Items)
			}
		}
	})
	t.Run("a binary file is refused, saying so", func(t *testing.T) {
		src := []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0, 0, 1, 0}
		if _, err := Parse("logo", src); err == nil || err.Error() != `runbook "logo" is not a text file: save logo.md as UTF-8 Markdown` {
			t.Errorf("%v", err)
		}
		noBOM := []byte("-\x00 \x00[\x00 \x00]\x00 \x00x\x00\n\x00") // UTF-16LE without its mark
		if _, err := Parse("x", noBOM); err == nil {
			t.Error("UTF-16 without a byte-order mark read as a runbook")
		}
	})
	t.Run("a long item is clipped", func(t *testing.T) {
		rb, _ := Parse("x", []byte("- [ ] "+strings.Repeat("é", 5000)+"\n"))
		if n := utf8.RuneCountInString(rb.Items[0]); n != MaxItemText || !strings.HasSuffix(rb.Items[0], "…") {
			t.Errorf("%d characters", n)
		}
	})
	t.Run("a file that is one line", func(t *testing.T) {
		rb, err := Parse("x", []byte("- [ ] "+strings.Repeat("a", MaxFileSize-10)))
		if err != nil || len(rb.Items) != 1 {
			t.Fatalf("%v, %d items", err, len(rb.Items))
		}
	})
	t.Run("a long back-out plan is cut with a pointer", func(t *testing.T) {
		rb, _ := Parse("big", []byte("## Back-out plan\n"+strings.Repeat("undo step\n", 5000)))
		if n := utf8.RuneCountInString(rb.BackOut); n > MaxBackOut+100 || !strings.HasSuffix(rb.BackOut, "read the rest in big.md)") {
			t.Errorf("%d characters, ends %q", n, rb.BackOut[len(rb.BackOut)-40:])
		}
	})
	t.Run("at most MaxItems items", func(t *testing.T) {
		if _, err := Parse("x", []byte(strings.Repeat("- [ ] step\n", MaxItems))); err != nil {
			t.Fatal(err)
		}
		_, err := Parse("many", []byte(strings.Repeat("- [ ] step\n", MaxItems+1)))
		var tm *TooManyItemsError
		if !errors.As(err, &tm) || !strings.Contains(err.Error(), `runbook "many" has more than 200 checklist items`) {
			t.Errorf("%v", err)
		}
	})
	t.Run("an unclosed fence hides the rest", func(t *testing.T) {
		rb, _ := Parse("x", []byte("- [ ] one\n~~~\n- [ ] two\n"))
		if !slices.Equal(rb.Items, []string{"one"}) {
			t.Errorf("%q", rb.Items)
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(dbFailover))
	f.Add([]byte("## Back-out plan\n```\n- [ ] x"))
	f.Fuzz(func(t *testing.T, src []byte) {
		rb, err := Parse("fuzz", src)
		if err != nil {
			return
		}
		if len(rb.Items) > MaxItems || utf8.RuneCountInString(rb.Title) > MaxTitle || !utf8.ValidString(rb.BackOut) {
			t.Fatalf("out of bounds: %d items, title %q", len(rb.Items), rb.Title)
		}
		for _, it := range rb.Items {
			if it == "" || utf8.RuneCountInString(it) > MaxItemText || !utf8.ValidString(it) || strings.ContainsAny(it, "\n\r\x1b") {
				t.Fatalf("item %q", it)
			}
		}
	})
}
