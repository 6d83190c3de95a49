package email

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// Outlook threads by Thread-Topic and Thread-Index, not by References.
// Thread-Index is MAPI's PidTagConversationIndex in base64 (MS-OXOMSG
// 2.2.1.3, "ScCreateConversationIndex" in the MAPI reference; the classic
// layout desktop Outlook writes):
//
//   - a 22-byte header block: the top 48 bits of the thread's start as a
//     FILETIME (100 ns ticks since 1601-01-01 UTC, shifted right by 16;
//     its first byte is 0x01 for any date between 1829 and 2057, which is
//     the "reserved byte" the documentation names), then a 16-byte GUID
//     that names the conversation;
//   - one 5-byte child block per reply: 1 bit DC, 31 bits of the time
//     since the header's (FILETIME units shifted right by 18 when DC = 0,
//     which covers about 1.7 years, else by 23), then 8 bits that Outlook
//     fills with 4 random bits and a 4-bit sequence.
//
// keepcool derives every part from the message, never from the clock or
// a random source: the header from the incident's declaration time and a
// GUID hashed from its id, the child's last byte from the message id, so
// a retry or a restart sends the same header. Every update is a reply to
// the declaration (as In-Reply-To and References say), so every update's
// index is the declaration's 22 bytes plus one child block: 27 bytes,
// ordered by the time in the child block.
const (
	headerBlock = 22
	childBlock  = 5
)

// filetimeEpoch is 1601-01-01 in Unix seconds, FILETIME's zero.
const filetimeEpoch = -11644473600

// filetime is t in 100 ns ticks since 1601-01-01 UTC.
func filetime(t time.Time) uint64 {
	return uint64(t.Unix()-filetimeEpoch)*10_000_000 + uint64(t.Nanosecond()/100)
}

// threadIndex is the Thread-Index of m, base64 encoded.
func threadIndex(m updates.Message) string {
	start, key := m.DeclaredAt, "incident\x00"+m.IncidentID
	if start.IsZero() {
		start = m.At
	}
	if m.IncidentID == "" || m.Kind == updates.KindTest {
		start, key = m.At, "message\x00"+m.ID // a test message is a thread of its own
	}
	b := make([]byte, 8, headerBlock+childBlock)
	head := filetime(start) >> 16
	binary.BigEndian.PutUint64(b, head<<16)
	b = append(b[:6], conversationGUID(key)...)
	if threadRoot(m) == "" {
		return base64.StdEncoding.EncodeToString(b)
	}
	return base64.StdEncoding.EncodeToString(append(b, child(head<<16, filetime(m.At), m.ID)...))
}

// conversationGUID is a version 8 (RFC 9562, application-defined) UUID
// hashed from key: the same incident always names the same conversation.
func conversationGUID(key string) []byte {
	sum := sha256.Sum256([]byte("keepcool thread-index\x00" + key))
	g := sum[:16]
	g[6] = g[6]&0x0f | 0x80
	g[8] = g[8]&0x3f | 0x80
	return g
}

// child is the 5-byte block of a reply made at now to a thread started
// at start (both FILETIMEs). A reply stamped before the thread's start
// (a clock step) counts as made at the start.
func child(start, now uint64, id string) []byte {
	var delta uint64
	if now > start {
		delta = now - start
	}
	var v uint32
	if delta < 1<<49 {
		v = uint32(delta >> 18) // DC = 0
	} else {
		v = 1<<31 | uint32(min(delta>>23, 1<<31-1)) // DC = 1
	}
	sum := sha256.Sum256([]byte("keepcool child\x00" + id))
	out := binary.BigEndian.AppendUint32(nil, v)
	return append(out, sum[0])
}
