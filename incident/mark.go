package incident

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// Mark is a point in a journal: the end of its first Size bytes, after
// event Seq, with the CRC-32C of those bytes. A reader that kept what it
// made of a journal up to a mark (a snapshot) reads only what comes after
// it (LoadJournalFrom). The checksum covers every byte before the mark, so
// a journal cut, damaged or written over since is told at once (a 12 MB
// journal is checksummed in a few milliseconds): the journal is the truth,
// and a snapshot that no longer matches it is not used.
type Mark struct {
	Size int64  `json:"size"`
	Seq  int    `json:"seq"`
	CRC  uint32 `json:"crc"`
}

// Mark is where c ends: its complete lines.
func (c Contents) Mark() Mark { return Mark{Size: c.size, Seq: c.seq, CRC: c.crc} }

// ErrMarkMismatch says a journal does not hold, before a mark, the bytes
// the mark was taken of.
var ErrMarkMismatch = errors.New("the journal does not match the mark")

// LoadJournalFrom reads what a journal holds after m, as LoadJournal reads
// a whole one: Events are the events after m, and the Contents can be
// passed to ReopenJournal. It fails with ErrMarkMismatch when the journal's
// first m.Size bytes are not the ones m was taken of.
func LoadJournalFrom(path string, m Mark) (Contents, error) {
	f, st, err := openToRead(path)
	if err != nil {
		return Contents{}, err
	}
	defer f.Close()
	if m.Size <= 0 || st.Size() < m.Size {
		return Contents{}, ErrMarkMismatch
	}
	// The prefix is checked in pieces: nothing the size of the journal is
	// held at once.
	buf := make([]byte, 256<<10)
	var sum uint32
	for off := int64(0); off < m.Size; {
		n, err := f.ReadAt(buf[:min(int64(len(buf)), m.Size-off)], off)
		sum = crc32.Update(sum, castagnoli, buf[:n])
		off += int64(n)
		if err != nil && !(errors.Is(err, io.EOF) && off == m.Size) {
			return Contents{}, fmt.Errorf("read journal %s: %w", path, err)
		}
	}
	if sum != m.CRC {
		return Contents{}, ErrMarkMismatch
	}
	b := make([]byte, st.Size()-m.Size)
	n, err := f.ReadAt(b, m.Size)
	if err != nil && !errors.Is(err, io.EOF) {
		return Contents{}, fmt.Errorf("read journal %s: %w", path, err)
	}
	b = b[:n]
	c := replay(b, path+" (after its snapshot)")
	c.crc = crc32.Update(m.CRC, castagnoli, b[:c.size])
	c.size += m.Size
	if len(c.Events) == 0 {
		c.seq = m.Seq
	}
	c.ModTime = st.ModTime()
	return c, nil
}
