package engine

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/keepcool/keepcool/channeltype"
)

// checkLinksLocked is checkLinks, and each link must have a channel to use
// it (linkTargetsLocked). Callers hold e.mu.
func (e *Engine) checkLinksLocked(links map[string]string, drill bool) (map[string]string, error) {
	out, err := checkLinks(links)
	if err != nil {
		return nil, err
	}
	for typ, id := range out {
		if err := e.linkTargetsLocked(typ, id, drill); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// linkTargetsLocked refuses a link to typ's incident id that no channel
// would post to (for a drill, no channel of that type has drill = true):
// an engineer who names a PagerDuty incident, at the declaration or with
// `keepcool link`, expects updates on it, and would otherwise learn only
// afterwards that nothing was posted there. Its words name no flag: the
// Declare window shows them too. Callers hold e.mu.
func (e *Engine) linkTargetsLocked(typ, id string, drill bool) error {
	if len(e.linkTargetsOfLocked(typ, drill)) > 0 {
		return nil
	}
	var names []string
	for _, r := range e.channels {
		if r.Type == typ {
			names = append(names, r.Channel.Name())
		}
	}
	if len(names) == 0 {
		return badRequest("%s incident %s: no %s channel is configured, so nothing would be posted to it; "+
			"add one ([[channel]] type = %q, see the README) and name the incident again, or go on without it", typ, id, typ, typ)
	}
	return badRequest("%s incident %s: no %s channel has drill = true, so this drill would post nothing there; "+
		"set drill = true on %s and name the incident again, or practise without it", typ, id, typ, strings.Join(names, " or "))
}

// linkTargetsOfLocked names the channels that would post to a link of
// type typ, for an incident that is a drill (or not). Callers hold e.mu.
func (e *Engine) linkTargetsOfLocked(typ string, drill bool) []string {
	var names []string
	for _, r := range e.channels {
		if takes(r, drill) && r.Type == typ {
			names = append(names, r.Channel.Name())
		}
	}
	return names
}

// linkTypes are the channel types a link may name (channeltype's Links).
func linkTypes() []string {
	var out []string
	for _, t := range channeltype.Types() {
		if t.Links {
			out = append(out, t.Name)
		}
	}
	return out
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
		t, ok := channeltype.Lookup(typ)
		if !ok {
			return nil, badRequest("link to %q: no channel type of that name", typ)
		}
		if !t.Links {
			return nil, badRequest("link to %s: %s channels do not post to an incident in another tool, so a link would reach no one; "+
				"link the incident in %s", typ, typ, strings.Join(linkTypes(), " or "))
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
