package updates

// How a channel's log owes and settles messages: in source order, by
// sequence number, without keeping every settled id.

import (
	"slices"
	"strconv"
	"strings"
)

// enqueue owes message i in source order.
func (c *ChannelLog) enqueue(l *Ledger, i int) {
	seq := l.Messages[i].seq
	c.unordered = c.unordered || seq < 0
	at := len(c.owed)
	for seq >= 0 && at > 0 {
		if prev := l.Messages[c.owed[at-1]].seq; prev < 0 || prev <= seq {
			break
		}
		at--
	}
	c.owed = slices.Insert(c.owed, at, i)
}

// settle records an outcome for message id: it and every owed message
// before it are owed no more, those before it counted as delivered. It
// reports whether id itself was new (not settled before): the caller
// counts its outcome.
func (c *ChannelLog) settle(l *Ledger, id string) bool {
	seq, ok := MessageSeq(id)
	if !c.markSettled(id, seq, ok) {
		return false
	}
	if ok && !c.unordered {
		c.settleOrdered(l, id, seq)
	} else {
		c.settleAny(l, id, seq, ok)
	}
	if ok && seq > c.upTo {
		c.upTo = seq
	}
	return true
}

// settleOrdered is settle's work when every owed message has a seq, so
// that they are in seq order: the ones before id are a prefix, and id
// follows them. A journal holds thousands of messages owed at once when
// notes come faster than a channel takes them, and a pass over all of them
// per outcome took minutes at a start.
func (c *ChannelLog) settleOrdered(l *Ledger, id string, seq int) {
	n := 0
	for n < len(c.owed) && l.Messages[c.owed[n]].seq < seq {
		m := &l.Messages[c.owed[n]]
		c.markSettled(m.ID, m.seq, true)
		c.Delivered++
		n++
	}
	c.owed = c.owed[n:]
	for i := 0; i < len(c.owed) && l.Messages[c.owed[i]].seq == seq; {
		if l.Messages[c.owed[i]].ID == id {
			c.owed = slices.Delete(c.owed, i, i+1)
		} else {
			i++
		}
	}
}

// settleAny is settle's work on owed messages in any order.
func (c *ChannelLog) settleAny(l *Ledger, id string, seq int, ok bool) {
	kept := c.owed[:0]
	for _, i := range c.owed {
		m := &l.Messages[i]
		switch {
		case m.ID == id:
		case ok && m.seq >= 0 && m.seq < seq:
			c.markSettled(m.ID, m.seq, true)
			c.Delivered++
		default:
			kept = append(kept, i)
		}
	}
	c.owed = kept
}

// markSettled notes an outcome for message id (seq its source event's,
// when ok) and reports whether it is the first.
func (c *ChannelLog) markSettled(id string, seq int, ok bool) bool {
	if !ok || seq < 0 || seq > maxSeqSet {
		if c.settledIDs[id] {
			return false
		}
		c.settledIDs[id] = true
		return true
	}
	if c.settled.has(seq) {
		return false
	}
	c.settled.add(seq)
	return true
}

// seqSet is a set of journal seqs, one bit each: an incident's seqs are
// dense from 1.
type seqSet []uint64

// maxSeqSet bounds a seqSet (2 MB); a larger seq goes to settledIDs.
const maxSeqSet = 1 << 24

func (s seqSet) has(n int) bool { return n >= 0 && n>>6 < len(s) && s[n>>6]&(1<<(n&63)) != 0 }

func (s *seqSet) add(n int) {
	for len(*s) <= n>>6 {
		*s = append(*s, 0)
	}
	(*s)[n>>6] |= 1 << (n & 63)
}

// MessageSeq is the journal seq of the event a message was made from: its
// ID is "<incident id>/<seq>". ok is false for other IDs (a test message).
func MessageSeq(id string) (seq int, ok bool) {
	i := strings.LastIndexByte(id, '/')
	if i < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(id[i+1:])
	return n, err == nil
}
