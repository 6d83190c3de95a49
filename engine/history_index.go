package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/postmortem"
)

// The history index (incidents/index.json) keeps each past incident's
// history line beside the size and modification time its journal had when
// the line was made. A journal whose size or time differs is replayed
// again; one that is gone drops out. The live incident is never indexed:
// it comes from memory. The index is a cache: a missing or damaged one
// only costs a replay of every journal, after which it is written again.
const indexFile = "index.json"

// indexVersion is the shape of the lines the index keeps. An index of
// another version is read as empty, so every line is made again: version 2
// lines carry the post-mortem figures and the scenario, which lines made
// before (version 1: the index was the bare map) lack.
const indexVersion = 2

// indexJSON is index.json. Figures is the postmortem.FiguresVersion its
// lines' figures were computed with: an index of another one is read as
// empty too, so figures follow a change in how they are worked out.
type indexJSON struct {
	Version int          `json:"version"`
	Figures int          `json:"figures_version"`
	Entries historyIndex `json:"entries"`
}

// historyCache keeps the index in memory between history requests:
// reading and decoding index.json was most of one. Each journal's stamp is
// still checked on every request, so a journal changed behind keepcool's
// back is read again.
type historyCache struct {
	mu   sync.Mutex
	idx  historyIndex // nil until the first request
	size atomic.Int64 // the last answer's length, to size the next
	// live is the live incident's line and liveID its id: its journal
	// grows with every note, so it stays out of the index.
	live   indexed
	liveID string
}

// stamp is what says a journal changed.
type stamp struct {
	Size    int64 `json:"size"`
	ModTime int64 `json:"mtime_ns"`
}

// indexed is one incident's history line (an api.HistoryEntry as the API
// sends it: kept as JSON, it is neither decoded nor encoded again) and the
// journal it was made from.
type indexed struct {
	Stamp stamp           `json:"journal"`
	Entry json.RawMessage `json:"entry"`
	// decoded is Entry decoded, once something needed it (calibration):
	// kept in memory only.
	decoded *api.HistoryEntry
}

// historyIndex maps an incident's id to its line.
type historyIndex map[string]indexed

func journalStamp(path string) (stamp, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{}, err
	}
	return stamp{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}, nil
}

// readIndex reads the index in dir; a missing or unreadable one is empty.
func readIndex(dir string) historyIndex {
	b, err := os.ReadFile(filepath.Join(dir, indexFile))
	if err != nil {
		return historyIndex{}
	}
	var f indexJSON
	if json.Unmarshal(b, &f) != nil || f.Version != indexVersion || f.Figures != postmortem.FiguresVersion || f.Entries == nil {
		return historyIndex{}
	}
	return f.Entries
}

// same reports whether idx holds the same journals, unchanged.
func (idx historyIndex) same(old historyIndex) bool {
	if len(idx) != len(old) {
		return false
	}
	for id, v := range idx {
		if o, ok := old[id]; !ok || o.Stamp != v.Stamp {
			return false
		}
	}
	return true
}

// write replaces the index in dir atomically. A failure is logged and
// otherwise ignored: history is still right, only slower next time.
func (idx historyIndex) write(dir string, logf func(string, ...any)) {
	b, err := json.Marshal(indexJSON{Version: indexVersion, Figures: postmortem.FiguresVersion, Entries: idx})
	if err == nil {
		err = writeFileAtomic(filepath.Join(dir, indexFile), b)
	}
	if err != nil {
		logf("history index not saved (history stays right, only slower): %v", err)
	}
}
