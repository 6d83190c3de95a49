package incident

import "maps"

// KindLinked: the incident was linked to its counterpart in another tool
// after the declaration (Linked): by the engineer (`keepcool link
// pagerduty ID`), or by a channel that found it (a PagerDuty incident
// found on the configured service). Stored on disk: never rename it.
const KindLinked = "linked"

// Linked is the data of a KindLinked event: from it on, the incident's
// Links[Type] is ID (a declaration's --pagerduty ID, set or corrected).
type Linked struct {
	Type string `json:"type"` // a channel type: "pagerduty"
	ID   string `json:"id"`   // the id in that tool: "PT4KHLK"
	// Found names the channel that found the id itself (searched on its
	// service); "" when the engineer named it.
	Found string `json:"found,omitempty"`
}

// link sets one link, on a copy of the links: a copy of the state may
// share the map.
func (s *State) link(d Linked) {
	links := maps.Clone(s.Links)
	if links == nil {
		links = map[string]string{}
	}
	links[d.Type] = d.ID
	s.Links = links
}

// Text says what the link did, as the post-mortem's timeline and the
// Timeline window say it: "Linked to pagerduty incident PT4KHLK", and for
// a found one ", which pd found on its service".
func (d Linked) Text() string {
	text := "Linked to " + d.Type + " incident " + d.ID
	if d.Found != "" {
		text += ", which " + d.Found + " found on its service"
	}
	return text
}
