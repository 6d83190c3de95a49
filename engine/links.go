package engine

import (
	"regexp"

	"github.com/keepcool/keepcool/channeltype"
)

// linkID is what an id in another tool may be: PagerDuty's are like
// PT4KHLK; letters, digits, - and _ cover the others keepcool may link.
var linkID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// checkLinks checks a declaration's links to other tools: each names a
// channel type and an id such a channel can use in a URL path.
func checkLinks(links map[string]string) (map[string]string, error) {
	if len(links) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(links))
	for typ, id := range links {
		if _, ok := channeltype.Lookup(typ); !ok {
			return nil, badRequest("link to %q: no channel type of that name", typ)
		}
		if !linkID.MatchString(id) {
			return nil, badRequest("%s id %q: use the id the tool shows (letters, digits, - and _), e.g. --%s PT4KHLK", typ, id, typ)
		}
		out[typ] = id
	}
	return out, nil
}
