package incident

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"time"

	"github.com/keepcool/keepcool/timefmt"
)

// The journal's record format. One event per line, as JSON, ending in a
// newline. A line written by this keepcool ends with a checksum of itself:
//
//	{"seq":7,"at":"…","kind":"note","data":{…},"crc":"1c291ca3"}
//
// crc is the CRC-32C (Castagnoli) of the line as it reads without the
// `,"crc":"…"` member: the event exactly as json.Marshal encodes it. The
// member is always last and always 8 lowercase hex digits, so a reader
// verifies the bytes it has without encoding anything again. Lines are still
// plain JSON (an older keepcool ignores the member), and lines without it
// (journals from before checksums) are read as they always were.
//
// Telling a torn write from damage (as etcd's WAL does):
//   - a last line without its newline is a write cut short by a crash or a
//     power cut; it was never confirmed to anyone, so it is cut off;
//   - a complete line whose checksum does not match, or that is not an
//     event, is damage: it is skipped, and the reader says which line and,
//     when still legible, what kind of event it was and when.
const (
	crcPrefix = `,"crc":"`
	crcSuffix = len(crcPrefix) + 8 + len(`"}`) // replaces the line's closing brace
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// encodeLine is e as one journal line, checksum and newline included.
func encodeLine(e Event) ([]byte, error) {
	body, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	sum := crc32.Checksum(body, castagnoli)
	line := make([]byte, 0, len(body)+crcSuffix)
	line = append(line, body[:len(body)-1]...)
	line = append(line, crcPrefix...)
	line = hex.AppendEncode(line, []byte{byte(sum >> 24), byte(sum >> 16), byte(sum >> 8), byte(sum)})
	line = append(line, `"}`...)
	return append(line, '\n'), nil
}

// lineStatus is what a reader makes of one complete line.
type lineStatus int

const (
	lineBlank   lineStatus = iota // nothing but white space
	lineOK                        // an event, checksum verified or absent
	lineDamaged                   // checksum mismatch, or not an event
)

// decodeLine reads one complete line (its newline removed).
func decodeLine(line []byte, e *Event) lineStatus {
	line = bytes.TrimRight(line, " \t\r")
	if len(bytes.TrimSpace(line)) == 0 {
		return lineBlank
	}
	if n := len(line) - crcSuffix; n > 0 && bytes.HasPrefix(line[n:], []byte(crcPrefix)) && bytes.HasSuffix(line, []byte(`"}`)) {
		var want [4]byte
		if _, err := hex.Decode(want[:], line[n+len(crcPrefix):len(line)-2]); err != nil {
			return lineDamaged
		}
		sum := crc32.Update(crc32.Update(0, castagnoli, line[:n]), castagnoli, []byte("}"))
		if sum != uint32(want[0])<<24|uint32(want[1])<<16|uint32(want[2])<<8|uint32(want[3]) {
			return lineDamaged
		}
		if parseWritten(line[:n], e) {
			return lineOK
		}
	}
	if err := json.Unmarshal(line, e); err != nil || e.Kind == "" {
		return lineDamaged
	}
	return lineOK
}

// parseWritten reads a line this journal wrote, its checksum verified and
// removed along with the closing brace: the members in Event's order
//
//	{"seq":7,"at":"…","kind":"note","data":{…},"key":"…"
//
// without decoding the data (json.RawMessage keeps it as written anyway):
// its end is found by a scan that only tracks strings and nesting, several
// times faster than encoding/json. Anything unexpected (a member a later
// keepcool added, an escaped kind) returns false, and the line is decoded
// the general way.
func parseWritten(b []byte, e *Event) bool {
	b, ok := bytes.CutPrefix(b, []byte(`{"seq":`))
	if !ok {
		return false
	}
	i, seq := 0, 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9' && i < 18; i++ {
		seq = seq*10 + int(b[i]-'0')
	}
	if i == 0 {
		return false
	}
	at, b, ok := plainString(b[i:], `,"at":"`)
	if !ok {
		return false
	}
	t, err := time.Parse(time.RFC3339Nano, string(at))
	if err != nil {
		return false
	}
	kind, b, ok := plainString(b, `,"kind":"`)
	if !ok {
		return false
	}
	var data []byte
	if rest, ok := bytes.CutPrefix(b, []byte(`,"data":`)); ok {
		n := valueEnd(rest)
		if n <= 0 {
			return false
		}
		data, b = rest[:n], rest[n:]
	}
	var key string
	if rest, ok := bytes.CutPrefix(b, []byte(`,"key":`)); ok {
		if n := valueEnd(rest); n != len(rest) || json.Unmarshal(rest, &key) != nil {
			return false
		}
		b = nil
	}
	if len(b) > 0 { // a member this keepcool does not know: the general way
		return false
	}
	*e = Event{Seq: seq, At: t, Kind: internKind(kind), Data: data, Key: key}
	return e.Kind != ""
}

// valueEnd is the length of the JSON value that b starts with, read as far
// as its end and no further, trusting it to be valid (the checksum says this
// journal wrote it); 0 when b ends first.
func valueEnd(b []byte) int {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			// Jump to the string's closing quote, over escapes.
			for i++; i < len(b); i++ {
				j := bytes.IndexAny(b[i:], `"\`)
				if j < 0 {
					return 0
				}
				i += j
				if b[i] == '"' {
					break
				}
				i++ // the escaped byte
			}
			if i >= len(b) {
				return 0
			}
			if depth == 0 {
				return i + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		case ',':
			if depth == 0 { // the end of a number or literal
				return i
			}
		}
	}
	if depth == 0 {
		return len(b)
	}
	return 0
}

// Members calls each with the name and the value, as written, of every
// member of the JSON object b in turn, until each returns false. It reports
// false when b is not an object as json.Marshal writes one (no white space,
// names without escapes): the caller then decodes it the general way. b must
// be valid JSON, as every event's Data is (its line was checked when read,
// or json.Marshal made it), so that a reader can pick a few members out of
// a large event without decoding the rest.
func Members(b []byte, each func(name, value []byte) bool) bool {
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return false
	}
	for b = b[1 : len(b)-1]; len(b) > 0; {
		name, rest, ok := plainString(b, `"`)
		if !ok || len(rest) < 2 || rest[0] != ':' || rest[1] <= ' ' {
			return false
		}
		n := valueEnd(rest[1:])
		if n <= 0 || rest[n] <= ' ' { // rest[n]: the value's last byte
			return false
		}
		if !each(name, rest[1:1+n]) {
			return true
		}
		b = rest[1+n:]
		if len(b) > 0 {
			if b[0] != ',' || len(b) == 1 {
				return false
			}
			b = b[1:]
		}
	}
	return true
}

// internKind is kind as a string, without allocating one for a known kind.
func internKind(kind []byte) string {
	switch string(kind) {
	case KindDeclared:
		return KindDeclared
	case KindNote:
		return KindNote
	case KindPrompted:
		return KindPrompted
	case "message_queued":
		return "message_queued"
	case "delivered":
		return "delivered"
	case "delivery_failed":
		return "delivery_failed"
	}
	return string(kind)
}

// plainString reads member `prefix…"` from the start of b: a string that
// needs no unescaping.
func plainString(b []byte, prefix string) (s, rest []byte, ok bool) {
	b, ok = bytes.CutPrefix(b, []byte(prefix))
	if !ok {
		return nil, nil, false
	}
	end := bytes.IndexByte(b, '"')
	if end < 0 || bytes.IndexByte(b[:end], '\\') >= 0 {
		return nil, nil, false
	}
	return b[:end], b[end+1:], true
}

// Damage is one complete line of a journal that could not be read.
type Damage struct {
	Line int       // 1-based
	Kind string    // the event's kind, when still legible in the bytes
	At   time.Time // when it happened, when still legible
}

// damageOf reads what it can of a damaged line: the kind and time of an
// event are written before its data, so a flipped byte further on leaves
// them legible.
func damageOf(lineNo int, line []byte) Damage {
	d := Damage{Line: lineNo}
	if i := bytes.Index(line, []byte(`"data":`)); i >= 0 {
		line = line[:i]
	}
	if v, ok := stringField(line, "kind"); ok && kindPhrase(v) != "" {
		d.Kind = v
	}
	if v, ok := stringField(line, "at"); ok {
		if at, err := time.Parse(time.RFC3339Nano, v); err == nil {
			d.At = at
		}
	}
	return d
}

// stringField finds "name":"value" in b, for a value without escapes.
func stringField(b []byte, name string) (string, bool) {
	key := []byte(`"` + name + `":"`)
	i := bytes.Index(b, key)
	if i < 0 {
		return "", false
	}
	rest := b[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return "", false
	}
	return string(rest[:j]), true
}

// Sentence says what the damage means to the engineer: "line 7 of the
// journal is damaged and was skipped: a note at 05:02 CET may be missing".
// Times are read against ref (the declaration).
func (d Damage) Sentence(ts timefmt.Style, ref time.Time) string {
	s := fmt.Sprintf("line %d of the journal is damaged and was skipped", d.Line)
	what := kindPhrase(d.Kind)
	switch {
	case what != "" && !d.At.IsZero():
		s += fmt.Sprintf(": %s at %s may be missing", what, ts.Time(d.At, ref))
	case what != "":
		s += fmt.Sprintf(": %s may be missing", what)
	case !d.At.IsZero():
		s += fmt.Sprintf(": whatever happened at %s may be missing", ts.Time(d.At, ref))
	}
	return s
}

// kindPhrase names an event kind for the engineer; "" for an unknown one.
// The outbox's kinds (package updates) are named here by their stored names.
func kindPhrase(kind string) string {
	switch kind {
	case KindDeclared:
		return "the declaration"
	case KindNote:
		return "a note"
	case KindEstimateRevised:
		return "a revised estimate"
	case KindStatusChanged:
		return "a change of status"
	case KindSnoozed:
		return "a snooze"
	case KindPrompted:
		return "a prompt"
	case KindResolved:
		return "the resolution"
	case KindShieldSaved, KindShieldRestored:
		return "a record of the focus shield"
	case "message_queued":
		return "a message to stakeholders"
	case "delivered":
		return "a delivery receipt"
	case "delivery_failed":
		return "a failed delivery"
	}
	return ""
}
