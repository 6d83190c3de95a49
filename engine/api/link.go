package api

// PathLink (POST LinkRequest) links the active incident to its
// counterpart in another tool, after the declaration, and answers with
// the incident (Incident). 400: no active incident, no channel of that
// type (for a drill: none with drill = true), or an id that is not one.
const PathLink = "/v1/link"

// LinkRequest names, or corrects, the active incident's counterpart in a
// tool keepcool posts to: Type a channel type ("pagerduty"), ID its id
// there ("PT4KHLK") or the address the tool shows for it
// (https://acme.pagerduty.com/incidents/PT4KHLK). Channels of that type
// post to it from the next message on, starting with one that sums the
// incident up (`keepcool link pagerduty ID`).
type LinkRequest struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Key  string `json:"key,omitempty"` // idempotency key, as StartRequest.Key
}
