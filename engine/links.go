package engine

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/keepcool/keepcool/channeltype"
)

// checkLinksLocked is checkLinks, and each link must have a channel of
// its type to use it (for a drill, one with drill = true): an engineer who
// names a PagerDuty incident expects updates on it, and would otherwise
// learn only afterwards that nothing was posted there. Callers hold e.mu.
func (e *Engine) checkLinksLocked(links map[string]string, drill bool) (map[string]string, error) {
	out, err := checkLinks(links)
	if err != nil {
		return nil, err
	}
	for typ, id := range out {
		configured, forDrills := false, false
		for _, r := range e.channels {
			if r.Type == typ {
				configured, forDrills = true, forDrills || r.Drill
			}
		}
		switch {
		case !configured:
			return nil, badRequest("--%s %s: no %s channel is configured, so nothing would be posted to that incident; "+
				"add one ([[channel]] type = %q, see the README) or declare without --%s", typ, id, typ, typ, typ)
		case drill && !forDrills:
			return nil, badRequest("--%s %s: no %s channel has drill = true, so this drill would post nothing there; "+
				"set drill = true on one or practise without --%s", typ, id, typ, typ)
		}
	}
	return out, nil
}

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
		id = idInURL(strings.TrimSpace(id))
		if !linkID.MatchString(id) {
			return nil, badRequest("%s id %q: use the id the tool shows (letters, digits, - and _) or the incident's address, "+
				"e.g. PT4KHLK or https://acme.pagerduty.com/incidents/PT4KHLK", typ, id)
		}
		out[typ] = id
	}
	return out, nil
}

// idInURL is the id in an incident's address as the tool shows it
// (https://acme.pagerduty.com/incidents/PT4KHLK, also with a trailing
// /timeline or ?query), which is what an engineer copies from the browser;
// anything else is returned as it is, for linkID to judge.
func idInURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return s
	}
	parts := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/") // an escaped / stays in its segment, and fails linkID
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == "incidents" && linkID.MatchString(parts[i+1]) {
			return parts[i+1]
		}
	}
	return s
}
