package drill

import (
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// lineIndex finds where a scenario's keys and [[event]] tables are
// written: BurntSushi/toml keeps key positions to itself. A scenario's
// shape is flat (top-level keys, then [[event]] tables), so a scan of its
// lines is enough.
type lineIndex struct {
	keys   map[string]int // "title", "event.2.kind" (0-based event)
	events []int          // line of each [[event]] header
	offset int
}

func newLines(src []byte, offset int) lineIndex {
	li := lineIndex{keys: map[string]int{}, offset: offset}
	prefix := ""
	for i, text := range strings.Split(string(src), "\n") {
		line := strings.TrimSpace(text)
		switch {
		case strings.HasPrefix(line, "[[") && strings.Contains(line, "event"):
			li.events = append(li.events, i+1)
			prefix = "event." + strconv.Itoa(len(li.events)-1) + "."
		case strings.HasPrefix(line, "["):
			prefix = strings.Trim(line, "[] ") + "."
		default:
			if k, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
				key := prefix + strings.Trim(strings.TrimSpace(k), `"'`)
				if _, dup := li.keys[key]; !dup {
					li.keys[key] = i + 1
				}
			}
		}
	}
	return li
}

// key is the line of a decoded key (1 when not found), counted in the file.
func (li lineIndex) key(k toml.Key) int {
	path := k.String()
	if len(k) >= 1 && k[0] == "event" {
		// toml.Key does not number array tables: find the key in any event.
		for i := range li.events {
			if n, ok := li.keys["event."+strconv.Itoa(i)+"."+strings.Join(k[1:], ".")]; ok {
				return n + li.offset
			}
		}
	}
	if n, ok := li.keys[path]; ok {
		return n + li.offset
	}
	return 1 + li.offset
}

// eventKey is the line of key in the i-th [[event]] table, else of its
// header ("" asks for the header's), counted in the file.
func (li lineIndex) eventKey(i int, key string) int {
	if n, ok := li.keys["event."+strconv.Itoa(i)+"."+key]; ok && key != "" {
		return n + li.offset
	}
	return li.event(i)
}

// event is the line of the i-th [[event]] header, counted in the file.
func (li lineIndex) event(i int) int {
	if i < len(li.events) {
		return li.events[i] + li.offset
	}
	return 1 + li.offset
}
